package org.kfrelax.estimators;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Distribution;
import org.kfrelax.dist.Relaxable;
import org.kfrelax.random.Rng;

/**
 * Straight-through Gumbel-softmax (Jang et al. 2017; Bengio et al. 2013): f is evaluated at the
 * hard sample b but differentiated as if the input were the relaxation s = σ_λ(z):
 * x = b + s − stopgrad(s), ĝ = (1/B) Σ_i ∇θ f(x_i) = (1/B) Σ_i ∇f(b_i)·∂s_i/∂θ.
 * <b>Biased</b>. Needs a {@link DifferentiableObjective}.
 */
public final class StraightThrough implements Estimator {
    private final Tensor temperature;

    /** Temperature λ (> 0) of the backward relaxation, e.g. 1. */
    public StraightThrough(double temperature) {
        Support.checkTemperature(temperature, "straight-through");
        this.temperature = Tensor.scalar(temperature);
    }

    @Override
    public String name() {
        return "straight-through";
    }

    @Override
    public boolean isUnbiased() {
        return false;
    }

    @Override
    public Estimate estimate(Tensor[] theta, Distribution dist, Objective f, int batch, Rng rng, boolean varianceGradient) {
        Support.checkTheta(theta);
        Relaxable d = Support.relaxable(dist, name());
        DifferentiableObjective df = DifferentiableObjective.require(f, name());
        Tensor z = d.relaxed(d.noise(batch, rng));
        Tensor b = d.hard(z);
        Tensor soft = d.concrete(z, temperature);
        Tensor x = soft.sub(soft.detach()).add(b);
        Tensor s = df.apply(x).mean();
        double meanF = Support.mean(Support.values(f, b));
        return Estimate.of(Support.gradient(s, theta), meanF);
    }
}
