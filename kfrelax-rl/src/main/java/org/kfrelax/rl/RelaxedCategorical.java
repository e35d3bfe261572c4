package org.kfrelax.rl;

import org.kfrelax.autodiff.Tensor;

/**
 * The relaxed samples RELAX needs for a categorical choice, batched over an episode's steps
 * (rows). With log-probabilities log π (rows × K, differentiable), the uniforms u that chose
 * the actions b = argmax_k z_k, and fresh uniforms v:
 * <pre>
 *   z_k   = log π_k − log(−log u_k)                          (so b = argmax z)
 *   z̃_b  = −log(−log v_b)
 *   z̃_k  = −log(−(log v_k)/π_k − log v_b),   k ≠ b            (z̃ ~ p(z | b), exactly)
 * </pre>
 * Both stay differentiable in the policy parameters through log π (z̃ through π = exp(log π)).
 */
final class RelaxedCategorical {
    private RelaxedCategorical() {}

    /** z = log π + Gumbel(u). */
    static Tensor z(Tensor logp, Tensor u) {
        return logp.add(gumbel(u));
    }

    /** −log(−log u), element-wise, as a constant. */
    static Tensor gumbel(Tensor u) {
        double[] d = u.toArray();
        for (int i = 0; i < d.length; i++) {
            d[i] = -Math.log(-Math.log(d[i]));
        }
        return Tensor.matrix(u.rows(), u.cols(), d);
    }

    /** The conditional sample z̃ ~ p(z | b) for actions {@code b}, from uniforms {@code v} (rows × K). */
    static Tensor zTilde(Tensor logp, int[] b, Tensor v) {
        int n = logp.rows();
        int k = logp.cols();
        double[] lv = v.toArray();
        double[] lvb = new double[n];
        double[] mask = new double[n * k];
        double[] atB = new double[n * k];
        for (int i = 0; i < lv.length; i++) {
            lv[i] = Math.log(lv[i]);
        }
        for (int r = 0; r < n; r++) {
            lvb[r] = lv[r * k + b[r]];
            for (int j = 0; j < k; j++) {
                mask[r * k + j] = j == b[r] ? 0.0 : 1.0;
                atB[r * k + j] = -lvb[r];
            }
        }
        Tensor negLogV = Tensor.matrix(n, k, lv).neg();
        Tensor negLogVb = Tensor.matrix(n, 1, lvb).neg();
        Tensor pi = logp.exp();
        Tensor inner = negLogV.div(pi).add(negLogVb);
        return inner.where(Tensor.matrix(n, k, mask), Tensor.matrix(n, k, atB)).log().neg();
    }
}
