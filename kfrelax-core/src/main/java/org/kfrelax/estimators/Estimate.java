package org.kfrelax.estimators;

import org.kfrelax.autodiff.Tensor;

/**
 * The result of {@link Estimator#estimate}.
 *
 * @param gradient ĝ, one constant tensor per θ tensor (shaped like it)
 * @param varianceGradient ∇ψ of the {@link VarianceLoss} (1/P) Σ_j ĝ_j² for the estimator's own
 *     parameters ψ (an unbiased estimate of ∇ψ of the mean per-component variance of ĝ, since
 *     E[ĝ] does not depend on ψ); empty when not requested or
 *     when the estimator has no parameters
 * @param meanValue the mean of f over the samples drawn (the hard samples for discrete
 *     distributions), a free by-product for monitoring
 */
public record Estimate(Tensor[] gradient, Tensor[] varianceGradient, double meanValue) {

    /** An estimate without a variance gradient. */
    static Estimate of(Tensor[] gradient, double meanValue) {
        return new Estimate(gradient, new Tensor[0], meanValue);
    }

    /** Whether a variance gradient is present. */
    public boolean hasVarianceGradient() {
        return varianceGradient.length > 0;
    }
}
