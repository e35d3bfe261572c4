package org.kfrelax.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Hand-computed values (worked out in the comments) and values from Python (numpy 2.4, scipy
 * 1.17: {@code scipy.stats.trim_mean}, {@code mannwhitneyu}, {@code statistics.stdev}, and a
 * Python loop that draws the bootstrap indices with {@code np.random.default_rng(seed).integers}
 * in this class's order, then {@code np.percentile}). Tolerance 1e-12 relative: the same
 * arithmetic up to summation order; the bootstrap's resamples are the same draws, not a
 * statistical approximation.
 */
class StatsTest {
    private static final double TOL = 1e-12;

    @Test
    void interquartileMeanTrimsAQuarterRoundedDownAtEachEnd() {
        // n = 5: k = 1, mean(2, 3, 4) = 3 (scipy.stats.trim_mean(.., 0.25) = 3.0)
        assertThat(InterquartileMean.of(new double[] {10, 2, 4, 1, 3})).isEqualTo(3.0);
        // n = 8: sorted 1 2 | 3 5 7 8 | 9 100, k = 2: 23/4 = 5.75 (the 100 does not matter)
        assertThat(InterquartileMean.of(new double[] {5, 1, 9, 3, 7, 2, 8, 100})).isEqualTo(5.75);
        // n = 6: k = 1, mean(2, 3, 4, 5) = 3.5
        assertThat(InterquartileMean.of(new double[] {6, 1, 5, 2, 4, 3})).isEqualTo(3.5);
        // n = 10 episodes-to-solve with two runs censored at 2000: sorted 275 298 | 310 333 390
        // 412 450 520 | 2000 2000, k = 2: 2415/6 = 402.5
        double[] eps = {520, 310, 2000, 275, 412, 390, 2000, 333, 298, 450};
        assertThat(InterquartileMean.of(eps)).isEqualTo(402.5);
        // n < 4 keeps everything
        assertThat(InterquartileMean.of(new double[] {1, 2, 6})).isEqualTo(3.0);
        // tasks pooled
        assertThat(InterquartileMean.of(new double[][] {{10, 2, 4}, {1, 3}})).isEqualTo(3.0);
    }

    @Test
    void probabilityOfImprovementCountsTiesHalf() {
        // x = 1, 2, 3 vs y = 2, 2, 4: 1 wins nothing; 2 ties twice (1); 3 beats both 2s (2): 3/9
        assertThat(ProbabilityOfImprovement.of(new double[] {1, 2, 3}, new double[] {2, 2, 4}))
                .isCloseTo(1.0 / 3, within(TOL));
        // negated episodes to solve (lower is better), 2000 = unsolved: 3 + 5 + 1 + 5 + 4 = 18 of 25
        double[] a = {-520, -310, -2000, -275, -412};
        double[] b = {-600, -2000, -2000, -350, -480};
        assertThat(ProbabilityOfImprovement.of(a, b)).isCloseTo(0.72, within(TOL));
        assertThat(ProbabilityOfImprovement.of(b, a)).isCloseTo(0.28, within(TOL));
        assertThat(ProbabilityOfImprovement.of(a, a)).isEqualTo(0.5);
        // two tasks: mean of 0.72 and 1 (a single run beating a single run)
        assertThat(ProbabilityOfImprovement.of(new double[][] {a, {2}}, new double[][] {b, {1}}))
                .isCloseTo(0.86, within(TOL));
        assertThat(ProbabilityOfImprovement.of(new double[] {Double.NEGATIVE_INFINITY}, new double[] {Double.NEGATIVE_INFINITY}))
                .isEqualTo(0.5);
    }

    @Test
    void meanStdIsTheSampleStandardDeviation() {
        // statistics.mean = 5, statistics.stdev = 2.138089935299395 (variance 32/7)
        MeanStd m = MeanStd.of(new double[] {2, 4, 4, 4, 5, 5, 7, 9});
        assertThat(m.mean()).isEqualTo(5.0);
        assertThat(m.variance()).isCloseTo(32.0 / 7, within(TOL));
        assertThat(m.std()).isCloseTo(2.138089935299395, within(TOL));
        assertThat(MeanStd.of(new double[] {3}).std()).isZero();
    }

    @Test
    void percentilesMatchNumpyLinear() {
        // numpy.percentile([1, 2, 3, 4, 10], [25, 75]) == [2., 4.]; of [1, 2, 3, 4]: [1.75, 3.25]
        assertThat(Percentile.ofSorted(new double[] {1, 2, 3, 4, 10}, 25)).isEqualTo(2.0);
        assertThat(Percentile.ofSorted(new double[] {1, 2, 3, 4, 10}, 75)).isEqualTo(4.0);
        assertThat(Percentile.ofSorted(new double[] {1, 2, 3, 4}, 25)).isEqualTo(1.75);
        assertThat(Percentile.ofSorted(new double[] {1, 2, 3, 4}, 75)).isEqualTo(3.25);
        assertThat(Percentile.ofSorted(new double[] {1, 2, 3, 4}, 100)).isEqualTo(4.0);
        assertThat(Percentile.ofSorted(new double[] {1, 2, 3, 4}, 2.5)).isCloseTo(1.075, within(TOL));
    }

    @Test
    void bootstrapIntervalOfTheIqmEqualsTheSameDrawsInPython() {
        double[][] eps = {{520, 310, 2000, 275, 412, 390, 2000, 333, 298, 450}};
        Interval iqm = new StratifiedBootstrap(7, 2000, 0.95).interval(eps, InterquartileMean::of);
        assertThat(iqm.estimate()).isEqualTo(402.5);
        assertThat(iqm.low()).isCloseTo(323.1666666666667, within(TOL * 1e3));
        assertThat(iqm.high()).isCloseTo(1195.416666666666, within(TOL * 1e4));
        // two tasks of different sizes, resampled within each task
        Interval two = new StratifiedBootstrap(3, 1000, 0.95).interval(new double[][] {{3, 1, 4, 1, 5}, {9, 2, 6}},
                InterquartileMean::of);
        assertThat(two.estimate()).isEqualTo(3.5);
        assertThat(two.low()).isCloseTo(1.7437500000000057, within(TOL * 10));
        assertThat(two.high()).isCloseTo(5.25, within(TOL * 10));
    }

    @Test
    void bootstrapIntervalOfTheProbabilityOfImprovementEqualsTheSameDrawsInPython() {
        double[][] a = {{-520, -310, -2000, -275, -412}};
        double[][] b = {{-600, -2000, -2000, -350, -480}};
        Interval pi = new StratifiedBootstrap(11, 1000, 0.95).interval(a, b, ProbabilityOfImprovement::of);
        assertThat(pi.estimate()).isCloseTo(0.72, within(TOL));
        assertThat(pi.low()).isCloseTo(0.36, within(TOL));
        assertThat(pi.high()).isCloseTo(1.0, within(TOL));
    }

    @Test
    void bootstrapIsSeededAndResamplesOnlyWithinTasks() {
        StratifiedBootstrap boot = new StratifiedBootstrap(1, 500, 0.9);
        double[][] d = {{1, 2, 3, 4, 5, 6, 7, 8}};
        assertThat(boot.interval(d, InterquartileMean::of)).isEqualTo(boot.interval(d, InterquartileMean::of));
        // a task whose runs agree contributes its value to every resample: the pooled mean of
        // {0, 0} and {10, 10, 10, 10} is 20/3 whatever the draws, so the interval is one point
        Interval fixed = boot.interval(new double[][] {{0, 0}, {10, 10, 10, 10}}, data -> MeanStd.of(InterquartileMean.pool(data)).mean());
        assertThat(fixed.low()).isEqualTo(fixed.high()).isCloseTo(20.0 / 3, within(TOL));
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> InterquartileMean.of(new double[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InterquartileMean.of(new double[] {1, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value 1 is NaN");
        assertThatThrownBy(() -> ProbabilityOfImprovement.of(new double[] {1}, new double[] {Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("y[0] is NaN");
        assertThatThrownBy(() -> new StratifiedBootstrap(0, 0, 0.95)).hasMessageContaining("resamples must be >= 1, got 0");
        assertThatThrownBy(() -> new StratifiedBootstrap(0, 10, 1.0)).hasMessageContaining("confidence level");
        assertThatThrownBy(() -> new StratifiedBootstrap(0, 10, 0.9).interval(new double[][] {{}}, InterquartileMean::of))
                .hasMessageContaining("task 0 has no runs");
        assertThatThrownBy(() -> Percentile.ofSorted(new double[] {1}, 101)).hasMessageContaining("got 101");
    }
}
