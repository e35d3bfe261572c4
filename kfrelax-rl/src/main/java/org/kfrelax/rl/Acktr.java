package org.kfrelax.rl;

import java.util.Map;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.gym.Env;
import org.kfrelax.kfac.FisherLoss;
import org.kfrelax.kfac.Kfac;
import org.kfrelax.nn.Mlp;
import org.kfrelax.nn.ParamFile;

/**
 * ACKTR (Wu et al. 2017) in the per-episode A2C form: the A2C gradients (see {@link A2c}),
 * with K-FAC steps on actor and critic. Curvature: the true Fisher, i.e. actions sampled from
 * the policy itself for the actor ({@link FisherLoss#categorical}) and the critic's output
 * treated as a unit-variance Gaussian ({@link FisherLoss#gaussian}); step sizes capped by
 * K-FAC's kl-clip ({@link AgentConfig#kfacKlClip()}). Updates run through
 * {@link ActorCriticKernel} (the graph path is kept as its test reference).
 */
final class Acktr extends DiscreteAgent {
    private final Mlp value;
    private final Tensor[] policyParams;
    private final Tensor[] valueParams;
    private final Kfac policyOpt;
    private final Kfac valueOpt;
    private final ActorCriticKernel kernel;

    Acktr(Env<Integer> env, AgentConfig config, long seed) {
        this(env, config, seed, true);
    }

    /** With {@code allowKernel = false} updates go through the graph (for tests). */
    Acktr(Env<Integer> env, AgentConfig config, long seed, boolean allowKernel) {
        super(env, config, seed);
        this.value = Nets.mlp(obsDim, config.valueHidden(), 1, config.activation(), 1.0, rng);
        this.policyParams = policy.parameters().toArray(Tensor[]::new);
        this.valueParams = value.parameters().toArray(Tensor[]::new);
        this.policyOpt = KfacFactory.build(policy.layers(), config.kfacLr(), config);
        this.valueOpt = KfacFactory.build(value.layers(), config.kfacLr(), config);
        this.kernel = allowKernel ? new ActorCriticKernel(policy, value, nActions) : null;
    }

    @Override
    protected void update(EpisodeBuffer ep) {
        if (kernel != null) {
            updateByKernel(ep);
        } else {
            updateByGraph(ep);
        }
        updates++;
    }

    /** The update through {@link ActorCriticKernel}: the same steps and random draws as {@link #updateByGraph}. */
    private void updateByKernel(EpisodeBuffer ep) {
        int n = ep.length;
        kernel.run(ep.obs, n, ep.actions, Returns.discounted(ep.rewards, n, config.gamma()));
        Tensor[] g = Nets.constants(kernel.g, policyParams);
        gradVariance.add(g);
        kernel.foldPolicyFactors(policyOpt, rng);
        stepPolicy(policyOpt, PolicyGradients.lossGradient(g, Nets.constants(kernel.gEntropy, policyParams), config.entropy()),
                ep.observations(), kernel.logp());
        Tensor[] gv = Nets.constants(kernel.gValue, valueParams);
        kernel.foldValueFactors(valueOpt, rng);
        valueOpt.step(gv);
    }

    private void updateByGraph(EpisodeBuffer ep) {
        int n = ep.length;
        Tensor x = ep.observations();
        policyOpt.startRecording();
        Tensor logits = policy.forward(x);
        valueOpt.startRecording();
        Tensor v = value.forward(x);
        Tensor logp = logits.logSoftmax();
        Tensor logpa = logp.gather(ep.actions());
        Tensor ret = Tensor.vector(Returns.discounted(ep.rewards, n, config.gamma()));
        Tensor vf = v.flatten();
        Tensor adv = ret.sub(vf.detach());
        Tensor[] g = Autodiff.grad(logpa.mul(adv).sum(), policyParams);
        Tensor[] gEnt = Autodiff.grad(logp.exp().mul(logp).sum().neg(), policyParams);
        gradVariance.add(g);
        policyOpt.updateFactors(FisherLoss.categorical(logits, rng));
        stepPolicy(policyOpt, PolicyGradients.lossGradient(g, gEnt, config.entropy()), x, logp.data());
        Tensor[] gv = Autodiff.grad(vf.sub(ret).square().mean(), valueParams);
        valueOpt.updateFactors(FisherLoss.gaussian(v, rng));
        valueOpt.step(gv);
    }

    @Override
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> m = super.parameters();
        m.putAll(ParamFile.named("value", value));
        return m;
    }
}
