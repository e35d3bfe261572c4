package org.kfrelax.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.random.Pcg64;

/**
 * The conditional samples z̃ stay finite, with finite gradients, where a probability
 * underflows (π_k or p below the smallest double), and equal the direct formulas of the method
 * where those are computable.
 *
 * <p>Tolerances: the stable and the direct forms are algebraically equal; evaluated in
 * double precision they differ by a few ulps of the larger intermediate term, so 1e-12
 * relative (of max(1, |value|)) separates rounding from a wrong term (which moves z̃ by
 * O(1e-3) or more at these inputs).
 */
class ConditionalUnderflowTest {
    private static final double TOL = 1e-12;

    @Test
    void categoricalWithAnUnderflowingClassIsFiniteWithFiniteGradients() {
        // the case of issue 10: logits [0, −800, −1], b = 0, v = [.3, .6, .5]
        Tensor logits = Tensor.paramVector(0.0, -800.0, -1.0);
        Categorical d = new Categorical(logits);
        Tensor zt = d.conditional(Tensor.vector(1, 0, 0), Tensor.vector(0.3, 0.6, 0.5));
        assertThat(zt.isFinite()).as("z̃ = %s", zt).isTrue();
        double[] lp = d.logProbs().data();
        double lb = Math.log(-Math.log(0.3));
        assertThat(zt.get(0, 0)).isCloseTo(-lb, Offset.offset(TOL));
        // k = 2: the direct formula is computable here
        double direct2 = -Math.log(-Math.log(0.5) / Math.exp(lp[2]) - Math.log(0.3));
        assertThat(zt.get(0, 2)).isCloseTo(direct2, Offset.offset(TOL * Math.max(1, Math.abs(direct2))));
        // k = 1: π_1 = e^−800.3 underflows, so the direct formula gives −Infinity; the exact value is
        // −logaddexp(L_1 − log π_1, L_b) = log π_1 − L_1 − log1p(exp(L_b − L_1 + log π_1)), the last term ~e^−800
        double l1 = Math.log(-Math.log(0.6));
        assertThat(zt.get(0, 1)).isCloseTo(lp[1] - l1, Offset.offset(TOL * Math.abs(lp[1])));
        assertThat(zt.get(0, 1)).isLessThan(zt.get(0, 0));
        Tensor[] g = Autodiff.grad(zt.softmax().mul(Tensor.vector(1, 2, 3)).sum().add(zt.square().sum()),
                new Tensor[] {logits}, false);
        assertThat(g[0].isFinite()).as("gradient %s", g[0]).isTrue();
        // dz̃_1/dℓ_1 = 1 − π_1 (z̃_1 ≈ log π_1 − L_1), the other classes barely move it
        Tensor[] g1 = Autodiff.grad(zt.sliceCols(1, 2).sum(), new Tensor[] {logits}, false);
        assertThat(g1[0].get(1)).isCloseTo(1.0, Offset.offset(TOL));
    }

    @Test
    void categoricalMatchesTheDirectFormulaAndKeepsTheChosenClassOnTop() {
        Pcg64 rng = new Pcg64(5);
        int n = 50;
        int k = 4;
        double[] logits = new double[n * k];
        double[] v = new double[n * k];
        int[] b = new int[n];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = 2 * rng.nextGaussian();
            v[i] = rng.nextOpenDouble();
        }
        for (int r = 0; r < n; r++) {
            b[r] = rng.nextInt(k);
        }
        Categorical d = new Categorical(Tensor.matrix(n, k, logits));
        double[] zt = d.conditional(b, Tensor.matrix(n, k, v)).data();
        double[] viaOneHot = d.conditional(Categorical.oneHot(b, k), Tensor.matrix(n, k, v)).data();
        assertThat(viaOneHot).containsExactly(zt);
        double[] lp = d.logProbs().data();
        for (int r = 0; r < n; r++) {
            double lvb = Math.log(v[r * k + b[r]]);
            for (int j = 0; j < k; j++) {
                double direct = j == b[r] ? -Math.log(-lvb)
                        : -Math.log(-Math.log(v[r * k + j]) / Math.exp(lp[r * k + j]) - lvb);
                assertThat(zt[r * k + j]).isCloseTo(direct, Offset.offset(TOL * Math.max(1, Math.abs(direct))));
                if (j != b[r]) {
                    assertThat(zt[r * k + j]).isLessThan(zt[r * k + b[r]]);
                }
            }
        }
    }

    @Test
    void categoricalRejectsBadClassIndices() {
        Categorical d = new Categorical(Tensor.matrix(2, 3, 0, 0, 0, 1, 1, 1));
        Tensor v = Tensor.matrix(2, 3, 0.2, 0.4, 0.6, 0.2, 0.4, 0.6);
        assertThatThrownBy(() -> d.conditional(new int[] {0, 3}, v)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("b[1] = 3");
        assertThatThrownBy(() -> d.conditional(new int[] {0}, v)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 entries but v has 2 rows");
    }

    /**
     * Bernoulli at logits ±800 (p or 1 − p below the smallest double), both values of b: z̃ equals
     * the exact value (which simplifies there: e.g. ℓ = 800, b = 0 gives v' = v e^−800 and
     * z̃ = log v), H(z̃) = b, and dz̃/dℓ is finite and equals
     * p − p(1−p)(1−v)/(1 − p(1−v)) (b = 1) or (1−p) − p(1−p)v/(1 − (1−p)v) (b = 0).
     */
    @Test
    void bernoulliAtExtremeLogitsIsExactAndFinite() {
        double v = 0.3;
        double logitV = Math.log(v) - Math.log1p(-v);
        double[][] cases = {
            // ℓ, b, exact z̃, exact dz̃/dℓ
            {800, 0, Math.log(v), 0.0},
            {800, 1, 800 + logitV, 1.0},
            {-800, 0, -800 + logitV, 1.0},
            {-800, 1, -Math.log1p(-v), 0.0},
        };
        for (double[] c : cases) {
            Tensor logit = Tensor.paramVector(c[0]);
            Tensor zt = new Bernoulli(logit).conditional(Tensor.vector(c[1]), Tensor.vector(v));
            String what = "ℓ = " + c[0] + ", b = " + c[1];
            assertThat(zt.item()).as(what).isCloseTo(c[2], Offset.offset(TOL * Math.max(1, Math.abs(c[2]))));
            assertThat(zt.item() >= 0 ? 1.0 : 0.0).as(what + ": H(z̃)").isEqualTo(c[1]);
            double dz = Autodiff.grad(zt.sum(), logit)[0].item();
            assertThat(dz).as(what + ": dz̃/dℓ").isCloseTo(c[3], Offset.offset(TOL));
        }
    }
}
