package org.kfrelax.rl;

import org.kfrelax.random.Pcg64;
import org.kfrelax.random.SeedSequence;

/**
 * A run's random streams: one generator per consumer, each a child of {@code SeedSequence(seed)}
 * spawned as numpy's {@code SeedSequence.spawn} does, so a change in how many numbers one
 * consumer draws leaves every other consumer's numbers unchanged.
 * <pre>
 *   child 0  init    network initialization
 *   child 1  action  action sampling: the uniforms of the Gumbel-max draw, the Gaussian action noise
 *   child 2  noise   estimator noise: RELAX's conditional-sample uniforms (LAX's ε is the action noise)
 *   child 3  fisher  K-FAC's sampled Fisher targets (policy, value, Gauss-Newton surrogate)
 * </pre>
 * In numpy: {@code [PCG64(c) for c in SeedSequence(seed).spawn(4)]}. The environment is not a
 * child: Gymnasium's {@code reset(seed=seed)} seeds it with {@code PCG64(SeedSequence(seed))},
 * the root sequence's generator, which is independent of the children (as the parent's generator
 * is in numpy's {@code Generator.spawn}).
 */
record RandomStreams(Pcg64 init, Pcg64 action, Pcg64 noise, Pcg64 fisher) {

    /** The four children of {@code SeedSequence(seed)}. */
    static RandomStreams of(long seed) {
        SeedSequence[] c = new SeedSequence(seed).spawn(4);
        return new RandomStreams(new Pcg64(c[0]), new Pcg64(c[1]), new Pcg64(c[2]), new Pcg64(c[3]));
    }
}
