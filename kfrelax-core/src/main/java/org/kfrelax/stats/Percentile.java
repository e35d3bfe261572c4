package org.kfrelax.stats;

/**
 * The p-th percentile (0 ≤ p ≤ 100) by linear interpolation between order statistics, numpy's
 * default ({@code np.percentile(x, p)}, method "linear"): with x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎ and
 * h = p/100·(n−1), the value x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎).
 */
public final class Percentile {
    private Percentile() {}

    /** The p-th percentile of values already sorted ascending. */
    public static double ofSorted(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("percentile of no values");
        }
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in [0, 100], got " + p);
        }
        double pos = p / 100 * (sorted.length - 1);
        int k = (int) Math.floor(pos);
        if (k >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        double frac = pos - k;
        return sorted[k] + frac * (sorted[k + 1] - sorted[k]);
    }
}
