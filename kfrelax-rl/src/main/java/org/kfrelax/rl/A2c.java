package org.kfrelax.rl;

import java.util.List;
import java.util.Map;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.gym.Env;
import org.kfrelax.nn.Mlp;
import org.kfrelax.nn.ParamFile;
import org.kfrelax.optim.Optimizer;

/**
 * A2C in the method's comparison form: REINFORCE with a learned value baseline, one episode
 * per update. Policy gradient ĝ = Σ_t ∇θ log π(a_t|s_t)·(R_t − V(s_t)), plus the entropy
 * term β Σ_t ∇θ H(π(·|s_t)); the value network minimizes mean_t (V(s_t) − R_t)².
 * Updates run through {@link ActorCriticKernel} (the graph path is kept as its test reference).
 */
final class A2c extends DiscreteAgent {
    private final Mlp value;
    private final Tensor[] policyParams;
    private final Tensor[] valueParams;
    private final Optimizer policyOpt;
    private final Optimizer valueOpt;
    private final ActorCriticKernel kernel;

    A2c(Env<Integer> env, AgentConfig config, long seed) {
        this(env, config, seed, true);
    }

    /** With {@code allowKernel = false} updates go through the graph (for tests). */
    A2c(Env<Integer> env, AgentConfig config, long seed, boolean allowKernel) {
        super(env, config, seed);
        this.value = Nets.mlp(obsDim, config.valueHidden(), 1, config.activation(), 1.0, rng);
        this.policyParams = policy.parameters().toArray(Tensor[]::new);
        this.valueParams = value.parameters().toArray(Tensor[]::new);
        this.policyOpt = Nets.optimizer(config.optimizer(), policy.parameters(), config.lr(), config.adamBeta2());
        this.valueOpt = Nets.optimizer(config.optimizer(), value.parameters(), config.valueLr(), config.adamBeta2());
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

    /** The update through {@link ActorCriticKernel}: the same gradients as {@link #updateByGraph}. */
    private void updateByKernel(EpisodeBuffer ep) {
        kernel.run(ep.obs, ep.length, ep.actions, Returns.discounted(ep.rewards, ep.length, config.gamma()));
        Tensor[] g = Nets.constants(kernel.g, policyParams);
        gradVariance.add(g);
        stepPolicy(policyOpt, PolicyGradients.lossGradient(g, Nets.constants(kernel.gEntropy, policyParams), config.entropy()),
                ep.observations(), kernel.logp());
        valueOpt.step(Nets.constants(kernel.gValue, valueParams));
    }

    private void updateByGraph(EpisodeBuffer ep) {
        int n = ep.length;
        Tensor x = ep.observations();
        Tensor logp = policy.forward(x).logSoftmax();
        Tensor logpa = logp.gather(ep.actions());
        Tensor ret = Tensor.vector(Returns.discounted(ep.rewards, n, config.gamma()));
        Tensor v = value.forward(x).flatten();
        Tensor adv = ret.sub(v.detach());
        Tensor pg = logpa.mul(adv).sum();
        Tensor entropy = logp.exp().mul(logp).sum().neg();
        Tensor[] g = Autodiff.grad(pg, policyParams);
        Tensor[] gEnt = Autodiff.grad(entropy, policyParams);
        gradVariance.add(g);
        stepPolicy(policyOpt, PolicyGradients.lossGradient(g, gEnt, config.entropy()), x, logp.data());
        Tensor vLoss = v.sub(ret).square().mean();
        valueOpt.step(Autodiff.grad(vLoss, valueParams));
    }

    @Override
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> m = super.parameters();
        m.putAll(ParamFile.named("value", value));
        return m;
    }

    List<Tensor> valueParameters() {
        return value.parameters();
    }
}
