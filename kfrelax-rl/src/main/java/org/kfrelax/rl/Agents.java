package org.kfrelax.rl;

import org.kfrelax.gym.Env;

/** Builds the agent for a config's {@link AgentConfig#algo()}. */
public final class Agents {
    private Agents() {}

    /**
     * A new agent for {@code env} (a discrete-action env for a2c, acktr, relax, kf-relax; a
     * continuous one for lax, kf-lax), typed by the env's action type: an
     * {@code Env<Integer>} gives an {@code Agent<Integer>}, an {@code Env<float[]>} an
     * {@code Agent<float[]>} (as {@code Gym.makeDiscrete}, {@code Gym.makeContinuous} type them).
     *
     * @throws IllegalArgumentException if the algorithm does not fit the action space ({@link Algorithm#checkActionSpace})
     */
    @SuppressWarnings("unchecked")   // checkActionSpace: Discrete spaces hold Integer actions, Box spaces float[]
    public static <A> Agent<A> create(AgentConfig config, Env<A> env, long seed) {
        config.algo().checkActionSpace(env);
        Agent<?> agent = switch (config.algo()) {
            case A2C, ACKTR -> new A2c((Env<Integer>) env, config, seed);
            case RELAX, KF_RELAX -> new Relax((Env<Integer>) env, config, seed);
            case LAX, KF_LAX -> new Lax((Env<float[]>) env, config, seed);
        };
        return (Agent<A>) agent;
    }
}
