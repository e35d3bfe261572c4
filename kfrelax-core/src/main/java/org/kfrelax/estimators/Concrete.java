package org.kfrelax.estimators;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Distribution;
import org.kfrelax.dist.Relaxable;
import org.kfrelax.random.Rng;

/**
 * The concrete / Gumbel-softmax estimator (Maddison et al. 2017; Jang et al. 2017):
 * ĝ = (1/B) Σ_i ∇θ f(σ_λ(z_i)), with σ_λ(z) = σ(z/λ) (Bernoulli) or softmax(z/λ)
 * (categorical) at a fixed temperature λ. <b>Biased</b>: it differentiates f at relaxed
 * inputs, so E[ĝ] = ∇θ E[f(σ_λ(z))] ≠ ∇θ E[f(b)] in general. Needs a
 * {@link DifferentiableObjective}.
 */
public final class Concrete implements Estimator {
    private final Tensor temperature;

    /** Temperature λ (> 0), e.g. 0.5. */
    public Concrete(double temperature) {
        Support.checkTemperature(temperature, "concrete");
        this.temperature = Tensor.scalar(temperature);
    }

    @Override
    public String name() {
        return "concrete";
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
        Tensor s = df.apply(d.concrete(z, temperature)).mean();
        double meanF = Support.mean(Support.values(f, d.hard(z)));
        return Estimate.of(Support.gradient(s, theta), meanF);
    }
}
