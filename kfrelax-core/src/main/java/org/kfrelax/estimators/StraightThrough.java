package org.kfrelax.estimators;

import org.kfrelax.autodiff.Tensor;

/**
 * Straight-through Gumbel-softmax (Jang et al. 2017; Bengio et al. 2013): f is evaluated at the
 * hard sample b but differentiated as if the input were the relaxation s = σ_λ(z):
 * x = b + s − stopgrad(s), ĝ = (1/B) Σ_i ∇θ f(x_i) = (1/B) Σ_i ∇f(b_i)·∂s_i/∂θ.
 * <b>Biased</b>. Needs a {@link DifferentiableObjective}.
 */
public final class StraightThrough extends RelaxedInputEstimator {

    /** Temperature λ (> 0) of the backward relaxation, e.g. 1. */
    public StraightThrough(double temperature) {
        super("straight-through", temperature);
    }

    /** x = b + s − stopgrad(s): the value of b, the gradient of s. */
    @Override
    Tensor input(Tensor b, Tensor soft) {
        return soft.sub(soft.detach()).add(b);
    }
}
