package org.kfrelax.estimators;

import java.util.List;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Distribution;
import org.kfrelax.dist.Relaxable;
import org.kfrelax.optim.Adam;
import org.kfrelax.random.Rng;

/**
 * REBAR (Tucker et al. 2017), per sample
 * ĝ = [f(b) − η f(σ_λ(z̃))] ∇θ log p(b|θ) + η [∇θ f(σ_λ(z)) − ∇θ f(σ_λ(z̃))],
 * with z the relaxed sample, b = H(z), z̃ ~ p(z|b) and σ_λ the concrete relaxation at
 * temperature λ. Unbiased for any η, λ; both are trained (by Adam) to minimize Var[ĝ] with
 * the double-backprop variance gradient ∂(Σ_j ĝ_j²)/∂(η, log λ). Needs a
 * {@link DifferentiableObjective}. Initial η = 1, λ = 0.5.
 */
public final class Rebar implements Estimator {
    private final Tensor eta = Tensor.param(1.0);
    private final Tensor logTemperature = Tensor.param(Math.log(0.5));
    private final Adam adam;

    /** REBAR whose η and log λ are trained by Adam at learning rate {@code lr}. */
    public Rebar(double lr) {
        this.adam = new Adam(List.of(eta, logTemperature), lr);
    }

    @Override
    public String name() {
        return "rebar";
    }

    @Override
    public boolean isUnbiased() {
        return true;
    }

    /** η then log λ. */
    @Override
    public List<Tensor> parameters() {
        return List.of(eta, logTemperature);
    }

    public double eta() {
        return eta.item();
    }

    public double temperature() {
        return Math.exp(logTemperature.item());
    }

    @Override
    public Estimate estimate(Tensor[] theta, Distribution dist, Objective f, int batch, Rng rng, boolean varianceGradient) {
        Support.checkTheta(theta);
        Relaxable d = Support.relaxable(dist, name());
        DifferentiableObjective df = DifferentiableObjective.require(f, name());
        Relaxable.RelaxedSample s = d.relaxedSample(batch, rng);
        Tensor lambda = logTemperature.exp();
        double[] fb = Support.values(f, s.b());
        Tensor cz = df.apply(d.concrete(s.z(), lambda)).mul(eta);
        Tensor czt = df.apply(d.concrete(s.conditional(), lambda)).mul(eta);
        Tensor cztFixed = df.apply(d.concrete(s.conditional().detach(), lambda)).mul(eta);
        Tensor obj = Support.vector(fb).sub(cztFixed).mul(d.logProb(s.b())).add(cz).sub(czt).mean();
        double meanF = Support.mean(fb);
        return Support.finish(obj, theta, parameters(), varianceGradient, meanF).estimate();
    }

    @Override
    public void update(Estimate estimate) {
        Support.checkTrainable(estimate, name());
        adam.step(estimate.varianceGradient());
    }
}
