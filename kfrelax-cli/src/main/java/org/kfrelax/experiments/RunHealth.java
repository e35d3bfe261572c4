package org.kfrelax.experiments;

import java.util.Arrays;
import java.util.Locale;

/**
 * Whether a training run belongs in the mean curves of a comparison, or is one of the failures
 * a mean hides (a stuck run's near-zero gradient variance pulls a log-variance mean down):
 *
 * <ul>
 *   <li><b>diverged</b>: training ended by numerical failure (the run's divergence reason).
 *   <li><b>collapsed</b>: the run ended unsolved — the mean return of its last {@value #WINDOW}
 *       episodes below the solve threshold — and in those last {@value #WINDOW} episodes either
 *       <ul>
 *         <li>every return was the same (the policy is stuck, e.g. Acrobot at −500 each
 *             episode), or
 *         <li>the gradient log-variance stayed at least {@value #VARIANCE_DROP} below its
 *             maximum over the run: the median of the last {@value #WINDOW} finite values of
 *             {@code grad_logvar} ≤ max − {@value #VARIANCE_DROP}, i.e. the variance fell below
 *             e⁻¹⁰ ≈ 4.5·10⁻⁵ of its peak (the policy went deterministic while the return is far
 *             from solved, e.g. a CartPole policy pushing one way, 9 steps per episode).
 *       </ul>
 *       Without a solve threshold "unsolved" cannot be judged and only the stuck-returns test
 *       applies; a run shorter than {@value #WINDOW} episodes is never called collapsed.
 * </ul>
 *
 * A run that reached the threshold earlier and then fell back counts by its end: it is
 * collapsed if it ends so. The thresholds are wide on purpose: healthy runs' log-variance moves
 * by a few units over training (e.g. CartPole relax: −2 at the start, +11 at 500 steps), a
 * collapsed run's by 20 or more (−15.5 after a peak of +11).
 *
 * @param kind the verdict
 * @param reason a plain sentence (empty when OK)
 */
public record RunHealth(Kind kind, String reason) {
    /** Episodes judged at the end of a run: the solve criterion's window. */
    public static final int WINDOW = 100;
    /** Natural-log units the log-variance must fall below its maximum for a collapse. */
    public static final double VARIANCE_DROP = 10.0;

    /** The verdicts. */
    public enum Kind {
        OK, DIVERGED, COLLAPSED;

        /** The lower-case name used in reports. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A run that belongs in the curves. */
    public static final RunHealth OK = new RunHealth(Kind.OK, "");

    /** Whether the run is kept in mean curves. */
    public boolean ok() {
        return kind == Kind.OK;
    }

    /**
     * Judges one run.
     *
     * @param returns the episode returns, in order
     * @param gradLogVar the gradient log-variance after each episode (NaN where none yet)
     * @param error why training diverged (the run's divergence reason), or null
     * @param threshold the solve threshold, or null if the task has none
     */
    public static RunHealth of(double[] returns, double[] gradLogVar, String error, Double threshold) {
        if (returns.length != gradLogVar.length) {
            throw new IllegalArgumentException("returns and grad_logvar must have one value per episode, got "
                    + returns.length + " and " + gradLogVar.length);
        }
        if (error != null) {
            return new RunHealth(Kind.DIVERGED, error);
        }
        int n = returns.length;
        if (n < WINDOW) {
            return OK;
        }
        double finalMean = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = n - WINDOW; i < n; i++) {
            finalMean += returns[i];
            min = Math.min(min, returns[i]);
            max = Math.max(max, returns[i]);
        }
        finalMean /= WINDOW;
        boolean unsolved = threshold == null || finalMean < threshold;
        if (!unsolved) {
            return OK;
        }
        if (min == max) {
            return new RunHealth(Kind.COLLAPSED, String.format(Locale.ROOT,
                    "stuck: the last %d returns are all %s", WINDOW, fmt(min)));
        }
        if (threshold == null) {
            return OK;
        }
        double peak = Double.NEGATIVE_INFINITY;
        for (double v : gradLogVar) {
            if (Double.isFinite(v)) {
                peak = Math.max(peak, v);
            }
        }
        double[] tail = Arrays.stream(gradLogVar, n - WINDOW, n).filter(Double::isFinite).sorted().toArray();
        if (tail.length == 0) {
            return OK;
        }
        double median = tail.length % 2 == 1 ? tail[tail.length / 2]
                : (tail[tail.length / 2 - 1] + tail[tail.length / 2]) / 2;
        if (median <= peak - VARIANCE_DROP) {
            return new RunHealth(Kind.COLLAPSED, String.format(Locale.ROOT,
                    "vanished gradient variance: log-variance %s over the last %d episodes (median), peak %s; "
                            + "mean return %s < threshold %s", fmt(median), WINDOW, fmt(peak), fmt(finalMean), fmt(threshold)));
        }
        return OK;
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.2f", x);
    }
}
