package org.kfrelax.estimators;

import org.kfrelax.autodiff.Tensor;

/**
 * The loss a surrogate (control variate, or REBAR's η and λ) is trained on: the mean square
 * of the estimate over its components,
 * <pre>
 *   L(φ) = (1/P) Σ_{j=1..P} ĝ_j²,
 * </pre>
 * with ĝ built as a graph differentiable in φ. Since E[ĝ] does not depend on φ (the estimators
 * are unbiased for every φ), ∇φ E[L] = ∇φ (1/P) Σ_j Var[ĝ_j]: L's gradient is an unbiased
 * estimate of the gradient of the mean per-component variance, computed by double backprop.
 *
 * <p>Normalisation: the mean over the P components, not the sum. The scale of L reaches the
 * step of every optimizer that is not scale-invariant: Adam is (up to its ε), but a plain
 * gradient or K-FAC step with the Gauss-Newton Fisher moves linearly with it (with the
 * empirical Fisher, whose factors grow with L², inversely, up to damping), so with the sum the
 * surrogate learning rate would have to shrink as the policy network grows. With the mean,
 * one learning rate serves a one-logit toy and a 180-parameter policy, and L is on the scale
 * of the gradient variance the RL agents log (GradVariance: the mean over components). The
 * RL agents always used the mean; the core estimators used the sum until this class, which
 * changes nothing for one θ component (the toy problem) and divides their variance gradient
 * by P otherwise (their K-FAC variants then take P times smaller surrogate steps, subject to
 * the trust region).
 */
public final class VarianceLoss {
    private VarianceLoss() {}

    /** L = (1/P) Σ_j ĝ_j² over all components of all tensors of {@code g} (a differentiable scalar). */
    public static Tensor of(Tensor[] g) {
        if (g.length == 0) {
            throw new IllegalArgumentException("the variance loss needs at least one gradient tensor");
        }
        Tensor sum = null;
        int count = 0;
        for (Tensor t : g) {
            Tensor sq = t.square().sum();
            sum = sum == null ? sq : sum.add(sq);
            count += t.size();
        }
        return sum.div(count);
    }

    /** P, the number of components of ĝ over all tensors of {@code g}. */
    public static int components(Tensor[] g) {
        int count = 0;
        for (Tensor t : g) {
            count += t.size();
        }
        return count;
    }

    /**
     * The Gauss-Newton probe of L along {@code eps} (P values, one per component of ĝ, in the
     * order of {@code g}'s tensors and their entries):
     * <pre>
     *   ℓ_ε = sqrt(2/P) Σ_j ε_j ĝ_j,     ∇φ ℓ_ε = sqrt(2/P) J_φᵀ ε    (J_φ = ∂ĝ/∂φ)
     * </pre>
     * L = (1/P) ĝᵀĝ is quadratic in ĝ with Hessian (2/P) I, so its Gauss-Newton matrix (the
     * Hessian with ĝ linearized in φ) is (2/P) J_φᵀ J_φ = E_ε[∇φ ℓ_ε ∇φ ℓ_εᵀ] for ε ~ N(0, I),
     * and exactly Σ_j ∇φ ℓ_{e_j} ∇φ ℓ_{e_j}ᵀ over the unit vectors e_j. Differentiated w.r.t. a
     * surrogate layer's pre-activations it gives that layer's Gauss-Newton G-factor samples
     * ({@link KfacSurrogateOptimizer.FisherSource#GAUSS_NEWTON_VARIANCE}).
     */
    public static Tensor gaussNewtonProbe(Tensor[] g, double[] eps) {
        int p = components(g);
        if (g.length == 0 || eps.length != p) {
            throw new IllegalArgumentException("the Gauss-Newton probe needs one direction value per component of the"
                    + " estimate (" + p + "), got " + eps.length);
        }
        Tensor sum = null;
        int off = 0;
        for (Tensor t : g) {
            double[] seg = java.util.Arrays.copyOfRange(eps, off, off + t.size());
            off += t.size();
            Tensor term = t.flatten().mul(Tensor.vector(seg)).sum();
            sum = sum == null ? term : sum.add(term);
        }
        return sum.mul(Math.sqrt(2.0 / p));
    }
}
