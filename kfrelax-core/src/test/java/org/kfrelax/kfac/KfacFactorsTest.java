package org.kfrelax.kfac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Factor arithmetic against the published test vectors (tensorflow/kfac fisher_blocks tests). */
class KfacFactorsTest {

    // Exact small-integer arithmetic: tolerance 1e-12 only absorbs rounding.
    private static final double EXACT = 1e-12;

    @Test
    void emaFromIdentityWithBias() {
        double[] x = {1, 2, 3, 4};
        KfacFactors f = new KfacFactors(identity(3), identity(1), 0.5, false);
        f.update(KfacFactors.secondMoment(x, 2, 2, true), new double[] {1});
        assertClose(f.a(), new double[] {3, 3.5, 1, 3.5, 5.5, 1.5, 1, 1.5, 1});
    }

    @Test
    void emaFromIdentityWithoutBias() {
        double[] x = {1, 2, 3, 4};
        KfacFactors f = new KfacFactors(identity(2), identity(1), 0.5, false);
        f.update(KfacFactors.secondMoment(x, 2, 2, false), new double[] {1});
        assertClose(f.a(), new double[] {3, 3.5, 3.5, 5.5});
    }

    @Test
    void secondMomentOf3x3() {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertClose(KfacFactors.secondMoment(x, 3, 3, false), new double[] {22, 26, 30, 26, 31, 36, 30, 36, 42});
    }

    @Test
    void piDampedInverseOfIdentityFactors() {
        // (I + sqrt(.5) I)^-1 [[2,3],[4,5]] (I + sqrt(.5) I)^-1 = grad / (1+sqrt(.5))^2; published to 6 decimals.
        KroneckerInverse inv = KroneckerInverse.of(identity(2), 2, identity(2), 2, Damping.factored(0.5), 1e-10);
        double[] out = inv.apply(new double[] {2, 3, 4, 5});
        double[] expected = {0.686291, 1.029437, 1.372583, 1.715729};
        for (int i = 0; i < 4; i++) {
            assertThat(out[i]).isCloseTo(expected[i], within(1e-6));
        }
    }

    @Test
    void initialPhaseIsPlainAverageThenEma() {
        KfacFactors f = new KfacFactors(1, 1, 0.5);
        f.update(new double[] {4}, new double[] {8});   // w = 1
        assertThat(f.a()[0]).isCloseTo(4, within(EXACT));
        f.update(new double[] {2}, new double[] {2});   // w = max(.5, 1/2) -> mean of 4, 2
        assertThat(f.a()[0]).isCloseTo(3, within(EXACT));
        f.update(new double[] {0}, new double[] {0});   // w = max(.5, 1/3) = .5
        assertThat(f.a()[0]).isCloseTo(1.5, within(EXACT));
        assertThat(f.g()[0]).isCloseTo(2.5, within(EXACT));
    }

    @Test
    void nonFiniteUpdateIsRejectedWithoutChange() {
        KfacFactors f = new KfacFactors(identity(2), identity(1), 0.5, false);
        assertThatThrownBy(() -> f.update(new double[] {1, Double.NaN, Double.NaN, 1}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertClose(f.a(), identity(2));
        assertThat(f.updates()).isZero();
    }

    static double[] identity(int n) {
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            m[i * n + i] = 1;
        }
        return m;
    }

    private static void assertClose(double[] actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(EXACT));
        }
    }
}
