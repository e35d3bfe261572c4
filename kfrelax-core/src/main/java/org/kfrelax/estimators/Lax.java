package org.kfrelax.estimators;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Distribution;
import org.kfrelax.dist.Gaussian;
import org.kfrelax.random.Rng;

/**
 * LAX (Grathwohl et al. 2018) for a continuous, reparameterizable (Gaussian) distribution with
 * a neural control variate c_φ, per sample
 * ĝ = [f(a) − c_φ(a)] ∇θ log p(a|θ) + ∇θ c_φ(a),  a = μ + σ·ε,
 * where the first term treats a as a constant and the second differentiates through the
 * reparameterization ({@link LaxGradient} computes it, with scale 1/B). Unbiased for any φ
 * (E[c(a)∇θ log p(a|θ)] = ∇θ E[c(a)] = E[∇θ c(a)]). The surrogate is trained to minimize Var[ĝ]
 * by the gradient of the {@link VarianceLoss} (double backprop),
 * with Adam (LAX) or K-FAC (KF-LAX, {@link #kfLax}).
 */
public final class Lax extends SurrogateEstimator {

    public Lax(String name, Surrogate surrogate, SurrogateOptimizer optimizer) {
        super(name, checkContinuous(surrogate), optimizer);
    }

    private static Surrogate checkContinuous(Surrogate surrogate) {
        if (surrogate.logTemperature() != null) {
            throw new IllegalArgumentException("LAX needs a continuous surrogate (no temperature)");
        }
        return surrogate;
    }

    /** LAX with the default continuous surrogate (dim → 10 tanh → 1) trained by Adam. */
    public static Lax lax(int dim, double lr, Rng init) {
        return new Lax("lax", Surrogate.continuous(dim, 10, init), new AdamSurrogateOptimizer(lr));
    }

    /** KF-LAX: the default continuous surrogate trained by K-FAC. */
    public static Lax kfLax(int dim, KfacSurrogateOptimizer kfac, Rng init) {
        return new Lax("kf-lax", Surrogate.continuous(dim, 10, init), kfac);
    }

    @Override
    public Estimate estimate(Tensor[] theta, Distribution dist, Objective f, int batch, Rng rng, boolean varianceGradient) {
        Support.checkTheta(theta);
        Gaussian d = Support.gaussian(dist, name());
        beginRecording(varianceGradient);
        Tensor a = d.reparameterized(d.noise(batch, rng));
        Tensor aFixed = a.detach();
        double[] fa = Support.values(f, aFixed);
        Tensor[] g = LaxGradient.of(theta, d.logProb(aFixed), Support.vector(fa), surrogate.apply(a), 1.0 / batch,
                varianceGradient);
        return finishGradient(g, varianceGradient, Support.mean(fa));
    }
}
