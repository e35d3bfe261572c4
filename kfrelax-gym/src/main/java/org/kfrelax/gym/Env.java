package org.kfrelax.gym;

import org.kfrelax.random.Rng;

/**
 * An environment with Gymnasium's API: {@code reset(seed)} and
 * {@code step(a) -> (obs, reward, terminated, truncated, info)}.
 *
 * <p>Observations are float32 vectors, as Gymnasium returns them. {@code A} is the action
 * type: {@code Integer} for {@link Discrete} action spaces, {@code float[]} for {@link Box}.
 *
 * @param <A> action type
 */
public interface Env<A> extends AutoCloseable {

    /** The registered id, e.g. {@code "CartPole-v1"}. */
    String id();

    Box observationSpace();

    Space<A> actionSpace();

    /** Re-seeds the environment's generator exactly as Gymnasium's {@code reset(seed=seed)}. */
    ResetResult reset(long seed);

    /** Continues the environment's current random stream (Gymnasium's {@code reset()}). */
    ResetResult reset();

    /**
     * Advances one step.
     *
     * @throws IllegalArgumentException if the action is not in the action space (or is NaN)
     * @throws IllegalStateException if called before reset or after the episode ended
     */
    StepResult step(A action);

    /** The environment's own generator (the one {@code reset(seed)} re-seeds). */
    Rng npRandom();

    /** Draws one frame as packed RGB pixels (row-major, 0xRRGGBB), in the reference's style. */
    Frame render();

    /** The innermost environment under any wrappers (this environment if it is not a wrapper). */
    default Env<A> unwrapped() {
        return this;
    }

    @Override
    default void close() {}
}
