package org.kfrelax.estimators;

/**
 * ARM, the augment-REINFORCE-merge estimator for Bernoulli logits ℓ (Yin and Zhou 2019):
 * with u ~ U(0,1)^n, b⁽¹⁾ = 1[u &gt; σ(−ℓ)], b⁽²⁾ = 1[u &lt; σ(ℓ)],
 * ĝ_ℓ = [f(b⁽¹⁾) − f(b⁽²⁾)] (u − ½), then ĝ_θ = (∂ℓ/∂θ)ᵀ ĝ_ℓ by backprop; averaged over the
 * batch. Unbiased; two evaluations of f per sample.
 */
public final class Arm extends BernoulliPairEstimator {

    public Arm() {
        super("arm");
    }

    /** b⁽¹⁾ = 1[u > σ(−ℓ)], with σ(−ℓ) = 1 − p. */
    @Override
    double first(double u, double p) {
        return u > 1 - p ? 1 : 0;
    }

    /** b⁽²⁾ = 1[u < σ(ℓ)]. */
    @Override
    double second(double u, double p) {
        return u < p ? 1 : 0;
    }

    /** [f(b⁽¹⁾) − f(b⁽²⁾)] (u − ½). */
    @Override
    double logitGradient(double u, double logit, double b1, double b2, double f1, double f2) {
        return (f1 - f2) * (u - 0.5);
    }
}
