package org.kfrelax.rl;

import org.kfrelax.gym.Env;

/** Builds the agent named by a config's {@link AgentConfig#algo()}. */
public final class Agents {
    private Agents() {}

    /**
     * A new agent for {@code env} (a discrete-action env for a2c, acktr, relax, kf-relax; a
     * continuous one for lax, kf-lax).
     *
     * @throws IllegalArgumentException if the algorithm does not fit the action space
     */
    @SuppressWarnings("unchecked")
    public static Agent<?> create(AgentConfig config, Env<?> env, long seed) {
        return switch (config.algo()) {
            case "a2c" -> new A2c((Env<Integer>) discrete(env, config), config, seed, false);
            case "acktr" -> new A2c((Env<Integer>) discrete(env, config), config, seed, true);
            case "relax" -> new Relax((Env<Integer>) discrete(env, config), config, seed, false);
            case "kf-relax" -> new Relax((Env<Integer>) discrete(env, config), config, seed, true);
            case "lax" -> new Lax((Env<float[]>) continuous(env, config), config, seed, false);
            case "kf-lax" -> new Lax((Env<float[]>) continuous(env, config), config, seed, true);
            default -> throw new IllegalArgumentException("algo '" + config.algo() + "' is not implemented yet");
        };
    }

    private static Env<?> continuous(Env<?> env, AgentConfig config) {
        if (!(env.actionSpace() instanceof org.kfrelax.gym.Box)) {
            throw new IllegalArgumentException(config.algo() + " needs a continuous action space, but " + env.id()
                    + " has " + env.actionSpace() + " (use a2c, acktr, relax or kf-relax)");
        }
        return env;
    }

    private static Env<?> discrete(Env<?> env, AgentConfig config) {
        if (!(env.actionSpace() instanceof org.kfrelax.gym.Discrete)) {
            throw new IllegalArgumentException(config.algo() + " needs a discrete action space, but " + env.id()
                    + " has " + env.actionSpace() + " (use lax or kf-lax)");
        }
        return env;
    }
}
