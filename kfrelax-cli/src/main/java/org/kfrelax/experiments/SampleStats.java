package org.kfrelax.experiments;

/** Sample statistics of a series of results. */
public final class SampleStats {
    private SampleStats() {}

    /** {mean, unbiased (n−1) variance}; the variance of a single value is 0. */
    public static double[] meanVar(double[] x) {
        double m = 0;
        for (double v : x) {
            m += v;
        }
        m /= x.length;
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return new double[] {m, x.length > 1 ? s / (x.length - 1) : 0};
    }
}
