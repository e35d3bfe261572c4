package org.kfrelax.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
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

    /** Exact loss E[f] against iteration, one line per estimator. */
    public static LinePlot loss(Map<String, List<ToyRun.Row>> rows, double target) {
        LinePlot p = new LinePlot("Toy problem f(b) = (b − " + target + ")²: loss", "iteration", "E[f(b)]");
        for (Map.Entry<String, List<ToyRun.Row>> e : rows.entrySet()) {
            // every iteration: LinePlot reduces long series to what a pixel column can show
            p.line(e.getKey(), column(e.getValue(), ToyRun.Row::iter), column(e.getValue(), ToyRun.Row::loss));
        }
        return p;
    }

    /** Whether any evaluated row has a positive variance: {@link #logVariance} has something to draw. */
    public static boolean anyPositiveVariance(Map<String, List<ToyRun.Row>> rows) {
        return rows.values().stream().flatMap(List::stream).anyMatch(r -> r.evaluated() && r.gradVar() > 0);
    }

    /**
     * Gradient variance (log scale) against iteration at the evaluated iterations; needs
     * {@link #anyPositiveVariance}.
     */
    public static LinePlot logVariance(Map<String, List<ToyRun.Row>> rows, double target) {
        LinePlot p = new LinePlot("Toy problem f(b) = (b − " + target + ")²: gradient variance", "iteration",
                "variance of the gradient estimate (log scale)");
        for (Map.Entry<String, List<ToyRun.Row>> e : rows.entrySet()) {
            List<double[]> pts = new ArrayList<>();
            for (ToyRun.Row r : e.getValue()) {
                // a variance of exactly 0 (all M estimates equal) has no logarithm: left out
                if (r.evaluated() && r.gradVar() > 0) {
                    pts.add(new double[] {r.iter(), r.gradVar()});
                }
            }
            if (!pts.isEmpty()) {
                p.line(e.getKey(), col(pts, 0), col(pts, 1));
            }
        }
        return p.logY();
    }

    /**
     * Appendix B for one estimator: the mean of the M estimates (± 2 standard errors) and the
     * exact gradient at the same parameters, against iteration.
     */
    public static LinePlot unbiased(String estimator, List<ToyRun.Row> rows, double target, int samples) {
        List<double[]> pts = new ArrayList<>();
        for (ToyRun.Row r : rows) {
            if (r.evaluated()) {
                double se = r.gradStdErr(samples);
                pts.add(new double[] {r.iter(), r.gradMean(), r.gradMean() - 2 * se, r.gradMean() + 2 * se, r.exactGrad()});
            }
        }
        return new LinePlot(estimator + " on t = " + target + ": mean of " + samples + " estimates vs exact gradient",
                "iteration", "d E[f] / d logit")
                .band("mean of estimates ± 2 SE", col(pts, 0), col(pts, 1), col(pts, 2), col(pts, 3))
                .line("exact gradient", col(pts, 0), col(pts, 4));
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
