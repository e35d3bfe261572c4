package org.kfrelax.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

/** {@link TraceVariance} against values computed by hand. */
class TraceVarianceTest {

    @Test
    void traceVarianceAndItsStandardErrors() {
        // draws (0,0), (2,0), (0,2), (2,2): mean (1,1), d_i = 2 each, V̂ = 8/3, sd(d) = 0
        double[][] g = {{0, 0}, {2, 0}, {0, 2}, {2, 2}};
        TraceVariance t = new TraceVariance(g);
        assertThat(t.variance()).isCloseTo(8.0 / 3, offset(1e-15));
        assertThat(t.se()).isEqualTo(0.0);
        assertThat(t.mean()).containsExactly(1.0, 1.0);
        // draws 0, 1, 2, 5 (P = 1): mean 2, d = 4, 1, 0, 9, V̂ = 14/3;
        // sd(d) = sqrt(((4−3.5)² + (1−3.5)² + (0−3.5)² + (9−3.5)²)/3) = sqrt(49/3), SE = sqrt(49/3)/2
        TraceVariance u = new TraceVariance(new double[][] {{0}, {1}, {2}, {5}});
        assertThat(u.variance()).isCloseTo(14.0 / 3, offset(1e-14));
        assertThat(u.se()).isCloseTo(Math.sqrt(49.0 / 3) / 2, offset(1e-14));
        assertThat(u.logVariance()).isCloseTo(Math.log(14.0 / 3), offset(1e-14));
        assertThat(u.logSe()).isCloseTo(Math.sqrt(49.0 / 3) / 2 / (14.0 / 3), offset(1e-14));
        // paired log ratio against 2× the same draws: d' = 4d, V̂' = 4V̂, ψ_i = 0 ⇒ SE 0
        TraceVariance w = new TraceVariance(new double[][] {{0}, {2}, {4}, {10}});
        assertThat(u.logRatioSe(w)).isCloseTo(0.0, offset(1e-15));
        // against the first set: ψ = d/V̂ − d'/V̂' with d' = 2,2,2,2 ⇒ ψ = d·3/14 − 3/4
        double[] psi = {4 * 3.0 / 14 - 0.75, 3.0 / 14 - 0.75, -0.75, 9 * 3.0 / 14 - 0.75};
        double mean = (psi[0] + psi[1] + psi[2] + psi[3]) / 4;
        double ss = 0;
        for (double p : psi) {
            ss += (p - mean) * (p - mean);
        }
        assertThat(u.logRatioSe(new TraceVariance(new double[][] {{0}, {2}, {0}, {2}}))).isCloseTo(Math.sqrt(ss / 3) / 2,
                offset(1e-14));
    }

    @Test
    void meanDifferenceZ() {
        double[][] a = {{1, 5}, {2, 5}, {3, 5}, {6, 5}};
        double[][] b = {{0, 5}, {0, 5}, {0, 5}, {0, 5}};
        // component 0: differences 1, 2, 3, 6: mean 3, sd sqrt(14/3), z = 3/(sqrt(14/3)/2); component 1: all 0 ⇒ 0
        double[] z = TraceVariance.meanDifferenceZ(a, b);
        assertThat(z[0]).isCloseTo(3 / (Math.sqrt(14.0 / 3) / 2), offset(1e-14));
        assertThat(z[1]).isEqualTo(0.0);
        assertThat(TraceVariance.meanDifferenceZ(new double[][] {{1}, {1}}, new double[][] {{0}, {0}})[0])
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> new TraceVariance(new double[][] {{1}})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2 draws, got 1");
    }
}
