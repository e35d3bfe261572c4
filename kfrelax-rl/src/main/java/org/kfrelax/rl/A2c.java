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
 */
final class A2c extends DiscreteAgent {
    private final Mlp value;
    private final Tensor[] policyParams;
    private final Tensor[] valueParams;
    private final Optimizer policyOpt;
    private final Optimizer valueOpt;

    A2c(Env<Integer> env, AgentConfig config, long seed) {
        super(env, config, seed);
        this.value = Nets.mlp(obsDim, config.valueHidden(), 1, config.activation(), 1.0, rng);
        this.policyParams = policy.parameters().toArray(Tensor[]::new);
        this.valueParams = value.parameters().toArray(Tensor[]::new);
        this.policyOpt = Nets.optimizer(config.optimizer(), policy.parameters(), config.lr(), config.adamBeta2());
        this.valueOpt = Nets.optimizer(config.optimizer(), value.parameters(), config.valueLr(), config.adamBeta2());
    }

    @Override
    protected void update(EpisodeBuffer ep) {
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
        updates++;
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
