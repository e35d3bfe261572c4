package org.kfrelax.rl;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Categorical;
import org.kfrelax.gym.Env;
import org.kfrelax.kfac.FisherLoss;
import org.kfrelax.kfac.Kfac;
import org.kfrelax.nn.Mlp;
import org.kfrelax.nn.ParamFile;
import org.kfrelax.optim.Optimizer;
import org.kfrelax.state.TrainingState;
import org.kfrelax.stats.ExplainedVariance;

/**
 * A2C in the method's comparison form, and ACKTR. A2C: REINFORCE with a learned value baseline,
 * one episode per update. Policy gradient ĝ = Σ_t ∇θ log π(a_t|s_t)·(R_t − V(s_t)), plus the
 * entropy term β Σ_t ∇θ H(π(·|s_t)); the value network minimizes mean_t (V(s_t) − R_t)².
 *
 * <p>ACKTR ({@link Algorithm#ACKTR}; Wu et al. 2017, in this per-episode form): the same gradients
 * with K-FAC steps on actor and critic. Curvature: the true Fisher, i.e. actions sampled from
 * the policy itself for the actor ({@link FisherLoss#categorical}) and the critic's output
 * treated as a unit-variance Gaussian ({@link FisherLoss#gaussian}); step sizes capped by
 * K-FAC's kl-clip ({@link AgentConfig#kfacKlClip()}).
 *
 * <p>The critic is a {@link ValueFit} ({@link AgentConfig#valueSteps()} regression steps per
 * update; K-FAC for ACKTR or with {@link AgentConfig#valueKfac()}) on {@link #criticStates}
 * (time-aware if configured), and the returns bootstrap at truncation if configured.
 */
final class A2c extends DiscreteAgent {
    private final ValueFit value;
    private final Tensor[] policyParams;
    private final Optimizer policyOpt;
    /** ACKTR's policy K-FAC optimizer (the same object as policyOpt), or null for A2C. */
    private final Kfac policyKfac;

    A2c(Env<Integer> env, AgentConfig config, long seed) {
        super(env, config, seed);
        Mlp v = Nets.mlp(stateDim(), config.valueHidden(), 1, config.activation(), 1.0, initRng);
        this.policyParams = policy.parameters().toArray(Tensor[]::new);
        boolean acktr = config.algo().kfac();
        if (acktr) {
            this.policyKfac = KfacFactory.build(policy.layers(), config.kfacLr(), config, kfacSkips());
            this.policyOpt = policyKfac;
        } else {
            this.policyKfac = null;
            this.policyOpt = Nets.optimizer(config.optimizer(), policy.parameters(), config.lr(), config.adamBeta2());
        }
        this.value = new ValueFit(v, config, acktr || config.valueKfac(), fisherRng, kfacSkips());
    }

    /** One update from an episode: the policy step along ĝ + β∇θH, then the value steps. */
    @Override
    protected void update(EpisodeBuffer ep) {
        Tensor x = ep.observations();
        Tensor xs = criticStates(ep);
        Categorical pi = new Categorical(policy.forward(x));
        Tensor logpa = pi.logProbs().gather(ep.actions());
        Tensor ret = Tensor.vector(returns(ep, value));
        Tensor v0 = value.forward(xs);   // also the first value step's forward pass (parameters unchanged until then)
        Tensor vPred = Tensor.vector(v0.data().clone());
        Tensor adv = ret.sub(vPred);
        Tensor[] g = Autodiff.grad(logpa.mul(adv).sum(), policyParams);
        Tensor h = pi.entropy();
        Tensor[] gEnt = Autodiff.grad(h.sum(), policyParams);
        gradVariance.add(g);
        if (policyKfac != null) {
            policyKfac.updateFactors(FisherLoss.categorical(pi.logits(), fisherRng));
        }
        double kl = stepPolicy(policyOpt, PolicyGradients.lossGradient(g, gEnt, config.entropy()), x, pi.logProbs().data());
        Tensor valueLoss = vPred.sub(ret).square().mean();   // before this update's value steps
        value.fit(xs, ret, v0);
        updates++;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(UpdateMetrics.ENTROPY, mean(h));
        m.put(UpdateMetrics.POLICY_LOSS, -mean(logpa.detach().mul(adv)));
        m.put(UpdateMetrics.VALUE_LOSS, valueLoss.data()[0]);
        m.put(UpdateMetrics.EXPLAINED_VARIANCE, ExplainedVariance.of(vPred.data(), ret.data()));
        putKl(m, kl, config.trustRegion());
        putKfac(m, "policy", policyKfac);
        putKfac(m, "value", value.kfac());
        reportUpdate(m, ep.length);
    }

    @Override
    Tensor[] gradientEstimate(EpisodeBuffer ep) {
        Tensor logpa = new Categorical(policy.forward(ep.observations())).logProbs().gather(ep.actions());
        Tensor adv = Tensor.vector(returns(ep, value)).sub(Tensor.vector(value.predict(criticStates(ep))));
        return Autodiff.grad(logpa.mul(adv).sum(), policyParams);
    }

    /** The critic's update alone, as in {@link #update}. */
    @Override
    void fitBaseline(EpisodeBuffer ep) {
        value.fit(criticStates(ep), Tensor.vector(returns(ep, value)));
    }

    /** The critic (for tests and instruments in this package). */
    ValueFit value() {
        return value;
    }

    @Override
    protected void saveLearnerState(TrainingState state, String prefix) {
        policyOpt.saveState(state, prefix + ".policyOpt");
        value.saveState(state, prefix + ".valueOpt");
    }

    @Override
    protected void loadLearnerState(TrainingState state, String prefix) {
        policyOpt.loadState(state, prefix + ".policyOpt");
        value.loadState(state, prefix + ".valueOpt");
    }

    @Override
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> m = super.parameters();
        m.putAll(ParamFile.named("value", value.net()));
        return m;
    }
}
