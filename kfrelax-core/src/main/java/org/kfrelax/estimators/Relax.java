package org.kfrelax.estimators;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Distribution;
import org.kfrelax.dist.Relaxable;
import org.kfrelax.nn.Activation;
import org.kfrelax.nn.Mlp;
import org.kfrelax.random.Rng;

/**
 * RELAX (Grathwohl et al. 2018) for discrete variables with a neural control variate c_φ
 * ({@link Surrogate}), per sample
 * ĝ = [f(b) − c_φ(z̃)] ∇θ log p(b|θ) + ∇θ c_φ(z) − ∇θ c_φ(z̃),
 * with z the relaxed sample, b = H(z) and z̃ ~ p(z|b); averaged over the batch. Unbiased for
 * any φ ({@link RelaxGradient} computes it, with scale 1/B). The surrogate (MLP weights and
 * temperature) is trained to minimize Var[ĝ]: since E[ĝ] does not depend on φ, by the
 * gradient of the {@link VarianceLoss} (double backprop). The step is taken by a {@link SurrogateOptimizer}: Adam for RELAX, K-FAC for
 * KF-RELAX ({@link #kfRelax}).
 *
 * <p>For one Bernoulli unit whose logit is θ, with the default surrogate shape, the estimate
 * and its variance gradient are computed by a fused hand-differentiated kernel
 * ({@link ScalarRelaxKernel}), equal to the graph computation to rounding (not with K-FAC's
 * empirical Fisher, which differentiates the variance-loss graph).
 */
public final class Relax extends SurrogateEstimator {
    private ScalarRelaxKernel kernel;

    public Relax(String name, Surrogate surrogate, SurrogateOptimizer optimizer) {
        super(name, surrogate, optimizer);
        this.kernel = optimizer.needsEstimateGraph() ? null : ScalarRelaxKernel.forSurrogate(surrogate);
    }

    /** Whether the fused scalar path is available (used when the estimate is the scalar case). */
    boolean usesKernel() {
        return kernel != null;
    }

    /** Turns off the fused scalar path ({@link ScalarRelaxKernel}), so every estimate uses the autodiff graph. */
    Relax withoutKernel() {
        kernel = null;
        return this;
    }

    /** RELAX with the default surrogate (dim → 10 tanh → 1, λ₀ = 0.5) trained by Adam at {@code lr}. */
    public static Relax relax(int dim, double lr, Rng init) {
        return new Relax("relax", Surrogate.relaxed(dim, 10, init), new AdamSurrogateOptimizer(lr));
    }

    /** KF-RELAX: the default surrogate trained by K-FAC (the temperature by Adam). */
    public static Relax kfRelax(int dim, KfacSurrogateOptimizer kfac, Rng init) {
        return new Relax("kf-relax", Surrogate.relaxed(dim, 10, init), kfac);
    }

    /**
     * RELAX with the REBAR-plus surrogate η f(σ_λ(z)) + MLP(2σ_λ(z) − 1) ({@link Surrogate#rebarPlus}:
     * dim → {@code hidden} LeakyReLU(0.3) → 1, λ₀ = 0.5, η₀ = 1), trained by {@code optimizer} (Adam
     * for RELAX, a {@link KfacSurrogateOptimizer} for KF-RELAX). Needs a {@link DifferentiableObjective}.
     */
    public static Relax rebarPlus(String name, int dim, int hidden, SurrogateOptimizer optimizer, Rng init) {
        return new Relax(name, Surrogate.rebarPlus(Mlp.create(new int[] {dim, hidden, 1}, Activation.LEAKY_RELU, init), 0.5),
                optimizer);
    }

    @Override
    public Estimate estimate(Tensor[] theta, Distribution dist, Objective f, int batch, Rng rng, boolean varianceGradient) {
        Support.checkTheta(theta);
        Relaxable d = Support.relaxable(dist, name());
        if (kernel != null && ScalarRelaxKernel.applies(theta, dist)) {
            Estimate e = kernel.estimate(theta[0], f, batch, rng, varianceGradient);
            clearEstimateGraph();
            if (varianceGradient && optimizer.recordsForwardPasses()) {
                // the graph path's two surrogate evaluations c(z), c(z̃), replayed forward only, so
                // that K-FAC records the same layer inputs and outputs
                optimizer.beginRecording(surrogate);
                surrogate.apply(d, Tensor.matrix(batch, 1, kernel.lastZ()));
                surrogate.apply(d, Tensor.matrix(batch, 1, kernel.lastConditional()));
            }
            return e;
        }
        beginRecording(varianceGradient);
        Relaxable.RelaxedSample s = d.relaxedSample(batch, rng);
        double[] fb = Support.values(f, s.b());
        Tensor cz = surrogate.apply(d, s.z(), f);
        Tensor czt = surrogate.apply(d, s.conditional(), f);
        Tensor[] g = RelaxGradient.of(theta, d.logProb(s.b()), Support.vector(fb), cz, czt, 1.0 / batch, varianceGradient);
        return finishGradient(g, varianceGradient, Support.mean(fb));
    }
}
