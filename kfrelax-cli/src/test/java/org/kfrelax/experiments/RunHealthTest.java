package org.kfrelax.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Planted runs: a healthy one, a collapsed one of each kind, a diverged one, and near misses. */
class RunHealthTest {
    private static final Double CARTPOLE_V1 = 475.0;

    /** A run that learns: returns rise from 20 to 500, log-variance from −2 to +10 with noise. */
    private static double[][] healthy(int n) {
        double[] ret = new double[n];
        double[] lv = new double[n];
        for (int i = 0; i < n; i++) {
            ret[i] = Math.min(500, 20 + i) + (i % 7);
            lv[i] = i == 0 ? Double.NaN : -2 + 12.0 * i / n + 0.5 * Math.sin(i);
        }
        return new double[][] {ret, lv};
    }

    @Test
    void aLearningRunIsKept() {
        double[][] r = healthy(600);
        assertThat(RunHealth.of(r[0], r[1], null, CARTPOLE_V1)).isEqualTo(RunHealth.OK);
        assertThat(RunHealth.of(r[0], r[1], null, null)).isEqualTo(RunHealth.OK);
    }

    @Test
    void aPolicyGoneDeterministicFarFromSolvedIsCollapsed() {
        // as the relax seed-0 CartPole-v1 run of this project: up to +11, then 9-10 steps per
        // episode with the log-variance at −15
        double[][] r = healthy(600);
        for (int i = 300; i < 600; i++) {
            r[0][i] = 9 + (i % 2);
            r[1][i] = -15 + 0.3 * Math.sin(i);
        }
        RunHealth h = RunHealth.of(r[0], r[1], null, CARTPOLE_V1);
        assertThat(h.kind()).isEqualTo(RunHealth.Kind.COLLAPSED);
        assertThat(h.reason()).contains("vanished gradient variance").contains("mean return 9.50 < threshold 475.00");
        // without a threshold "far from solved" cannot be judged, and the returns still vary
        assertThat(RunHealth.of(r[0], r[1], null, null)).isEqualTo(RunHealth.OK);
        // the same drop at the end of a solved run is no collapse (a deterministic good policy)
        for (int i = 300; i < 600; i++) {
            r[0][i] = 500;
        }
        assertThat(RunHealth.of(r[0], r[1], null, CARTPOLE_V1)).isEqualTo(RunHealth.OK);
    }

    @Test
    void theVarianceDropMustReachTheThreshold() {
        double[][] r = healthy(600);
        // the peak of what stays (the last 100 values are replaced)
        double peak = Arrays.stream(r[1], 0, 500).filter(Double::isFinite).max().orElseThrow();
        for (int i = 500; i < 600; i++) {
            r[0][i] = 9 + (i % 2);
            r[1][i] = peak - 9.9; // a drop of 9.9 < 10
        }
        assertThat(RunHealth.of(r[0], r[1], null, CARTPOLE_V1)).isEqualTo(RunHealth.OK);
        for (int i = 500; i < 600; i++) {
            r[1][i] = peak - 10.0;
        }
        assertThat(RunHealth.of(r[0], r[1], null, CARTPOLE_V1).kind()).isEqualTo(RunHealth.Kind.COLLAPSED);
    }

    @Test
    void stuckReturnsAreACollapseEvenWithoutAThreshold() {
        // Acrobot-v1 at −500 every episode for the last 100 episodes; its log-variance need not fall
        double[][] r = healthy(400);
        for (int i = 300; i < 400; i++) {
            r[0][i] = -500;
        }
        RunHealth h = RunHealth.of(r[0], r[1], null, -100.0);
        assertThat(h.kind()).isEqualTo(RunHealth.Kind.COLLAPSED);
        assertThat(h.reason()).isEqualTo("stuck: the last 100 returns are all -500.00");
        assertThat(RunHealth.of(r[0], r[1], null, null).kind()).isEqualTo(RunHealth.Kind.COLLAPSED);
        // 99 equal returns and one other are not stuck
        r[0][350] = -499;
        assertThat(RunHealth.of(r[0], r[1], null, -100.0)).isEqualTo(RunHealth.OK);
    }

    @Test
    void aNonFiniteGradientIsADivergenceAndShortRunsAreNotJudged() {
        double[][] r = healthy(50);
        RunHealth h = RunHealth.of(r[0], r[1], "non-finite gradient at update 12", CARTPOLE_V1);
        assertThat(h.kind()).isEqualTo(RunHealth.Kind.DIVERGED);
        assertThat(h.reason()).isEqualTo("non-finite gradient at update 12");
        Arrays.fill(r[0], 9);
        assertThat(RunHealth.of(r[0], r[1], null, CARTPOLE_V1)).isEqualTo(RunHealth.OK);
        assertThatThrownBy(() -> RunHealth.of(new double[3], new double[2], null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 3 and 2");
    }
}
