package org.kfrelax.rl;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Categorical;
import org.kfrelax.estimators.KfacSurrogateOptimizer;
import org.kfrelax.estimators.RelaxGradient;
import org.kfrelax.estimators.Surrogate;
import org.kfrelax.estimators.VarianceLoss;
import org.kfrelax.gym.Env;
import org.kfrelax.kfac.FisherLoss;
import org.kfrelax.kfac.Kfac;
import org.kfrelax.nn.Mlp;
import org.kfrelax.nn.ParamFile;
import org.kfrelax.optim.Optimizer;
import org.kfrelax.state.TrainingState;
import org.kfrelax.stats.ExplainedVariance;

/**
 * RELAX for discrete actions, one episode per update (the method's Section 4.2), and KF-RELAX.
 * <pre>
 *   ĝ = Σ_t ∇θ log π(a_t|s_t)·[R_t − c_φ(z̃_t, s_t)] + ∇θ c_φ(z_t, s_t) − ∇θ c_φ(z̃_t, s_t)
 *   c_φ(z, s) = scale · Mlp([s, softmax(z/τ)])           (τ and scale learned with φ)
 * </pre>
 * composed from core pieces: z, z̃ from {@link Categorical} (z from the uniforms that chose the
 * actions), c_φ a {@link Surrogate#scaledSoftmax}, ĝ by {@link RelaxGradient} with R_t the
 * discounted return. The policy ascends ĝ + β Σ_t ∇θ H(π(·|s_t)). The surrogate minimizes the
 * {@link VarianceLoss} of the whole-episode estimate by double backprop.
 *
 * <p>KF-RELAX ({@link Algorithm#KF_RELAX}): the surrogate's step is a {@link KfacSurrogateOptimizer}
 * (K-FAC on its layers with curvature from {@link AgentConfig#cvFisher()}, learning rate
 * {@link AgentConfig#cvLr()}; Adam at {@link AgentConfig#lr()} for τ and scale); with
 * {@link AgentConfig#policyKfac()} the policy step is preconditioned by K-FAC too (true
 * Fisher of the policy). Either way {@link AgentConfig#trustRegion()} can cap the policy
 * step's mean KL.
 *
 * <p>With {@link AgentConfig#valuePlusSurrogate()} the surrogate is c_φ(z, s) = V(s) + f_φ(z, s)
 * ({@link Surrogate#valuePlus}): V is a {@link ValueFit} regressed on the returns after each
 * update ({@link AgentConfig#valueSteps()} steps, K-FAC with {@link AgentConfig#valueKfac()}),
 * and the returns can bootstrap from it at a time-limit cut. The surrogate's state input is
 * {@link #criticStates} (with the remaining-time fraction when time-aware).
 */
final class Relax extends DiscreteAgent {
    private final Surrogate cv;
    /** The value part of a value-plus surrogate, or null. */
    private final ValueFit value;
    private final Tensor[] policyParams;
    private final Tensor[] cvParams;
    private final Optimizer policyOpt;
    private final Kfac policyKfac;
    /** Adam (or the configured optimizer) on all of φ for RELAX; null for KF-RELAX. */
    private final Optimizer cvOpt;
    /** KF-RELAX's surrogate step; null for RELAX. */
    private final KfacSurrogateOptimizer cvKfac;
    /** The K-FAC optimizer inside {@link #cvKfac} (for its step metrics); null for RELAX. */
    private final Kfac cvLayersKfac;

    Relax(Env<Integer> env, AgentConfig config, long seed) {
        super(env, config, seed);
        boolean kfac = config.algo().kfac();
        if (config.valuePlusSurrogate()) {
            Mlp v = Nets.mlp(stateDim(), config.valueHidden(), 1, config.activation(), 1.0, initRng);
            Mlp f = Nets.mlp(stateDim() + nActions, config.cvHidden(), 1, config.activation(), 1.0, initRng);
            this.cv = Surrogate.valuePlus(v, f, config.tauInit());
            this.value = new ValueFit(v, config, config.valueKfac(), fisherRng, kfacSkips());
        } else {
            if (config.bootstrapTruncation()) {
                throw new IllegalArgumentException("bootstrapTruncation needs a value network: with " + config.algo()
                        + " use cvForm value-plus");
            }
            this.cv = Surrogate.scaledSoftmax(Nets.mlp(stateDim() + nActions, config.cvHidden(), 1, config.activation(),
                    1.0, initRng), config.tauInit());
            this.value = null;
        }
        this.policyParams = policy.parameters().toArray(Tensor[]::new);
        this.cvParams = cv.parameters().toArray(Tensor[]::new);
        if (kfac && config.policyKfac()) {
            this.policyKfac = KfacFactory.build(policy.layers(), config.kfacLr(), config, kfacSkips());
            this.policyOpt = policyKfac;
        } else {
            this.policyKfac = null;
            this.policyOpt = Nets.optimizer(config.optimizer(), policy.parameters(), config.lr(), config.adamBeta2());
        }
        if (kfac) {
            this.cvLayersKfac = KfacFactory.build(cv.mlp().layers(), config.cvLr(), config, kfacSkips());
            this.cvKfac = new KfacSurrogateOptimizer(KfacSurrogateOptimizer.FisherSource.parse(config.cvFisher()), cv,
                    cvLayersKfac, Nets.optimizer("adam", cv.extraParameters(), config.lr(), config.adamBeta2()), fisherRng);
            this.cvOpt = null;
        } else {
            this.cvLayersKfac = null;
            this.cvKfac = null;
            this.cvOpt = Nets.optimizer(config.optimizer(), cv.parameters(), config.cvLr(), config.adamBeta2());
        }
    }

    /** One episode's estimate: ĝ (a graph in φ), its policy and log π. */
    private record Estimate(Tensor x, Tensor states, Tensor ret, Categorical pi, Tensor[] g) {}

    /**
     * Builds ĝ for an episode, differentiable in φ, with conditional-sample uniforms {@code v}
     * (length × nActions). With {@code record}, the surrogate's K-FAC step records the evaluations it needs.
     */
    private Estimate estimate(EpisodeBuffer ep, Tensor v, boolean record) {
        Tensor x = ep.observations();
        int[] actions = ep.actions();
        Categorical pi = new Categorical(policy.forward(x));
        Tensor z = pi.relaxed(ep.uniforms());
        Tensor zt = pi.conditional(actions, v);
        if (record && cvKfac != null) {
            cvKfac.beginRecording(cv);
        }
        Tensor xs = criticStates(ep);
        Tensor cz = cv.apply(pi, xs, z);
        Tensor czt = cv.apply(pi, xs, zt);
        Tensor ret = Tensor.vector(returns(ep, value));
        Tensor[] taps = record && cvKfac != null ? cvKfac.pathwiseTaps(cv) : new Tensor[0];
        Tensor[] g = RelaxGradient.of(policyParams, taps, pi.logProbs().gather(actions), ret, cz, czt, 1.0, true);
        if (taps.length > 0) {   // the surrogate's K-FAC statistics from the same backward pass
            cvKfac.pathwiseGradients(Arrays.copyOfRange(g, policyParams.length, g.length));
            g = Arrays.copyOf(g, policyParams.length);
        }
        return new Estimate(x, xs, ret, pi, g);
    }


    /** One episode's RELAX estimate ĝ of the policy gradient (without the entropy term), as constants. */
    @Override
    Tensor[] gradientEstimate(EpisodeBuffer ep) {
        return Autodiff.detach(estimate(ep, uniforms(ep.length), false).g());
    }

    /**
     * One update from an episode: ĝ and its variance loss, the policy step along
     * ĝ + β∇θH (K-FAC statistics first if the policy uses K-FAC), then the surrogate's step,
     * then (value-plus form) the value part's regression steps.
     */
    @Override
    protected void update(EpisodeBuffer ep) {
        Estimate e = estimate(ep, uniforms(ep.length), true);
        Tensor variance = VarianceLoss.of(e.g());
        Tensor[] gPhi = Autodiff.grad(variance, cvParams);
        Tensor[] g = Autodiff.detach(e.g());
        gradVariance.add(g);
        if (policyKfac != null) {
            policyKfac.updateFactors(FisherLoss.categorical(e.pi().logits(), fisherRng));
        }
        Tensor h = e.pi().entropy();
        double[] vPred = value == null ? null : value.predict(e.states());   // before this update's value steps
        double kl = stepPolicy(policyOpt, PolicyGradients.lossGradient(g, Autodiff.grad(h.sum(), policyParams),
                config.entropy()), e.x(), e.pi().logProbs().data());
        stepSurrogate(e, gPhi);
        updates++;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(UpdateMetrics.ENTROPY, mean(h));
        m.put(UpdateMetrics.SURROGATE_LOSS, variance.data()[0]);
        if (vPred != null) {
            m.put(UpdateMetrics.VALUE_LOSS, Tensor.vector(vPred).sub(e.ret()).square().mean().data()[0]);
            m.put(UpdateMetrics.EXPLAINED_VARIANCE, ExplainedVariance.of(vPred, e.ret().data()));
        }
        putKl(m, kl, config.trustRegion());
        putKfac(m, "policy", policyKfac);
        putKfac(m, "surrogate", cvLayersKfac);
        if (value != null) {
            putKfac(m, "value", value.kfac());
        }
        reportUpdate(m, ep.length);
    }

    /** The surrogate's step from the variance gradient, then (value-plus form) the value part's regression steps. */
    private void stepSurrogate(Estimate e, Tensor[] gPhi) {
        if (cvKfac != null) {
            cvKfac.step(cv, gPhi, e.g());
        } else {
            cvOpt.step(gPhi);
        }
        if (value != null) {
            value.fit(e.states(), e.ret());
        }
    }

    /** The surrogate's update alone (as in {@link #update}, the policy untouched). */
    @Override
    void fitBaseline(EpisodeBuffer ep) {
        Estimate e = estimate(ep, uniforms(ep.length), true);
        stepSurrogate(e, Autodiff.grad(VarianceLoss.of(e.g()), cvParams));
    }

    /** rows × nActions fresh open-interval uniforms from the estimator-noise stream. */
    private Tensor uniforms(int rows) {
        double[] v = new double[rows * nActions];
        for (int i = 0; i < v.length; i++) {
            v[i] = noiseRng.nextOpenDouble();
        }
        return Tensor.matrix(rows, nActions, v);
    }

    /** The surrogate c_φ (for tests and instruments in this package). */
    Surrogate surrogate() {
        return cv;
    }

    /** The value part of a value-plus surrogate, or null. */
    ValueFit value() {
        return value;
    }

    @Override
    protected void saveLearnerState(TrainingState state, String prefix) {
        policyOpt.saveState(state, prefix + ".policyOpt");
        if (cvKfac != null) {
            cvKfac.saveState(state, prefix + ".cvOpt");
        } else {
            cvOpt.saveState(state, prefix + ".cvOpt");
        }
        if (value != null) {
            value.saveState(state, prefix + ".valueOpt");
        }
    }

    @Override
    protected void loadLearnerState(TrainingState state, String prefix) {
        policyOpt.loadState(state, prefix + ".policyOpt");
        if (cvKfac != null) {
            cvKfac.loadState(state, prefix + ".cvOpt");
        } else {
            cvOpt.loadState(state, prefix + ".cvOpt");
        }
        if (value != null) {
            value.loadState(state, prefix + ".valueOpt");
        }
    }

    @Override
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> m = super.parameters();
        m.putAll(ParamFile.named("cv", cv.mlp()));
        m.put("cv.logTau", cv.logTemperature());
        if (value != null) {
            m.putAll(ParamFile.named("cv.value", value.net()));
        } else {
            m.put("cv.scale", cv.scale());
        }
        return m;
    }
}
