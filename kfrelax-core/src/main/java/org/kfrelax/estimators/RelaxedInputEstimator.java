package org.kfrelax.estimators;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Distribution;
import org.kfrelax.dist.Relaxable;
import org.kfrelax.random.Rng;

/**
 * What the concrete and straight-through estimators share: draw the relaxed sample z and its
 * hard sample b = H(z), feed f a differentiable input built from b and the concrete relaxation
 * σ_λ(z) at a fixed temperature λ, and differentiate the batch mean of f with respect to θ.
 * Both are biased and need a {@link DifferentiableObjective}; the reported mean value is the
 * mean of f(b). Subclasses choose the input ({@link #input}) and state their formula.
 */
abstract class RelaxedInputEstimator implements Estimator {
    private final String name;
    private final Tensor temperature;

    RelaxedInputEstimator(String name, double temperature) {
        Support.checkTemperature(temperature, name);
        this.name = name;
        this.temperature = Tensor.scalar(temperature);
    }

    /** The input at which f is differentiated, from the hard sample b and the relaxation soft = σ_λ(z). */
    abstract Tensor input(Tensor b, Tensor soft);

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isUnbiased() {
        return false;
    }

    @Override
    public Estimate estimate(Tensor[] theta, Distribution dist, Objective f, int batch, Rng rng, boolean varianceGradient) {
        Support.checkTheta(theta);
        Relaxable d = Support.relaxable(dist, name);
        DifferentiableObjective df = DifferentiableObjective.require(f, name);
        Tensor z = d.relaxed(d.noise(batch, rng));
        Tensor b = d.hard(z);
        Tensor s = df.apply(input(b, d.concrete(z, temperature))).mean();
        double meanF = Support.mean(Support.values(f, b));
        return Estimate.of(Support.gradient(s, theta), meanF);
    }
}
