package org.kfrelax.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kfrelax.plot.LinePlot;

/**
 * The plots of one training run, against episodes or environment steps ({@link XAxis}):
 * {@value #RETURNS}.png (each episode's return, the mean of the last 100, the solve threshold)
 * and {@value #GRAD_LOGVAR}.png (the policy gradient's log-variance, episodes.csv's
 * {@code grad_logvar}, where defined), each with an SVG beside it.
 */
final class TrainPlots {
    static final String RETURNS = "returns";
    static final String GRAD_LOGVAR = "grad_logvar";
    /** The files {@link #save} writes. */
    static final String[] FILES = {RETURNS + ".png", RETURNS + ".svg", GRAD_LOGVAR + ".png", GRAD_LOGVAR + ".svg"};

    private TrainPlots() {}

    /** Writes both plots (the log-variance one only if some episode has a value). */
    static void save(Path dir, TrainRun.Spec spec, TrainRun.Outcome o, XAxis xAxis) throws IOException {
        String title = spec.envId() + " — " + spec.config().algo() + " (seed " + spec.seed() + ")";
        double[] x = xAxis.of(o);
        LinePlot returns = new LinePlot(title, xAxis.label(), "return").line("return", x, o.returns())
                .line("mean of last 100", x, o.meanReturn100());
        if (spec.threshold() != null) {
            double[] t = new double[x.length];
            Arrays.fill(t, spec.threshold());
            returns.line("solve threshold", x, t);
        }
        save(returns, dir.resolve(RETURNS + ".png"));
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(o.gradLogVar()[i])) {
                pts.add(new double[] {x[i], o.gradLogVar()[i]});
            }
        }
        if (!pts.isEmpty()) {
            double[] px = pts.stream().mapToDouble(p -> p[0]).toArray();
            double[] py = pts.stream().mapToDouble(p -> p[1]).toArray();
            save(new LinePlot(title + ": policy-gradient log-variance", xAxis.label(),
                    "log variance of the gradient estimate (EMA)").line("grad_logvar", px, py),
                    dir.resolve(GRAD_LOGVAR + ".png"));
        }
    }

    private static void save(LinePlot p, Path png) throws IOException {
        try {
            p.save(png);
        } catch (IOException | RuntimeException e) {
            throw new IOException("summary.json, episodes.csv and model/ are written, but the plot " + png + " is not: "
                    + Cli.describe(e), e);
        }
    }
}
