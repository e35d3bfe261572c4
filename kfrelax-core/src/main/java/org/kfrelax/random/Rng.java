package org.kfrelax.random;

/**
 * A seedable source of random numbers. Implementations are not thread-safe: give each
 * training run (each thread) its own generator.
 *
 * <p>The primitive is {@link #nextLong()} (64 random bits); {@link #nextDouble()} maps it to
 * [0, 1) as numpy does ({@code (bits >>> 11) * 2^-53}), so a PCG64 implementation of this
 * interface reproduces numpy's {@code Generator.random()} exactly.
 */
public interface Rng {

    /** 64 uniformly random bits. */
    long nextLong();

    /** Uniform on [0, 1), 53 bits of precision: {@code (nextLong() >>> 11) * 2^-53}. */
    default double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform on [lo, hi): {@code lo + (hi - lo) * nextDouble()} (numpy's {@code uniform}). */
    default double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Uniform on the open interval (0, 1): never exactly 0, so logs are finite. */
    default double nextOpenDouble() {
        double u;
        do {
            u = nextDouble();
        } while (u == 0.0);
        return u;
    }

    /** Standard normal by the polar Box-Muller method (two uniforms per attempt, no cache). */
    default double nextGaussian() {
        double x;
        double y;
        double s;
        do {
            x = 2.0 * nextDouble() - 1.0;
            y = 2.0 * nextDouble() - 1.0;
            s = x * x + y * y;
        } while (s >= 1.0 || s == 0.0);
        return x * Math.sqrt(-2.0 * Math.log(s) / s);
    }

    /** Standard Gumbel sample: −log(−log u), u ~ U(0,1). */
    default double nextGumbel() {
        return -Math.log(-Math.log(nextOpenDouble()));
    }

    /** Standard logistic sample: log u − log(1−u), u ~ U(0,1). */
    default double nextLogistic() {
        double u = nextOpenDouble();
        return Math.log(u) - Math.log1p(-u);
    }

    /** Uniform integer in [0, n) without modulo bias. */
    default int nextInt(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("nextInt bound must be positive, got " + n);
        }
        long bound = n;
        long r;
        long limit = Long.remainderUnsigned(-bound, bound); // 2^64 mod n
        do {
            r = nextLong();
        } while (Long.compareUnsigned(r, limit) < 0);
        return (int) Long.remainderUnsigned(r, bound);
    }
}
