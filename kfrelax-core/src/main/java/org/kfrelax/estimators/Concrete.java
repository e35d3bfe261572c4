package org.kfrelax.estimators;

import org.kfrelax.autodiff.Tensor;

/**
 * The concrete / Gumbel-softmax estimator (Maddison et al. 2017; Jang et al. 2017):
 * ĝ = (1/B) Σ_i ∇θ f(σ_λ(z_i)), with σ_λ(z) = σ(z/λ) (Bernoulli) or softmax(z/λ)
 * (categorical) at a fixed temperature λ. <b>Biased</b>: it differentiates f at relaxed
 * inputs, so E[ĝ] = ∇θ E[f(σ_λ(z))] ≠ ∇θ E[f(b)] in general. Needs a
 * {@link DifferentiableObjective}.
 */
public final class Concrete extends RelaxedInputEstimator {

    /** Temperature λ (> 0), e.g. 0.5. */
    public Concrete(double temperature) {
        super("concrete", temperature);
    }

    /** f is differentiated at the relaxation itself: x = σ_λ(z). */
    @Override
    Tensor input(Tensor b, Tensor soft) {
        return soft;
    }
}
