package org.kfrelax.gym.box2d;

import java.util.Map;
import org.kfrelax.gym.Box;
import org.kfrelax.gym.AbstractEnv;
import org.kfrelax.gym.Frame;
import org.kfrelax.gym.ResetResult;
import org.kfrelax.gym.StepResult;

/**
 * What the discrete and continuous LunarLander environments share: seeding, the episode
 * state checks, the observation space and rendering. Subclasses turn their action into
 * engine powers and call {@link #advance}.
 *
 * <p>Seeding follows Gymnasium ({@link AbstractEnv}): {@code reset(seed)} replaces the generator
 * with {@code default_rng(seed)}; {@code reset()} continues the current stream.
 *
 * @param <A> action type
 */
public abstract class LunarLanderBase<A> extends AbstractEnv<A> {
    /** v3 bounds: positions ±2.5, velocities ±10, angle ±2π, angular velocity ±10, contacts 0/1. */
    private static final Box OBSERVATION_SPACE = new Box(
            new float[] {-2.5f, -2.5f, -10f, -10f, (float) (-2 * Math.PI), -10f, -0f, -0f},
            new float[] {2.5f, 2.5f, 10f, 10f, (float) (2 * Math.PI), 10f, 1f, 1f});

    private final LunarLanderSim sim;
    private boolean episodeOver;

    protected LunarLanderBase(LunarLanderOptions options) {
        this(LunarLanderSim.create(options));
    }

    /** An environment on the given simulation (tests use simulations with other JBox2D edits). */
    LunarLanderBase(LunarLanderSim sim) {
        if (sim == null) {
            throw new IllegalArgumentException("sim must not be null");
        }
        this.sim = sim;
    }

    /** The simulation (terrain, bodies, contacts) behind this environment. */
    public LunarLanderSim sim() {
        return sim;
    }

    /** The options this environment was made with. */
    public LunarLanderOptions options() {
        return sim.options();
    }

    @Override
    public Box observationSpace() {
        return OBSERVATION_SPACE;
    }

    /** Rebuilds the world from {@link #npRandom()} (Gymnasium's reset, including its {@code step(0)}). */
    @Override
    protected ResetResult resetState() {
        StepResult first = sim.reset(npRandom());
        episodeOver = false;
        return new ResetResult(first.observation(), Map.of());
    }

    /** Checks the episode state; throws if stepping is not allowed now. */
    protected final void checkCanStep() {
        if (!sim.isReset()) {
            throw new IllegalStateException(id() + ": call reset() before step()");
        }
        if (episodeOver) {
            throw new IllegalStateException(id() + ": the episode has terminated; call reset() before step()");
        }
    }

    /** Runs one step with validated engine powers (see {@link LunarLanderSim#step}). */
    protected final StepResult advance(double mainPower, double sidePower, int direction) {
        StepResult r = sim.step(mainPower, sidePower, direction);
        episodeOver = r.terminated();
        return r;
    }

    /**
     * Draws the current state (600x400, Gymnasium's colours). The first call switches on the
     * exhaust particles, as Gymnasium creates them only in a render mode; each call ages them
     * by one frame. Particles never touch the lander, so rendering does not change trajectories.
     */
    @Override
    public Frame render() {
        if (!sim.isReset()) {
            throw new IllegalStateException(id() + ": call reset() before render()");
        }
        sim.setParticlesEnabled(true);
        sim.ageParticles();
        return LunarLanderRenderer.render(sim);
    }
}
