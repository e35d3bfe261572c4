package org.kfrelax.experiments;

import java.util.Arrays;
import java.util.List;
import org.kfrelax.stats.InterquartileMean;
import org.kfrelax.stats.Interval;
import org.kfrelax.stats.MeanStd;
import org.kfrelax.stats.Percentile;
import org.kfrelax.stats.ProbabilityOfImprovement;
import org.kfrelax.stats.StratifiedBootstrap;

/**
 * Episodes-to-solve statistics of one algorithm's runs on one task, and the probability that
 * one algorithm needs fewer episodes than another. How unsolved runs enter:
 *
 * <ul>
 *   <li><b>solve rate</b> k/n over all n runs, with its bootstrap interval;
 *   <li><b>mean ± std and median over the solved runs only</b>, as published tables report them
 *       (next to the solve rate, which says how many runs they cover);
 *   <li><b>IQM over all runs, an unsolved run counted as C episodes</b> ("censored at the
 *       budget"): C = the episode budget (--max-episodes), or without one the largest number of
 *       episodes any run of the comparison ran — either way at least every solved run's value, so
 *       unsolved runs rank last. The IQM drops the ⌊n/4⌋ worst runs, so it is the IQM of the
 *       true episodes-to-solve (whatever the unsolved runs would have needed) as long as at most
 *       ⌊n/4⌋ runs are unsolved; beyond that it is a lower bound, and the solve rate says so;
 *   <li><b>probability of improvement</b> P(X needs fewer episodes than Y) + ½P(equal), on the
 *       same censored values: an unsolved run loses to every solved run and ties with another
 *       unsolved one (a run solved at exactly C also ties with it).
 * </ul>
 *
 * Intervals: {@link StratifiedBootstrap} (percentile method, runs resampled), the formulas in
 * {@link InterquartileMean} and {@link ProbabilityOfImprovement}.
 */
public final class SolveStatistics {
    private SolveStatistics() {}

    /**
     * One algorithm's numbers.
     *
     * @param runs n
     * @param solved k
     * @param solveRate k/n with its interval
     * @param solvedMeanStd mean ± std of the solved runs' episodes to solve, null if none solved
     * @param solvedMedian median of the solved runs' episodes to solve, NaN if none solved
     * @param iqm IQM of all runs' episodes to solve, unsolved = C, with its interval
     * @param censoredAt C
     */
    public record Summary(int runs, int solved, Interval solveRate, MeanStd solvedMeanStd, double solvedMedian,
                          Interval iqm, double censoredAt) {}

    /**
     * The value C an unsolved run counts as: the episode budget if there is one (> 0), else the
     * largest number of episodes run.
     */
    public static double censorValue(long maxEpisodes, List<Long> episodesRun) {
        if (maxEpisodes > 0) {
            return maxEpisodes;
        }
        long c = 0;
        for (long e : episodesRun) {
            c = Math.max(c, e);
        }
        if (c <= 0) {
            throw new IllegalArgumentException("no run has any episode, cannot censor unsolved runs");
        }
        return c;
    }

    /** Episodes to solve with unsolved runs (null) replaced by C. */
    public static double[] censored(List<Long> episodesToSolve, double censorAt) {
        double[] v = new double[episodesToSolve.size()];
        for (int i = 0; i < v.length; i++) {
            Long e = episodesToSolve.get(i);
            if (e != null && e > censorAt) {
                throw new IllegalArgumentException("episodes to solve " + e + " exceeds the censoring value " + censorAt);
            }
            v[i] = e == null ? censorAt : e;
        }
        return v;
    }

    /** The summary of one algorithm's runs ({@code episodesToSolve}: null for an unsolved run). */
    public static Summary of(List<Long> episodesToSolve, double censorAt, StratifiedBootstrap boot) {
        if (episodesToSolve.isEmpty()) {
            throw new IllegalArgumentException("no runs to summarize");
        }
        double[] solvedAt = episodesToSolve.stream().filter(e -> e != null).mapToDouble(Long::doubleValue).toArray();
        double[] indicator = episodesToSolve.stream().mapToDouble(e -> e == null ? 0 : 1).toArray();
        Interval rate = boot.interval(new double[][] {indicator}, d -> MeanStd.of(d[0]).mean());
        Interval iqm = boot.interval(new double[][] {censored(episodesToSolve, censorAt)}, InterquartileMean::of);
        MeanStd ms = solvedAt.length == 0 ? null : MeanStd.of(solvedAt);
        double median = Double.NaN;
        if (solvedAt.length > 0) {
            Arrays.sort(solvedAt);
            median = Percentile.ofSorted(solvedAt, 50);
        }
        return new Summary(episodesToSolve.size(), solvedAt.length, rate, ms, median, iqm, censorAt);
    }

    /**
     * P(a run of X needs fewer episodes to solve than a run of Y) + ½P(equal), unsolved = C, with
     * its interval (X and Y resampled independently).
     */
    public static Interval probabilityFewerEpisodes(List<Long> x, List<Long> y, double censorAt, StratifiedBootstrap boot) {
        double[] nx = negate(censored(x, censorAt));
        double[] ny = negate(censored(y, censorAt));
        return boot.interval(new double[][] {nx}, new double[][] {ny}, ProbabilityOfImprovement::of);
    }

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }
}
