package org.kfrelax.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** SB3's explained variance, 1 − Var[y − ŷ]/Var[y], on hand-computed cases. */
class ExplainedVarianceTest {

    @Test
    void handComputedValues() {
        double[] y = {1, 2, 3, 4};   // Var = 1.25
        assertThat(ExplainedVariance.of(y, y)).isEqualTo(1.0);
        // predicting the mean explains nothing
        assertThat(ExplainedVariance.of(new double[] {2.5, 2.5, 2.5, 2.5}, y)).isEqualTo(0.0);
        // a constant offset is not penalized (variances, not mean squared errors): residuals all 1
        assertThat(ExplainedVariance.of(new double[] {0, 1, 2, 3}, y)).isEqualTo(1.0);
        // residuals (1, -1, 1, -1): Var 1 -> 1 - 1/1.25 = 0.2
        assertThat(ExplainedVariance.of(new double[] {0, 3, 2, 5}, y)).isCloseTo(0.2, within(1e-15));
        // worse than the mean: residuals y - (-y) = 2y, Var 5 -> 1 - 4 = -3
        assertThat(ExplainedVariance.of(new double[] {-1, -2, -3, -4}, y)).isCloseTo(-3.0, within(1e-15));
    }

    @Test
    void constantTargetsGiveNaNAndBadLengthsAreRefused() {
        assertThat(ExplainedVariance.of(new double[] {0, 1}, new double[] {2, 2})).isNaN();
        assertThat(ExplainedVariance.of(new double[] {7}, new double[] {3})).isNaN();
        assertThat(ExplainedVariance.of(new double[] {0, Double.NaN}, new double[] {1, 2})).isNaN();
        assertThatThrownBy(() -> ExplainedVariance.of(new double[] {1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 predictions and 2 targets");
        assertThatThrownBy(() -> ExplainedVariance.of(new double[0], new double[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
