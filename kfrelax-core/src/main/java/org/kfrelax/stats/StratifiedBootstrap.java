package org.kfrelax.stats;

import java.util.Arrays;
import org.kfrelax.random.Pcg64;

/**
 * Percentile confidence intervals by the stratified bootstrap (Agarwal et al., NeurIPS 2021,
 * §3 and Appendix A.1; rliable's {@code StratifiedBootstrap} and
 * {@code StratifiedIndependentBootstrap} with {@code method='percentile'}): the data are runs
 * grouped by task, {@code data[task][run]}; a resample draws, for every task m independently,
 * n_m runs with replacement from that task's n_m runs (runs are resampled, tasks are not); the
 * statistic T is computed on each of R resamples T*₁..T*_R, and the level-c interval is
 *
 * <pre>  [ P_{100(1−c)/2}(T*),  P_{100(1+c)/2}(T*) ]</pre>
 *
 * with P the linear-interpolation percentile ({@link Percentile}; what {@code arch}'s
 * {@code conf_int(method='percentile')} takes from {@code np.percentile}). For a statistic of two
 * algorithms (the probability of improvement) X and Y are resampled independently, X first.
 *
 * <p>Seeded: index draws come from {@code Pcg64(seed).nextInt(n_m)} ({@code
 * np.random.default_rng(seed).integers(0, n_m)}), in the order resample, then (for two samples)
 * X before Y, then task, then run — so the same seed, R and data give the same interval, and a
 * Python loop in that order reproduces it. rliable's default is R = 50,000
 * ({@code get_interval_estimates(reps=50000)}), {@link #DEFAULT_RESAMPLES} here.
 */
public final class StratifiedBootstrap {
    /** rliable's default number of bootstrap resamples ({@code get_interval_estimates}). */
    public static final int DEFAULT_RESAMPLES = 50_000;

    /** A statistic of one algorithm's runs, {@code data[task][run]}. */
    @FunctionalInterface
    public interface Statistic {
        double of(double[][] data);
    }

    /** A statistic of two algorithms' runs. */
    @FunctionalInterface
    public interface PairStatistic {
        double of(double[][] x, double[][] y);
    }

    private final long seed;
    private final int resamples;
    private final double confidence;

    /**
     * @param seed the seed of the resampling stream (≥ 0)
     * @param resamples R ≥ 1
     * @param confidence c in (0, 1), e.g. 0.95
     */
    public StratifiedBootstrap(long seed, int resamples, double confidence) {
        if (seed < 0) {
            throw new IllegalArgumentException("bootstrap seed must be >= 0, got " + seed);
        }
        if (resamples < 1) {
            throw new IllegalArgumentException("bootstrap resamples must be >= 1, got " + resamples);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), got " + confidence);
        }
        this.seed = seed;
        this.resamples = resamples;
        this.confidence = confidence;
    }

    public long seed() {
        return seed;
    }

    public int resamples() {
        return resamples;
    }

    public double confidence() {
        return confidence;
    }

    /** The statistic on {@code data} and its percentile interval. */
    public Interval interval(double[][] data, Statistic statistic) {
        checkShape(data, "data");
        Pcg64 rng = new Pcg64(seed);
        double[][] buf = buffer(data);
        double[] t = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            resample(data, buf, rng);
            t[r] = checked(statistic.of(buf), r);
        }
        return interval(statistic.of(data), t);
    }

    /** The pair statistic on (x, y) and its percentile interval, x and y resampled independently. */
    public Interval interval(double[][] x, double[][] y, PairStatistic statistic) {
        checkShape(x, "x");
        checkShape(y, "y");
        Pcg64 rng = new Pcg64(seed);
        double[][] bx = buffer(x);
        double[][] by = buffer(y);
        double[] t = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            resample(x, bx, rng);
            resample(y, by, rng);
            t[r] = checked(statistic.of(bx, by), r);
        }
        return interval(statistic.of(x, y), t);
    }

    private Interval interval(double estimate, double[] t) {
        Arrays.sort(t);
        double tail = 100 * (1 - confidence) / 2;
        return new Interval(estimate, Percentile.ofSorted(t, tail), Percentile.ofSorted(t, 100 - tail));
    }

    private static double checked(double v, int r) {
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException("the statistic is NaN on bootstrap resample " + r);
        }
        return v;
    }

    private static void resample(double[][] data, double[][] out, Pcg64 rng) {
        for (int m = 0; m < data.length; m++) {
            double[] src = data[m];
            double[] dst = out[m];
            for (int i = 0; i < src.length; i++) {
                dst[i] = src[rng.nextInt(src.length)];
            }
        }
    }

    private static double[][] buffer(double[][] data) {
        double[][] b = new double[data.length][];
        for (int m = 0; m < data.length; m++) {
            b[m] = new double[data[m].length];
        }
        return b;
    }

    private static void checkShape(double[][] data, String name) {
        if (data.length == 0) {
            throw new IllegalArgumentException(name + " has no tasks, expected at least one");
        }
        for (int m = 0; m < data.length; m++) {
            if (data[m].length == 0) {
                throw new IllegalArgumentException(name + " task " + m + " has no runs, expected at least one");
            }
        }
    }
}
