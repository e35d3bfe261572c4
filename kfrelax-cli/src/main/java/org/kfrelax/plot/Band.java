package org.kfrelax.plot;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.kfrelax.stats.Percentile;

/**
 * A centre line with a band, computed across runs (e.g. seeds) index by index: the value at
 * index i aggregates every run that has an index i (runs may have different lengths, e.g.
 * when training stops at the solve criterion; {@link #count} tells how many runs each index
 * has). The result is as long as the longest run.
 *
 * @param center the centre line (mean)
 * @param lo the lower edge of the band
 * @param hi the upper edge of the band
 * @param count the number of runs at each index
 */
public record Band(double[] center, double[] lo, double[] hi, int[] count) {

    /** Mean with a band of ± one (sample, n−1) standard deviation; zero width where only one run. */
    public static Band meanStd(List<double[]> runs) {
        return perIndex(runs, v -> {
            double mean = mean(v);
            double ss = 0;
            for (double x : v) {
                ss += (x - mean) * (x - mean);
            }
            double sd = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0;
            return new double[] {mean, mean - sd, mean + sd};
        });
    }

    /**
     * Mean with a percentile band (e.g. 25 and 75), percentiles as {@link Percentile} computes
     * them (numpy's default linear interpolation).
     */
    public static Band meanPercentiles(List<double[]> runs, double lowPercent, double highPercent) {
        if (!(0 <= lowPercent && lowPercent <= highPercent && highPercent <= 100)) {
            throw new IllegalArgumentException("percentiles " + lowPercent + ", " + highPercent
                    + " must satisfy 0 <= low <= high <= 100");
        }
        return perIndex(runs, v -> {
            Arrays.sort(v);
            return new double[] {mean(v), Percentile.ofSorted(v, lowPercent), Percentile.ofSorted(v, highPercent)};
        });
    }

    /** The first {@code n} indices of this band. */
    public Band head(int n) {
        return new Band(Arrays.copyOf(center, n), Arrays.copyOf(lo, n), Arrays.copyOf(hi, n), Arrays.copyOf(count, n));
    }

    /**
     * The band index by index: {@code stat} maps the values of the runs at one index (a fresh
     * array it may reorder) to {centre, lo, hi}.
     */
    private static Band perIndex(List<double[]> runs, Function<double[], double[]> stat) {
        int n = maxLength(runs);
        double[] c = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        int[] count = new int[n];
        for (int i = 0; i < n; i++) {
            double[] v = column(runs, i);
            double[] s = stat.apply(v);
            c[i] = s[0];
            lo[i] = s[1];
            hi[i] = s[2];
            count[i] = v.length;
        }
        return new Band(c, lo, hi, count);
    }

    private static int maxLength(List<double[]> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a band needs at least one run");
        }
        int n = 0;
        for (double[] r : runs) {
            n = Math.max(n, r.length);
        }
        return n;
    }

    private static double[] column(List<double[]> runs, int i) {
        int m = 0;
        for (double[] r : runs) {
            if (r.length > i) {
                m++;
            }
        }
        double[] v = new double[m];
        int j = 0;
        for (double[] r : runs) {
            if (r.length > i) {
                if (!Double.isFinite(r[i])) {
                    throw new IllegalArgumentException("run value " + r[i] + " at index " + i + " is not finite");
                }
                v[j++] = r[i];
            }
        }
        return v;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
