package org.kfrelax.gym;

import org.kfrelax.random.Pcg64;
import org.kfrelax.random.Rng;
import org.kfrelax.random.SeedSequence;

/**
 * Uniformly random actions from the action space ({@link Space#sample}), drawn from a
 * generator of its own.
 *
 * @param <A> action type
 */
public final class RandomPolicy<A> implements ActionPolicy<A> {
    private final Space<A> space;
    private final Rng rng;

    public RandomPolicy(Space<A> space, Rng rng) {
        this.space = space;
        this.rng = rng;
    }

    /**
     * A random policy for runs seeded with {@code seed}: its generator is PCG64 seeded with
     * the entropy words {@code (seed, 1)}, so it is independent of the environment's
     * {@code default_rng(seed)} stream.
     */
    public static <A> RandomPolicy<A> forSeed(Space<A> space, long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException("seed must be a non-negative integer, got " + seed);
        }
        return new RandomPolicy<>(space, new Pcg64(new SeedSequence(new int[] {(int) seed, (int) (seed >>> 32), 1})));
    }

    @Override
    public A act(float[] observation) {
        return space.sample(rng);
    }
}
