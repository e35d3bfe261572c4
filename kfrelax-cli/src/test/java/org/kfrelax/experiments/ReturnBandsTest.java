package org.kfrelax.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed bands; tolerance 1e-12 (a few additions and one division). */
class ReturnBandsTest {
    private static final double NaN = Double.NaN;

    @Test
    void runsAreTheUnitsWithinEachSharedBand() {
        // returns 0..40 over all runs (the NaN-variance episode at return 100 does not count), 2 bands of 20
        double[] m1 = {0, 10, 30, 40};
        double[] v1 = {1, 3, 5, 7};
        double[] m2 = {10, 10, 10, 25, 100};
        double[] v2 = {2, 2, 2, 4, NaN};
        double[] edges = ReturnBands.edges(List.of(m1, m2), List.of(v1, v2), 2);
        assertThat(edges).containsExactly(0, 20, 40);
        List<ReturnBands.Cell> c = ReturnBands.cells(edges, List.of(m1, m2), List.of(v1, v2));
        // band [0, 20): run 1 mean (1 + 3)/2 = 2, run 2 mean 2 (three episodes, one number): mean 2, std 0
        assertThat(c.get(0).runs()).isEqualTo(2);
        assertThat(c.get(0).mean()).isCloseTo(2, within(1e-12));
        assertThat(c.get(0).std()).isCloseTo(0, within(1e-12));
        // band [20, 40]: run 1 (5 + 7)/2 = 6, run 2 4: mean 5, sample std √2
        assertThat(c.get(1).mean()).isCloseTo(5, within(1e-12));
        assertThat(c.get(1).std()).isCloseTo(Math.sqrt(2), within(1e-12));
        assertThat(c.get(1).low()).isEqualTo(20);
        assertThat(c.get(1).high()).isEqualTo(40);
        // another algorithm with no episode in the upper band
        List<ReturnBands.Cell> other = ReturnBands.cells(edges, List.of(new double[] {5, 6}), List.of(new double[] {-1, -3}));
        assertThat(other.get(0).runs()).isEqualTo(1);
        assertThat(other.get(0).mean()).isEqualTo(-2);
        assertThat(other.get(1).runs()).isZero();
        assertThat(other.get(1).mean()).isNaN();
    }

    @Test
    void bandEdges() {
        double[] e = {0, 20, 40};
        assertThat(ReturnBands.band(e, 0)).isZero();
        assertThat(ReturnBands.band(e, 19.999)).isZero();
        assertThat(ReturnBands.band(e, 20)).isEqualTo(1);
        assertThat(ReturnBands.band(e, 40)).isEqualTo(1);
        assertThat(ReturnBands.band(e, 40.5)).isEqualTo(-1);
        assertThat(ReturnBands.edges(List.of(new double[] {7, 7}), List.of(new double[] {1, 2}), 3))
                .containsExactly(7, 7, 7, 7);
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> ReturnBands.edges(List.of(new double[] {1}), List.of(new double[] {1}), 0))
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> ReturnBands.edges(List.of(new double[] {1}), List.of(new double[] {NaN}), 2))
                .hasMessageContaining("no episode has a gradient log-variance");
        assertThatThrownBy(() -> ReturnBands.cells(new double[] {0, 1}, List.of(new double[] {1, 2}), List.of(new double[] {1})))
                .hasMessageContaining("run 0: 2 returns but 1 log-variances");
    }
}
