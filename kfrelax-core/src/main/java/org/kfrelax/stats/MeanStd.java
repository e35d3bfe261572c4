package org.kfrelax.stats;

/**
 * Sample mean x̄ = (1/n) Σ xᵢ and the unbiased sample variance s² = Σ (xᵢ − x̄)² / (n − 1)
 * (Python's {@code statistics.mean} and {@code statistics.variance}; 0 for a single value), the
 * "mean ± std" that published tables report.
 *
 * @param mean x̄
 * @param variance s² (0 when n = 1)
 * @param n the number of values
 */
public record MeanStd(double mean, double variance, int n) {

    /** The mean and sample variance of finite values (at least one). */
    public static MeanStd of(double[] x) {
        if (x.length == 0) {
            throw new IllegalArgumentException("mean of no values");
        }
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("value " + i + " is " + x[i] + ", expected a finite number");
            }
            m += x[i];
        }
        m /= x.length;
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return new MeanStd(m, x.length > 1 ? s / (x.length - 1) : 0, x.length);
    }

    /** The sample standard deviation s = √s². */
    public double std() {
        return Math.sqrt(variance);
    }
}
