package org.kfrelax.rl;

import org.kfrelax.gym.Env;

/** Builds the agent for a config's {@link AgentConfig#algo()}. */
public final class Agents {
    private Agents() {}

    /**
     * A new agent for {@code env} (a discrete-action env for a2c, acktr, relax, kf-relax; a
     * continuous one for lax, kf-lax).
     *
     * @throws IllegalArgumentException if the algorithm does not fit the action space ({@link Algorithm#checkActionSpace})
     */
    @SuppressWarnings("unchecked")
    public static Agent<?> create(AgentConfig config, Env<?> env, long seed) {
        config.algo().checkActionSpace(env);
        return switch (config.algo()) {
            case A2C, ACKTR -> new A2c((Env<Integer>) env, config, seed);
            case RELAX, KF_RELAX -> new Relax((Env<Integer>) env, config, seed);
            case LAX, KF_LAX -> new Lax((Env<float[]>) env, config, seed);
        };
    }
}
