package org.kfrelax.gym.box2d;

import java.util.List;
import org.kfrelax.gym.StepResult;
import org.kfrelax.random.Rng;

/**
 * The physics, reward and termination of Gymnasium's {@code LunarLander-v3}, shared by the
 * discrete ({@link LunarLander}) and continuous ({@link LunarLanderContinuous}) environments,
 * which only translate their actions into engine powers. The formulas are on the implementation,
 * {@link org.kfrelax.gym.box2d.physics.LunarLanderWorld}, which runs on a JBox2D edited to compute
 * what pybox2d's Box2D 2.3 computes, in a class loader of its own ({@link IsolatedJBox2d}); so this
 * interface speaks only plain Java and kfrelax types.
 */
public interface LunarLanderSim {
    /** Pixels per Box2D unit. */
    double SCALE = 30.0;
    /** Viewport width in pixels (the world is {@code VIEWPORT_W / SCALE} = 20 units wide). */
    int VIEWPORT_W = 600;
    /** Viewport height in pixels. */
    int VIEWPORT_H = 400;
    /** Number of terrain points. */
    int CHUNKS = 11;

    /** A new simulation on the patched JBox2D that every LunarLander in this JVM shares. */
    static LunarLanderSim create(LunarLanderOptions options) {
        return IsolatedJBox2d.standard().newSim(options);
    }

    LunarLanderOptions options();

    /**
     * Builds a fresh world (terrain, lander, legs) from the draws of {@code rng}, then performs
     * Gymnasium's closing {@code step(0)} (no engine) and returns its result.
     */
    StepResult reset(Rng rng);

    /**
     * One environment step with the given engine powers.
     *
     * @param mainPower 0 (main engine off) or the throttle in [0.5, 1]
     * @param sidePower 0 (side engines off) or the throttle in [0.5, 1]
     * @param direction -1 fires the left orientation engine, +1 the right one (ignored when
     *                  {@code sidePower} is 0)
     */
    StepResult step(double mainPower, double sidePower, int direction);

    /** Whether {@link #reset} has built a world. */
    boolean isReset();

    /** Whether leg {@code i} (0 = left, 1 = right) touches the ground. */
    boolean legContact(int i);

    /** Whether the lander hull has touched the ground in this episode. */
    boolean gameOver();

    /** Whether engine firings create exhaust particles (Gymnasium does so only when rendering). */
    void setParticlesEnabled(boolean enabled);

    boolean particlesEnabled();

    /** Ages every particle by one rendered frame (ttl -= 0.15) and removes the expired ones. */
    void ageParticles();

    /** The exhaust particles, oldest first, each {@code {x, y, radius, ttl}} (world units). */
    List<double[]> particles();

    /**
     * The lander hull and its two legs, each as its polygon's vertices in world coordinates
     * {@code {x0, y0, x1, y1, ...}}.
     */
    List<double[]> landerPolygons();

    /** The x coordinate of terrain point {@code i} (0 ≤ i &lt; {@link #CHUNKS}). */
    double terrainX(int i);

    /** The height of terrain point {@code i}. */
    double terrainY(int i);

    double helipadX1();

    double helipadX2();

    double helipadY();

    /** The wind index {@code k} of the next windy step (meaningful only with wind enabled). */
    long windIndex();

    /** The turbulence index {@code j} of the next windy step (meaningful only with wind enabled). */
    long torqueIndex();
}
