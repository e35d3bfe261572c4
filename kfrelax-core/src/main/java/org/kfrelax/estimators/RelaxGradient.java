package org.kfrelax.estimators;

import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;

/**
 * RELAX's estimate (Grathwohl et al. 2018) from its pieces, for samples i = 1..B:
 * <pre>
 *   ĝ = s · ( Σ_i [f_i − c_φ(z̃_i)] ∇θ log p(b_i|θ) + ∇θ Σ_i c_φ(z_i) − ∇θ Σ_i c_φ(z̃_i) )
 * </pre>
 * with z the relaxed sample, b = H(z), z̃ ~ p(z|b) (both differentiable in θ), f_i the black
 * box's value (for RL: the return R_t) and s a scale (1/B for a batch mean, 1 for the sum over
 * an episode's steps). The weight f − c(z̃) multiplies the score without being differentiated
 * in θ (a vector-Jacobian product with it as the output weight), but stays differentiable in φ,
 * so that with {@code createGraph} ĝ is a graph in φ for the {@link VarianceLoss}. Used by the
 * core {@link Relax} estimator and by the RL agents' per-episode RELAX.
 */
public final class RelaxGradient {
    private RelaxGradient() {}

    /**
     * @param theta the parameters θ
     * @param logProbB log p(b_i|θ), a vector of B
     * @param f f_i, a constant vector of B
     * @param cz c_φ(z_i), a vector of B
     * @param czt c_φ(z̃_i), a vector of B
     * @param scale s
     * @param createGraph whether ĝ is to be differentiated again (in φ)
     */
    public static Tensor[] of(Tensor[] theta, Tensor logProbB, Tensor f, Tensor cz, Tensor czt, double scale,
            boolean createGraph) {
        return of(theta, new Tensor[0], logProbB, f, cz, czt, scale, createGraph);
    }

    /**
     * As {@link #of(Tensor[], Tensor, Tensor, Tensor, Tensor, double, boolean)}, and in the same
     * backward pass the gradients of the same outputs at {@code taps} (tensors of the graph, e.g.
     * the surrogate's pre-activations, {@link SurrogateOptimizer#pathwiseTaps}): the result holds
     * ĝ for θ, then one gradient per tap (null if the tap does not reach them).
     */
    public static Tensor[] of(Tensor[] theta, Tensor[] taps, Tensor logProbB, Tensor f, Tensor cz, Tensor czt,
            double scale, boolean createGraph) {
        Tensor weight = f.sub(czt);
        Tensor pathwise = cz.sum().sub(czt.sum());
        if (scale != 1.0) {
            weight = weight.mul(scale);
            pathwise = pathwise.mul(scale);
        }
        if (taps.length == 0) {
            return Autodiff.grad(new Tensor[] {logProbB, pathwise}, theta, new Tensor[] {weight, null}, createGraph);
        }
        Tensor[] inputs = new Tensor[theta.length + taps.length];
        System.arraycopy(theta, 0, inputs, 0, theta.length);
        System.arraycopy(taps, 0, inputs, theta.length, taps.length);
        Tensor[] g = Autodiff.grad(new Tensor[] {logProbB, pathwise}, inputs, new Tensor[] {weight, null}, createGraph,
                true);
        for (int i = 0; i < theta.length; i++) {
            if (g[i] == null) {
                g[i] = Tensor.zerosLike(theta[i]);   // as without taps
            }
        }
        return g;
    }
}
