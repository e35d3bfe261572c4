package org.kfrelax.gym;

/**
 * Chooses an action from an observation: what rollouts and {@code kfrelax render} drive an
 * environment with (random, heuristic, or a trained agent loaded from a checkpoint).
 *
 * @param <A> action type
 */
@FunctionalInterface
public interface ActionPolicy<A> {

    /** The action to take after seeing {@code observation}. */
    A act(float[] observation);

    /** Called at the start of every episode (stateless policies ignore it). */
    default void reset() {}
}
