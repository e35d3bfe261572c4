package org.kfrelax.gym;

import org.kfrelax.random.Rng;

/** An observation or action space. */
public interface Space<T> {
    /** Whether {@code x} is a valid element (NaN is never contained). */
    boolean contains(T x);

    /** A uniformly random element, drawn from {@code rng}. */
    T sample(Rng rng);
}
