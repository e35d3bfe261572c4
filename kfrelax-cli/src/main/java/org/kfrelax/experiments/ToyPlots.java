package org.kfrelax.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.kfrelax.plot.Band;
import org.kfrelax.plot.LinePlot;

/** The toy problem's plots (the method's Figure 1 and Appendix B) from the rows of each run. */
public final class ToyPlots {
    private ToyPlots() {}

    /**
     * Draws a tiny chart to a discarded PNG, so that the one-time initialization of Java2D,
     * fonts and JFreeChart (about half a second) can run on another core while the
     * iterations run; call it from a background thread. Writes nothing.
     */
    public static void warmUp() {
        try {
            org.kfrelax.gym.render.Frames.writePng(
                    new LinePlot("warm-up", "x", "y").line("a", new double[] {0, 1}, new double[] {1, 2}).logY().chart()
                            .createBufferedImage(300, 200),
                    java.io.OutputStream.nullOutputStream());
        } catch (java.io.IOException | RuntimeException e) {
            // only a warm-up: the real plots report their own errors
        }
    }

    /**
     * Exact loss E[f] against iteration, one line per estimator; with several seeds the mean
     * over seeds and a 25–75 percentile band.
     *
     * @param rows estimator → the rows of each seed's run
     */
    public static LinePlot loss(Map<String, List<List<ToyRun.Row>>> rows, double target) {
        int seeds = seeds(rows);
        LinePlot p = new LinePlot("Toy problem f(b) = (b − " + target + ")²: loss" + seedNote(seeds, "mean"), "iteration",
                "E[f(b)]");
        for (Map.Entry<String, List<List<ToyRun.Row>>> e : rows.entrySet()) {
            List<double[]> runs = new ArrayList<>();
            List<ToyRun.Row> longest = List.of();
            for (List<ToyRun.Row> run : e.getValue()) {
                runs.add(column(run, ToyRun.Row::loss));
                longest = run.size() > longest.size() ? run : longest;
            }
            if (longest.isEmpty()) {
                continue;
            }
            // every iteration: LinePlot reduces long series to what a pixel column can show
            p.band(e.getKey(), column(longest, ToyRun.Row::iter), Band.meanPercentiles(runs, 25, 75));
        }
        return p;
    }

    /** Whether any evaluated row has a positive variance: {@link #logVariance} has something to draw. */
    public static boolean anyPositiveVariance(Map<String, List<List<ToyRun.Row>>> rows) {
        return rows.values().stream().flatMap(List::stream).flatMap(List::stream)
                .anyMatch(r -> r.evaluated() && r.gradVar() > 0);
    }

    /**
     * Gradient variance (log scale) against iteration at the evaluated iterations; with several
     * seeds the geometric mean over seeds with a 25–75 percentile band (of the seeds whose
     * measured variance there is positive). Needs {@link #anyPositiveVariance}.
     */
    public static LinePlot logVariance(Map<String, List<List<ToyRun.Row>>> rows, double target) {
        int seeds = seeds(rows);
        LinePlot p = new LinePlot("Toy problem f(b) = (b − " + target + ")²: gradient variance" + seedNote(seeds, "geometric mean"),
                "iteration", "variance of the gradient estimate (log scale)");
        for (Map.Entry<String, List<List<ToyRun.Row>>> e : rows.entrySet()) {
            // iteration → ln(variance) of each seed evaluated there with a positive variance
            java.util.TreeMap<Integer, List<double[]>> byIter = new java.util.TreeMap<>();
            for (List<ToyRun.Row> run : e.getValue()) {
                for (ToyRun.Row r : run) {
                    // a variance of exactly 0 (all M estimates equal) has no logarithm: left out
                    if (r.evaluated() && r.gradVar() > 0) {
                        byIter.computeIfAbsent(r.iter(), k -> new ArrayList<>()).add(new double[] {Math.log(r.gradVar())});
                    }
                }
            }
            if (byIter.isEmpty()) {
                continue;
            }
            double[][] pts = new double[4][byIter.size()];
            int i = 0;
            for (Map.Entry<Integer, List<double[]>> it : byIter.entrySet()) {
                Band b = Band.meanPercentiles(it.getValue(), 25, 75);
                pts[0][i] = it.getKey();
                pts[1][i] = Math.exp(b.center()[0]);
                pts[2][i] = Math.exp(b.lo()[0]);
                pts[3][i] = Math.exp(b.hi()[0]);
                i++;
            }
            p.band(e.getKey(), pts[0], pts[1], pts[2], pts[3]);
        }
        return p.logY();
    }

    /** Unbiasedness at a glance: how many evaluations of some runs have |z| &gt; 2 ({@link ToyRun.Row#z}). */
    public record ZCount(int evaluations, int beyondTwo) {
        /** beyondTwo / evaluations (NaN without evaluations). */
        public double fraction() {
            return evaluations == 0 ? Double.NaN : (double) beyondTwo / evaluations;
        }
    }

    /** Counts the evaluations with a defined z and those with |z| &gt; 2 over the runs. */
    public static ZCount zCount(List<List<ToyRun.Row>> runs, int samples) {
        int n = 0;
        int beyond = 0;
        for (List<ToyRun.Row> run : runs) {
            for (ToyRun.Row r : run) {
                double z = r.z(samples);
                if (!Double.isNaN(z)) {
                    n++;
                    beyond += Math.abs(z) > 2 ? 1 : 0;
                }
            }
        }
        return new ZCount(n, beyond);
    }

    /**
     * Appendix B for one estimator, scale-free: z = (mean of the M estimates − exact gradient) / SE
     * against iteration (one line per seed) with lines at ±2. An unbiased estimator's z is about
     * standard normal, so about 95 % of its points lie between the lines (the title counts those
     * outside); a biased one drifts away. Evaluations with SE = 0 have no z and are left out.
     */
    public static LinePlot unbiased(String estimator, List<List<ToyRun.Row>> runs, long firstSeed, double target,
            int samples) {
        ZCount zc = zCount(runs, samples);
        LinePlot p = new LinePlot(String.format(java.util.Locale.ROOT,
                "%s on t = %s: (mean of %d estimates − exact gradient) / SE; |z| > 2 at %d of %d evaluations "
                        + "(%.1f %%; ≈ 4.6 %% if unbiased)", estimator, target, samples, zc.beyondTwo(), zc.evaluations(),
                100 * zc.fraction()), "iteration", "z = (mean − exact) / SE");
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < runs.size(); s++) {
            List<double[]> pts = new ArrayList<>();
            for (ToyRun.Row r : runs.get(s)) {
                double z = r.z(samples);
                if (!Double.isNaN(z)) {
                    pts.add(new double[] {r.iter(), z});
                }
            }
            if (pts.isEmpty()) {
                continue;
            }
            xMin = Math.min(xMin, pts.get(0)[0]);
            xMax = Math.max(xMax, pts.get(pts.size() - 1)[0]);
            p.line(runs.size() == 1 ? "z" : "z, seed " + (firstSeed + s), col(pts, 0), col(pts, 1));
        }
        if (xMin > xMax) {
            throw new IllegalArgumentException(estimator + ": no evaluation has a positive variance; no z to plot");
        }
        double[] xs = {xMin, xMax};
        p.line("+2", xs, new double[] {2, 2});
        p.line("−2", xs, new double[] {-2, -2});
        return p;
    }

    /** The number of seeds (runs per estimator, the same for every estimator). */
    private static int seeds(Map<String, List<List<ToyRun.Row>>> rows) {
        return rows.values().stream().mapToInt(List::size).max().orElse(0);
    }

    private static String seedNote(int seeds, String centre) {
        return seeds > 1 ? " — " + seeds + " seeds (" + centre + ", 25–75 percentile band)" : "";
    }

    /** One value per item. */
    private static <T> double[] column(List<T> items, ToDoubleFunction<T> value) {
        double[] v = new double[items.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = value.applyAsDouble(items.get(i));
        }
        return v;
    }

    /** Column j of points. */
    private static double[] col(List<double[]> pts, int j) {
        return column(pts, p -> p[j]);
    }
}
