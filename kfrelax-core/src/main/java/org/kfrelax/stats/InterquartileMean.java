package org.kfrelax.stats;

import java.util.Arrays;

/**
 * The interquartile mean (IQM) as rliable computes it ({@code rliable.metrics.aggregate_iqm}:
 * {@code scipy.stats.trim_mean(scores, proportiontocut=0.25, axis=None)}, all runs of all tasks
 * pooled): with the n values sorted, x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎, and k = ⌊n/4⌋,
 *
 * <pre>  IQM = (1/(n − 2k)) Σ_{i=k}^{n−k−1} x₍ᵢ₎</pre>
 *
 * i.e. the mean after dropping the k lowest and k highest values. When n is not a multiple of
 * 4, scipy trims ⌊n/4⌋ ("conservatively", its documentation says), so the kept part is a bit
 * more than the middle 50 % (n = 5 keeps 3 values); there is no fractional weighting of the
 * boundary values. For n a multiple of 4 (e.g. 20 seeds) it is exactly the mean of the middle
 * 50 %. Robust to a quarter of outliers at either end, yet uses half the runs, unlike the median
 * (Agarwal et al., NeurIPS 2021, "Deep RL at the Edge of the Statistical Precipice", §4.3).
 */
public final class InterquartileMean {
    private InterquartileMean() {}

    /** The IQM of finite values (at least one). */
    public static double of(double[] x) {
        if (x.length == 0) {
            throw new IllegalArgumentException("interquartile mean of no values");
        }
        double[] s = x.clone();
        for (int i = 0; i < s.length; i++) {
            if (!Double.isFinite(s[i])) {
                throw new IllegalArgumentException("value " + i + " is " + s[i] + ", expected a finite number");
            }
        }
        Arrays.sort(s);
        int k = s.length / 4;
        double sum = 0;
        for (int i = k; i < s.length - k; i++) {
            sum += s[i];
        }
        return sum / (s.length - 2 * k);
    }

    /** The IQM of all runs of all tasks pooled ({@code data[task][run]}), rliable's aggregate. */
    public static double of(double[][] data) {
        return of(pool(data));
    }

    static double[] pool(double[][] data) {
        int n = 0;
        for (double[] t : data) {
            n += t.length;
        }
        double[] all = new double[n];
        int k = 0;
        for (double[] t : data) {
            System.arraycopy(t, 0, all, k, t.length);
            k += t.length;
        }
        return all;
    }
}
