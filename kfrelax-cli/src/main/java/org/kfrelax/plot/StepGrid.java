package org.kfrelax.plot;

import java.util.List;

/**
 * A common x grid for runs whose points sit at different x (e.g. environment steps at the end of
 * each episode), so that a {@link Band} can be taken across them index by index: {@code n}
 * equally spaced points from the largest first x of any run to the largest last x. A run's value
 * at a grid point is its value at its last point at or before it (a step function, as a curve
 * logged once per episode is); a run has values only up to its own last x, so runs that end
 * early (e.g. stopped when solved) drop out of the band where they end, as in episode plots.
 *
 * @param x the grid
 */
public record StepGrid(double[] x) {

    /** The grid for {@code runsX} (each run's increasing x values; at least one non-empty run) with {@code n ≥ 2} points. */
    public static StepGrid of(List<double[]> runsX, int n) {
        if (n < 2) {
            throw new IllegalArgumentException("a step grid needs at least 2 points, got " + n);
        }
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] r : runsX) {
            if (r.length > 0) {
                lo = Math.max(lo, r[0]);
                hi = Math.max(hi, r[r.length - 1]);
            }
        }
        if (hi == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("a step grid needs at least one run with a point");
        }
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = lo + (hi - lo) * i / (n - 1);
        }
        return new StepGrid(g);
    }

    /**
     * A run's values at the grid points up to its last x: {@code y} at the last {@code x[j] ≤ grid[i]}.
     *
     * @param x the run's increasing x values
     * @param y its values, as many
     */
    public double[] resample(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
        }
        double[] out = new double[this.x.length];
        int m = 0;
        int j = -1;
        for (double g : this.x) {
            if (x.length == 0 || g > x[x.length - 1]) {
                break;
            }
            while (j + 1 < x.length && x[j + 1] <= g) {
                j++;
            }
            if (j < 0) {
                break;   // cannot happen: the grid starts at the largest first x
            }
            out[m++] = y[j];
        }
        return java.util.Arrays.copyOf(out, m);
    }

    /** The first {@code n} grid points. */
    public double[] head(int n) {
        return java.util.Arrays.copyOf(x, n);
    }
}
