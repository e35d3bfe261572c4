package org.kfrelax.estimators;

import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;

/**
 * LAX's estimate (Grathwohl et al. 2018) from its pieces, for reparameterized samples
 * a_i = μ + σ·ε_i, i = 1..B:
 * <pre>
 *   ĝ = s · ( Σ_i [f_i − c_φ(a_i)] ∇θ log p(a_i|θ) + ∇θ Σ_i c_φ(a_i) )
 * </pre>
 * where log p(a_i|θ) is evaluated with a_i held fixed (a constant copy) and c_φ(a_i) with a_i
 * reparameterized, so that the second term differentiates through a; f_i is the black box's
 * value (for RL: the advantage estimate) and s a scale (1/B for a batch mean). The weight
 * f − c(a) multiplies the score without being differentiated in θ but stays differentiable in
 * φ, so that with {@code createGraph} ĝ is a graph in φ for the {@link VarianceLoss}. Used by
 * the core {@link Lax} estimator and by the RL agents' LAX.
 */
public final class LaxGradient {
    private LaxGradient() {}

    /**
     * @param theta the parameters θ
     * @param logProbFixedA log p(a_i|θ) at the fixed a_i, a vector of B
     * @param f f_i, a constant vector of B
     * @param ca c_φ(a_i) at the reparameterized a_i, a vector of B
     * @param scale s
     * @param createGraph whether ĝ is to be differentiated again (in φ)
     */
    public static Tensor[] of(Tensor[] theta, Tensor logProbFixedA, Tensor f, Tensor ca, double scale,
            boolean createGraph) {
        Tensor weight = f.sub(ca);
        Tensor pathwise = ca.sum();
        if (scale != 1.0) {
            weight = weight.mul(scale);
            pathwise = pathwise.mul(scale);
        }
        return Autodiff.grad(new Tensor[] {logProbFixedA, pathwise}, theta, new Tensor[] {weight, null}, createGraph);
    }
}
