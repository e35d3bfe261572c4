package org.kfrelax.gym;

import java.util.function.Supplier;

/**
 * A registered environment: its id, the {@link TimeLimit} step limit, the reward threshold
 * at which it counts as solved (null if none), and how to build the raw environment.
 *
 * @param id registered id, e.g. {@code "CartPole-v1"}
 * @param maxEpisodeSteps the step limit applied by {@link Gym#make}
 * @param rewardThreshold average return that counts as solved, or null
 * @param factory builds a fresh unwrapped environment
 */
public record EnvSpec(String id, int maxEpisodeSteps, Double rewardThreshold, Supplier<Env<?>> factory) {

    /** Builds a fresh unwrapped environment (no time limit, no checks). */
    public Env<?> makeRaw() {
        return factory.get();
    }

    /** The observation space (builds a throw-away instance). */
    public Box observationSpace() {
        try (Env<?> e = makeRaw()) {
            return e.observationSpace();
        }
    }

    /** The action space (builds a throw-away instance). */
    public Space<?> actionSpace() {
        try (Env<?> e = makeRaw()) {
            return e.actionSpace();
        }
    }
}
