package org.kfrelax.gym.box2d;

import org.kfrelax.gym.Discrete;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.Space;
import org.kfrelax.gym.StepResult;

/**
 * Gymnasium's {@code LunarLander-v3} with discrete actions: 0 no-op, 1 fire the left
 * orientation engine, 2 fire the main engine, 3 fire the right orientation engine. Physics,
 * reward and termination are in {@link LunarLanderSim}; observation bounds, seeding and
 * rendering in {@link LunarLanderBase}. The registered time limit (1000 steps) is the
 * registry's {@code TimeLimit} wrapper's job; this class never truncates.
 */
public final class LunarLander extends LunarLanderBase<Integer> {
    private static final Discrete ACTION_SPACE = new Discrete(4);

    /** Gymnasium's defaults (gravity -10, no wind). */
    public LunarLander() {
        this(LunarLanderOptions.defaults());
    }

    public LunarLander(LunarLanderOptions options) {
        super(options);
    }

    /** On the given simulation (for tests). */
    LunarLander(LunarLanderSim sim) {
        super(sim);
    }

    /**
     * {@code gym.make("LunarLander-v3", continuous=continuous)}: a {@link LunarLander}
     * ({@code Env<Integer>}) or a {@link LunarLanderContinuous} ({@code Env<float[]>}).
     */
    public static Env<?> create(boolean continuous) {
        return create(continuous, LunarLanderOptions.defaults());
    }

    /** As {@link #create(boolean)} with the given options. */
    public static Env<?> create(boolean continuous, LunarLanderOptions options) {
        return continuous ? new LunarLanderContinuous(options) : new LunarLander(options);
    }

    @Override
    public String id() {
        return "LunarLander-v3";
    }

    @Override
    public Space<Integer> actionSpace() {
        return ACTION_SPACE;
    }

    @Override
    public StepResult step(Integer action) {
        checkCanStep();
        if (action == null || action < 0 || action > 3) {
            throw new IllegalArgumentException(id() + ": action must be 0, 1, 2 or 3, got " + action);
        }
        int a = action;
        double mainPower = a == 2 ? 1.0 : 0.0;
        double sidePower = a == 1 || a == 3 ? 1.0 : 0.0;
        return advance(mainPower, sidePower, a - 2);
    }
}
