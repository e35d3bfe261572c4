package org.kfrelax.estimators;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Distribution;
import org.kfrelax.dist.Relaxable;
import org.kfrelax.random.Rng;

/**
 * Discrete LAX (Grathwohl et al. 2018, section 3.3): the LAX control variate applied to the
 * relaxed sample z without conditioning, per sample
 * ĝ = f(b) ∇θ log p(b|θ) − c_φ(z) ∇θ log p(z|θ) + ∇θ c_φ(z),  b = H(z),
 * where the first two terms treat b and z as constants and the last differentiates through
 * z's reparameterization. Unbiased (E[c(z)∇θ log p(z|θ)] = E[∇θ c(z)]). Usually weaker than
 * RELAX, which conditions on b; here for comparison. Surrogate as in {@link Relax}.
 */
public final class DiscreteLax extends SurrogateEstimator {

    public DiscreteLax(Surrogate surrogate, SurrogateOptimizer optimizer) {
        super("discrete-lax", surrogate, optimizer);
    }

    /** Discrete LAX with the default relaxed surrogate trained by Adam. */
    public static DiscreteLax create(int dim, double lr, Rng init) {
        return new DiscreteLax(Surrogate.relaxed(dim, 10, init), new AdamSurrogateOptimizer(lr));
    }

    @Override
    public Estimate estimate(Tensor[] theta, Distribution dist, Objective f, int batch, Rng rng, boolean varianceGradient) {
        Support.checkTheta(theta);
        Relaxable d = Support.relaxable(dist, name());
        beginRecording(varianceGradient);
        Tensor z = d.relaxed(d.noise(batch, rng));
        Tensor zFixed = z.detach();
        Tensor b = d.hard(zFixed);
        double[] fb = Support.values(f, b);
        Tensor obj = Support.vector(fb).mul(d.logProb(b))
                .sub(surrogate.apply(d, zFixed).mul(d.logDensity(zFixed)))
                .add(surrogate.apply(d, z)).mean();
        double meanF = Support.mean(fb);
        return finish(obj, theta, varianceGradient, meanF);
    }
}
