package org.kfrelax.estimators;

import java.util.List;
import java.util.Locale;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Bernoulli;
import org.kfrelax.dist.Distribution;
import org.kfrelax.dist.Relaxable;
import org.kfrelax.optim.Adam;
import org.kfrelax.random.Rng;
import org.kfrelax.state.Stateful;
import org.kfrelax.state.TrainingState;

/**
 * REBAR (Tucker et al. 2017), per sample
 * ĝ = [f(b) − η f(σ_λ(z̃))] ∇θ log p(b|θ) + η [∇θ f(σ_λ(z)) − ∇θ f(σ_λ(z̃))],
 * with z the relaxed sample, b = H(z), z̃ ~ p(z|b) and σ_λ the concrete relaxation at
 * temperature λ. Unbiased for any η, λ; both are trained (by Adam) to minimize Var[ĝ] with
 * the double-backprop variance gradient ∂(Σ_j ĝ_j²)/∂(η, log λ). Needs a
 * {@link DifferentiableObjective}. Initial η = 1, λ = 0.5 (as in the reference code).
 *
 * <p>The noise v of z̃ is drawn by a {@link Coupling}: independent of z's noise u, or tied to it
 * (z̃ = z in value, as the reference implementation does).
 *
 * <p>For one Bernoulli unit (logit θ, p = σ(θ)) the control variate
 * c = −f(σ_λ(z̃))(b − p) + ∇θ f(σ_λ(z)) − ∇θ f(σ_λ(z̃)) has conditional mean
 * E[c | b] = −f(σ_λ(0))(b − p) = −f(½)(b − p) for every λ and either coupling, so
 * E[ĝ | b] = [f(b) − η f(½)](b − p) and Var[ĝ] = Var[(f(b) − η f(½))(b − p)] + η² E[Var(c | b)]:
 * on one unit REBAR is REINFORCE with the constant baseline η f(½) plus noise. On the toy
 * f(b) = (b − 0.499)², f(½) = 10⁻⁶, so no η, λ beats REINFORCE (see docs/REBAR.md).
 */
public final class Rebar implements Estimator, Stateful {
    /** How the conditional sample's noise v relates to the relaxed sample's noise u. */
    public enum Coupling {
        /** v ~ U(0,1) independent of u: z̃ a fresh draw from p(z|b) (the papers' definition). */
        INDEPENDENT,
        /**
         * Bernoulli only: v is the noise for which z̃(v, b) = z, i.e. v = u/(1−p) if b = 0 and
         * v = 1 − (1−u)/p if b = 1 (uniform given b, so z̃ ~ p(z|b) still); z̃ keeps its own
         * gradient ∂z̃/∂θ at fixed v. The "tied randomness" of the REBAR reference implementation
         * (tensorflow/models research/rebar, {@code _u_to_v}), also used for the RELAX paper's toy
         * figure (duvenaud/relax rebar_toy.py, {@code force_same=True}).
         */
        TIED;

        /** The coupling named {@code s} ("independent" or "tied"). */
        public static Coupling parse(String s) {
            for (Coupling c : values()) {
                if (c.name().toLowerCase(Locale.ROOT).equals(s)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown coupling '" + s + "', expected independent or tied");
        }
    }

    private final Tensor eta = Tensor.param(1.0);
    private final Tensor logTemperature = Tensor.param(Math.log(0.5));
    private final Adam adam;
    private final Coupling coupling;

    /** REBAR whose η and log λ are trained by Adam at learning rate {@code lr}, with independent noise. */
    public Rebar(double lr) {
        this(lr, Coupling.INDEPENDENT);
    }

    /** REBAR whose η and log λ are trained by Adam at learning rate {@code lr}, z̃ drawn with {@code coupling}. */
    public Rebar(double lr, Coupling coupling) {
        if (coupling == null) {
            throw new IllegalArgumentException("coupling must be independent or tied, got null");
        }
        this.adam = new Adam(List.of(eta, logTemperature), lr);
        this.coupling = coupling;
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

    public Coupling coupling() {
        return coupling;
    }

    @Override
    public Estimate estimate(Tensor[] theta, Distribution dist, Objective f, int batch, Rng rng, boolean varianceGradient) {
        Support.checkTheta(theta);
        Relaxable d = Support.relaxable(dist, name());
        DifferentiableObjective df = DifferentiableObjective.require(f, name());
        Relaxable.RelaxedSample s = coupling == Coupling.TIED
                ? tiedSample(Support.bernoulli(dist, name() + " with tied coupling"), batch, rng)
                : d.relaxedSample(batch, rng);
        Tensor lambda = logTemperature.exp();
        double[] fb = Support.values(f, s.b());
        Tensor cz = df.apply(d.concrete(s.z(), lambda)).mul(eta);
        Tensor czt = df.apply(d.concrete(s.conditional(), lambda)).mul(eta);
        Tensor cztFixed = df.apply(d.concrete(s.conditional().detach(), lambda)).mul(eta);
        Tensor obj = Support.vector(fb).sub(cztFixed).mul(d.logProb(s.b())).add(cz).sub(czt).mean();
        double meanF = Support.mean(fb);
        return Support.finish(obj, theta, parameters(), varianceGradient, meanF).estimate();
    }

    /** u, z = relaxed(u), b = H(z) and z̃ = conditional(b, v) with v tied to u ({@link Coupling#TIED}). */
    private static Relaxable.RelaxedSample tiedSample(Bernoulli d, int batch, Rng rng) {
        Tensor u = d.noise(batch, rng);
        Tensor z = d.relaxed(u);
        Tensor b = d.hard(z);
        return new Relaxable.RelaxedSample(z, b, d.conditional(b, tiedNoise(d, u, b)));
    }

    /**
     * The conditional noise v tied to u: v = u/(1−p) where b = 0, v = 1 − (1−u)/p where b = 1
     * (1 − p = σ(−ℓ) and 1 − u taken directly, so neither loses precision near 1), kept inside
     * the open interval (0, 1). A constant batch×dim matrix; then conditional(b, v) = z up to rounding.
     */
    static Tensor tiedNoise(Bernoulli d, Tensor u, Tensor b) {
        double[] l = d.logits().data();
        double[] uu = u.data();
        double[] bb = b.data();
        int dim = d.dim();
        double[] v = new double[uu.length];
        for (int i = 0; i < v.length; i++) {
            double li = l[l.length == uu.length ? i : i % dim]; // one logit row per sample, or one shared row
            double x = bb[i] == 1.0 ? 1 - (1 - uu[i]) * (1 + Math.exp(-li)) : uu[i] * (1 + Math.exp(li));
            v[i] = Math.min(Math.max(x, Double.MIN_VALUE), Math.nextDown(1.0));
        }
        return Tensor.matrix(u.rows(), u.cols(), v);
    }

    @Override
    public void update(Estimate estimate) {
        Support.checkTrainable(estimate, name());
        adam.step(estimate.varianceGradient());
    }

    /** The Adam state of η and log λ under {@code prefix.adam} (η and λ themselves are {@link #parameters()}). */
    @Override
    public void saveState(TrainingState state, String prefix) {
        adam.saveState(state, prefix + ".adam");
    }

    @Override
    public void loadState(TrainingState state, String prefix) {
        adam.loadState(state, prefix + ".adam");
    }
}
