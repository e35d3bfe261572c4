package org.kfrelax.rl;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.random.Pcg64;

/** The conditional relaxed sample: the direct formula, argmax z̃ = b, and finiteness for π_k → 0. */
class RelaxedCategoricalTest {

    @Test
    void matchesTheDirectFormulaAndKeepsTheChosenActionOnTop() {
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
        Tensor logp = Tensor.matrix(n, k, logits).logSoftmax();
        double[] zt = RelaxedCategorical.zTilde(logp, b, Tensor.matrix(n, k, v)).data();
        double[] lp = logp.data();
        for (int r = 0; r < n; r++) {
            double lvb = Math.log(v[r * k + b[r]]);
            for (int j = 0; j < k; j++) {
                double direct = j == b[r] ? -Math.log(-lvb)
                        : -Math.log(-Math.log(v[r * k + j]) / Math.exp(lp[r * k + j]) - lvb);
                // tolerance: two algebraically equal forms evaluated in double precision
                assertThat(zt[r * k + j]).isCloseTo(direct, Offset.offset(1e-12 * Math.max(1, Math.abs(direct))));
                if (j != b[r]) {
                    assertThat(zt[r * k + j]).isLessThan(zt[r * k + b[r]]);
                }
            }
        }
    }

    @Test
    void staysFiniteWhenAnActionsProbabilityUnderflows() {
        Tensor logits = Tensor.paramMatrix(1, 3, 0.0, -900.0, 5.0);
        Tensor logp = logits.logSoftmax();
        Tensor zt = RelaxedCategorical.zTilde(logp, new int[] {2}, Tensor.matrix(1, 3, 0.3, 0.6, 0.9));
        assertThat(zt.isFinite()).isTrue();
        Tensor[] g = Autodiff.grad(zt.softmax().sum(1).sum().add(zt.mul(zt).sum()), new Tensor[] {logits}, false);
        assertThat(g[0].isFinite()).isTrue();
    }
}
