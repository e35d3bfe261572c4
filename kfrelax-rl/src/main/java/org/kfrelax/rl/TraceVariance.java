package org.kfrelax.rl;

import org.kfrelax.stats.MeanStd;

/**
 * The variance of a vector-valued estimator summed over its components, from N independent
 * draws g_1..g_N ∈ ℝ^P, with a standard error:
 * <pre>
 *   ḡ = (1/N) Σ_i g_i,   d_i = ‖g_i − ḡ‖²,
 *   V̂ = (1/(N−1)) Σ_i d_i                      (unbiased for tr Cov[g] = E‖g − E g‖²)
 *   SE(V̂) = sd(d_1..d_N) / √N                   (first-order delta method: the influence of
 *                                                 draw i on V̂ is d_i − V̂, up to O(1/N))
 *   SE(log V̂) = SE(V̂) / V̂                        (delta method)
 * </pre>
 * For two estimators a, b measured on the same draws, log(V̂_a / V̂_b) has the paired
 * standard error sd(d_a,i/V̂_a − d_b,i/V̂_b)/√N, and their mean difference per component j has
 * the z-score z_j = mean_i(g_a,ij − g_b,ij) / (sd_i(g_a,ij − g_b,ij)/√N), which is standard
 * normal for large N when both are unbiased for the same gradient.
 * sd is the sample standard deviation (divisor N − 1, {@link MeanStd}).
 */
final class TraceVariance {
    private final double[] mean;
    private final double[] d;
    private final double variance;
    private final double se;

    /** @param g the draws, N × P, N ≥ 2 */
    TraceVariance(double[][] g) {
        int n = g.length;
        if (n < 2) {
            throw new IllegalArgumentException("the variance needs at least 2 draws, got " + n);
        }
        int p = g[0].length;
        mean = new double[p];
        for (double[] gi : g) {
            if (gi.length != p) {
                throw new IllegalArgumentException("draws of different sizes: " + gi.length + " and " + p);
            }
            for (int j = 0; j < p; j++) {
                mean[j] += gi[j];
            }
        }
        for (int j = 0; j < p; j++) {
            mean[j] /= n;
        }
        d = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < p; j++) {
                double e = g[i][j] - mean[j];
                s += e * e;
            }
            d[i] = s;
            sum += s;
        }
        variance = sum / (n - 1);
        se = MeanStd.of(d).std() / Math.sqrt(n);
    }

    /** V̂, the unbiased estimate of tr Cov[g]. */
    double variance() {
        return variance;
    }

    /** SE(V̂). */
    double se() {
        return se;
    }

    /** log V̂. */
    double logVariance() {
        return Math.log(variance);
    }

    /** SE(log V̂) = SE(V̂)/V̂. */
    double logSe() {
        return se / variance;
    }

    /** ḡ, the mean draw. */
    double[] mean() {
        return mean.clone();
    }

    /** The paired standard error of log(V̂_this / V̂_other) (same draws). */
    double logRatioSe(TraceVariance other) {
        if (other.d.length != d.length) {
            throw new IllegalArgumentException("paired draws differ in number: " + d.length + " and " + other.d.length);
        }
        double[] psi = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            psi[i] = d[i] / variance - other.d[i] / other.variance;
        }
        return MeanStd.of(psi).std() / Math.sqrt(d.length);
    }

    /**
     * z_j for each component of the paired difference a − b (N × P each); a component whose
     * differences are all equal has z = 0 if they are 0 and ±∞ otherwise.
     */
    static double[] meanDifferenceZ(double[][] a, double[][] b) {
        int n = a.length;
        if (b.length != n || n < 2) {
            throw new IllegalArgumentException("paired draws: need the same number ≥ 2, got " + n + " and " + b.length);
        }
        int p = a[0].length;
        double[] z = new double[p];
        double[] diff = new double[n];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < n; i++) {
                diff[i] = a[i][j] - b[i][j];
            }
            MeanStd ms = MeanStd.of(diff);
            double m = ms.mean();
            double s = ms.std() / Math.sqrt(n);
            z[j] = s > 0 ? m / s : m == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, m);
        }
        return z;
    }
}
