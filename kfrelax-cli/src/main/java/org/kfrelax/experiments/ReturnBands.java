package org.kfrelax.experiments;

import java.util.ArrayList;
import java.util.List;
import org.kfrelax.stats.MeanStd;

/**
 * Gradient log-variance at matched performance: each episode is placed by the mean return of
 * the last 100 episodes (the solve criterion's mean, over fewer at the start) into one of B
 * equal-width return bands spanning [lo, hi], the smallest and largest such mean among the
 * episodes that have a log-variance, over every run given (all algorithms: the bands are shared,
 * so the algorithms are compared at the same performance). Band b is
 * [lo + b·w, lo + (b+1)·w) with w = (hi − lo)/B, the last band closed at hi.
 *
 * <p>Per band and algorithm: each run that has episodes in the band contributes one number, the
 * mean of its {@code grad_logvar} over those episodes (runs are the units: a run's episodes are
 * correlated, and one that lingers in a band would otherwise outweigh the others); the cell is
 * the mean of these over runs, their sample standard deviation (the spread across runs, 0 for
 * one run) and the number of runs.
 */
public final class ReturnBands {
    private ReturnBands() {}

    /**
     * One band of one algorithm.
     *
     * @param low the band's lower return edge
     * @param high the band's upper return edge
     * @param runs runs with episodes in the band (0: mean and std are NaN)
     * @param mean mean over those runs of their mean log-variance in the band
     * @param std sample standard deviation of the same
     */
    public record Cell(double low, double high, int runs, double mean, double std) {}

    /** The B + 1 band edges over all runs' episodes that have a finite log-variance. */
    public static double[] edges(List<double[]> meanReturn100, List<double[]> gradLogVar, int bands) {
        if (bands < 1 || bands > 1000) {
            throw new IllegalArgumentException("return bands must be in 1..1000, got " + bands);
        }
        checkPaired(meanReturn100, gradLogVar);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < meanReturn100.size(); r++) {
            double[] m = meanReturn100.get(r);
            double[] v = gradLogVar.get(r);
            for (int i = 0; i < m.length; i++) {
                if (Double.isFinite(v[i])) {
                    lo = Math.min(lo, m[i]);
                    hi = Math.max(hi, m[i]);
                }
            }
        }
        if (lo > hi) {
            throw new IllegalArgumentException("no episode has a gradient log-variance to place in return bands");
        }
        double[] e = new double[bands + 1];
        for (int b = 0; b <= bands; b++) {
            e[b] = b == bands ? hi : lo + (hi - lo) * b / bands;
        }
        return e;
    }

    /** The cells of one algorithm's runs, one per band. */
    public static List<Cell> cells(double[] edges, List<double[]> meanReturn100, List<double[]> gradLogVar) {
        checkPaired(meanReturn100, gradLogVar);
        int bands = edges.length - 1;
        List<List<Double>> perBand = new ArrayList<>();
        for (int b = 0; b < bands; b++) {
            perBand.add(new ArrayList<>());
        }
        for (int r = 0; r < meanReturn100.size(); r++) {
            double[] m = meanReturn100.get(r);
            double[] v = gradLogVar.get(r);
            double[] sum = new double[bands];
            int[] count = new int[bands];
            for (int i = 0; i < m.length; i++) {
                if (!Double.isFinite(v[i])) {
                    continue;
                }
                int b = band(edges, m[i]);
                if (b >= 0) {
                    sum[b] += v[i];
                    count[b]++;
                }
            }
            for (int b = 0; b < bands; b++) {
                if (count[b] > 0) {
                    perBand.get(b).add(sum[b] / count[b]);
                }
            }
        }
        List<Cell> cells = new ArrayList<>();
        for (int b = 0; b < bands; b++) {
            double[] x = perBand.get(b).stream().mapToDouble(Double::doubleValue).toArray();
            if (x.length == 0) {
                cells.add(new Cell(edges[b], edges[b + 1], 0, Double.NaN, Double.NaN));
            } else {
                MeanStd ms = MeanStd.of(x);
                cells.add(new Cell(edges[b], edges[b + 1], x.length, ms.mean(), ms.std()));
            }
        }
        return cells;
    }

    /** The band holding return r, or −1 outside [lo, hi]. */
    static int band(double[] edges, double r) {
        int bands = edges.length - 1;
        if (r < edges[0] || r > edges[bands]) {
            return -1;
        }
        for (int b = 0; b < bands - 1; b++) {
            if (r < edges[b + 1]) {
                return b;
            }
        }
        return bands - 1;
    }

    private static void checkPaired(List<double[]> meanReturn100, List<double[]> gradLogVar) {
        if (meanReturn100.size() != gradLogVar.size()) {
            throw new IllegalArgumentException("need one log-variance series per return series, got "
                    + gradLogVar.size() + " and " + meanReturn100.size());
        }
        for (int r = 0; r < meanReturn100.size(); r++) {
            if (meanReturn100.get(r).length != gradLogVar.get(r).length) {
                throw new IllegalArgumentException("run " + r + ": " + meanReturn100.get(r).length + " returns but "
                        + gradLogVar.get(r).length + " log-variances");
            }
        }
    }
}
