package org.kfrelax.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfrelax.stats.Interval;
import org.kfrelax.stats.StratifiedBootstrap;

/**
 * Unsolved runs (null) censored at the budget. Point values by hand, intervals from the same
 * seeded draws in Python (numpy 2.4, scipy 1.17; see {@code org.kfrelax.stats.StatsTest}),
 * tolerance 1e-9 relative (same draws, summation order aside).
 */
class SolveStatisticsTest {
    private static final List<Long> A = Arrays.asList(520L, 310L, null, 275L, 412L, 390L, null, 333L, 298L, 450L);
    private static final List<Long> B = Arrays.asList(600L, null, null, 350L, 480L);

    @Test
    void solvedRunsForMeanStdAllRunsForTheIqm() {
        SolveStatistics.Summary s = SolveStatistics.of(A, 2000, new StratifiedBootstrap(7, 2000, 0.95));
        assertThat(s.runs()).isEqualTo(10);
        assertThat(s.solved()).isEqualTo(8);
        assertThat(s.solveRate().estimate()).isEqualTo(0.8);
        // solved: 275 298 310 333 390 412 450 520, mean 2988/8 = 373.5, median (333 + 390)/2 = 361.5
        assertThat(s.solvedMeanStd().mean()).isEqualTo(373.5);
        assertThat(s.solvedMeanStd().std()).isCloseTo(84.63704018589362, within(1e-9)); // statistics.stdev
        assertThat(s.solvedMedian()).isEqualTo(361.5);
        // IQM with the two unsolved at 2000: 402.5 (StatsTest); interval = StatsTest's, same seed and draws
        assertThat(s.iqm().estimate()).isEqualTo(402.5);
        assertThat(s.iqm().low()).isCloseTo(323.1666666666667, within(1e-9));
        assertThat(s.iqm().high()).isCloseTo(1195.416666666666, within(1e-9));
        assertThat(s.censoredAt()).isEqualTo(2000);
    }

    @Test
    void fewerEpisodesIsBetter() {
        StratifiedBootstrap boot = new StratifiedBootstrap(11, 1000, 0.95);
        // A's first five vs B: 520 beats 600, null, null (3); 310 beats all (5); null ties two (1);
        // 275 (5); 412 beats 600, nulls, 480 (4): 18/25
        Interval p = SolveStatistics.probabilityFewerEpisodes(A.subList(0, 5), B, 2000, boot);
        assertThat(p.estimate()).isCloseTo(0.72, within(1e-12));
        assertThat(p.low()).isCloseTo(0.36, within(1e-12));
        assertThat(p.high()).isCloseTo(1.0, within(1e-12));
        assertThat(SolveStatistics.probabilityFewerEpisodes(B, A.subList(0, 5), 2000, boot).estimate())
                .isCloseTo(0.28, within(1e-12));
    }

    @Test
    void theCensoringValueIsTheEpisodeBudgetOrTheLongestRun() {
        assertThat(SolveStatistics.censorValue(2000, List.of(150L, 2000L))).isEqualTo(2000);
        assertThat(SolveStatistics.censorValue(0, List.of(150L, 66622L, 2418L))).isEqualTo(66622);
        assertThatThrownBy(() -> SolveStatistics.censored(List.of(2500L), 2000))
                .hasMessageContaining("2500 exceeds the censoring value 2000");
        SolveStatistics.Summary none = SolveStatistics.of(Arrays.asList(null, null), 100, new StratifiedBootstrap(0, 10, 0.95));
        assertThat(none.solvedMeanStd()).isNull();
        assertThat(none.solvedMedian()).isNaN();
        assertThat(none.iqm().estimate()).isEqualTo(100);
        assertThat(none.solveRate().high()).isZero();
    }
}
