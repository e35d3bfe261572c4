package org.kfrelax.gym;

import org.kfrelax.random.Pcg64;

/**
 * Seeding shared by the environments, as Gymnasium's {@code Env.reset(seed=...)}: a seed
 * replaces the generator by {@code np.random.default_rng(seed)} ({@link Pcg64}); a reset
 * without seed continues the current stream, or seeds from OS entropy the first time.
 *
 * @param <A> action type
 */
public abstract class AbstractEnv<A> implements Env<A> {
    private Pcg64 npRandom;

    @Override
    public final ResetResult reset(long seed) {
        npRandom = new Pcg64(seed);
        return resetState();
    }

    @Override
    public final ResetResult reset() {
        if (npRandom == null) {
            npRandom = Pcg64.fromEntropy();
        }
        return resetState();
    }

    /** Draws the initial state from {@link #npRandom()} and returns the first observation. */
    protected abstract ResetResult resetState();

    @Override
    public Pcg64 npRandom() {
        if (npRandom == null) {
            npRandom = Pcg64.fromEntropy();
        }
        return npRandom;
    }

    @Override
    public String toString() {
        return id();
    }
}
