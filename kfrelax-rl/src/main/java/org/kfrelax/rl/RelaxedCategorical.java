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
 *        = −logaddexp(log(−log v_k) − log π_k, log(−log v_b))    (the stable form used)
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

    /**
     * The conditional sample z̃ ~ p(z | b) for actions {@code b}, from uniforms {@code v}
     * (rows × K). Computed in log space so that a near-deterministic policy (π_k → 0) stays
     * finite: with L_k = log(−log v_k), z̃_k = −logaddexp(L_k − log π_k, L_b) for k ≠ b,
     * logaddexp(x, y) = y + softplus(x − y), and z̃_b = −L_b.
     */
    static Tensor zTilde(Tensor logp, int[] b, Tensor v) {
        int n = logp.rows();
        int k = logp.cols();
        double[] l = v.toArray();
        for (int i = 0; i < l.length; i++) {
            l[i] = Math.log(-Math.log(l[i]));
        }
        double[] lb = new double[n * k];
        double[] mask = new double[n * k];
        double[] atB = new double[n * k];
        for (int r = 0; r < n; r++) {
            double lbr = l[r * k + b[r]];
            for (int j = 0; j < k; j++) {
                lb[r * k + j] = lbr;
                mask[r * k + j] = j == b[r] ? 0.0 : 1.0;
                atB[r * k + j] = -lbr;
            }
        }
        Tensor lbT = Tensor.matrix(n, k, lb);
        Tensor others = Tensor.matrix(n, k, l).sub(logp).sub(lbT).softplus().add(lbT).neg();
        return others.where(Tensor.matrix(n, k, mask), Tensor.matrix(n, k, atB));
    }
}
