package org.kfrelax.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The common step grid: from the largest first x to the largest last x; each run a step function up to its own end. */
class StepGridTest {

    @Test
    void gridSpansTheRunsAndResamplesAsAStepFunction() {
        double[] ax = {10, 30, 60, 100};
        double[] ay = {1, 2, 3, 4};
        double[] bx = {20, 50};
        double[] by = {5, 6};
        StepGrid g = StepGrid.of(List.of(ax, bx), 5);
        assertThat(g.x()).containsExactly(20, 40, 60, 80, 100);
        // a: at 20 the last point at or before is x=10 (1), at 40 x=30 (2), 60 exactly (3), 80 still 3, 100 (4)
        assertThat(g.resample(ax, ay)).containsExactly(1, 2, 3, 3, 4);
        // b ends at 50: values only for the grid points up to 50 (20 and 40, both still its first value)
        assertThat(g.resample(bx, by)).containsExactly(5, 5);
        assertThat(g.resample(bx, by)).hasSize(2);
        assertThat(g.head(2)).containsExactly(20, 40);
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> StepGrid.of(List.of(new double[] {1, 2}), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StepGrid.of(List.of(new double[0]), 3)).isInstanceOf(IllegalArgumentException.class);
        StepGrid g = StepGrid.of(List.of(new double[] {1, 2}), 2);
        assertThatThrownBy(() -> g.resample(new double[] {1}, new double[] {1, 2})).isInstanceOf(IllegalArgumentException.class);
    }
}
