package org.kfrelax.rl;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Categorical;
import org.kfrelax.gym.Discrete;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.StepResult;
import org.kfrelax.nn.Mlp;
import org.kfrelax.nn.MlpEval;
import org.kfrelax.nn.ParamFile;
import org.kfrelax.optim.NonFiniteException;
import org.kfrelax.optim.Optimizer;
import org.kfrelax.random.Rng;

/**
 * Base of the discrete-action agents: a softmax policy π(a|s) = softmax(Mlp(s)), rollouts that
 * pick actions by the Gumbel-max trick (a = argmax_k log π_k − log(−log u_k), u_k ~ U(0,1),
 * which samples a ~ π exactly and keeps u for RELAX's relaxed sample z), and one update per
 * episode ({@link #update}).
 */
abstract class DiscreteAgent extends AbstractAgent<Integer> {
    protected final int obsDim;
    protected final int nActions;
    protected final Mlp policy;
    private final MlpEval policyEval;
    private final EpisodeBuffer buffer;
    private final double[] u;

    DiscreteAgent(Env<Integer> env, AgentConfig config, long seed) {
        super(env, config, seed);
        Discrete d = (Discrete) env.actionSpace();   // checked by AbstractAgent
        this.obsDim = env.observationSpace().dim();
        this.nActions = d.n();
        // small output gain: the initial policy is close to uniform
        this.policy = Nets.mlp(obsDim, config.hidden(), nActions, config.activation(), 0.1, initRng);
        this.policyEval = new MlpEval(policy);
        this.buffer = new EpisodeBuffer(obsDim, nActions);
        this.u = new double[nActions];
    }

    /** Updates from one finished episode. */
    protected abstract void update(EpisodeBuffer episode);

    @Override
    protected final void runEpisode(double[] out) {
        EpisodeBuffer ep = sampleEpisode();
        out[0] = ep.length;
        out[1] = ep.returnSum();
        update(ep);
    }

    /** Runs one episode with the current policy without updating; the buffer is reused by the next call. */
    final EpisodeBuffer sampleEpisode() {
        buffer.clear();
        double[] o = reset();
        while (true) {
            int a = sample(o, actionRng);
            StepResult r = env.step(a);
            buffer.add(o, a, u, r.reward());
            if (r.done()) {
                break;
            }
            o = toDouble(r.observation());
        }
        return buffer;
    }

    /**
     * Gumbel-max sample from π(·|o); leaves the uniforms in {@link #u}.
     *
     * @throws NonFiniteException if the policy's logits are not finite (a diverged policy would
     *     otherwise pick action 0 every time)
     */
    private int sample(double[] o, Rng r) {
        double[] logits = policyEval.forward(o);
        for (double l : logits) {
            if (!Double.isFinite(l)) {
                throw new NonFiniteException("policy logits " + java.util.Arrays.toString(logits)
                        + " are not finite at observation " + java.util.Arrays.toString(o));
            }
        }
        return gumbelMax(Tensor.vector(logits).logSoftmax().data(), r);
    }

    /** argmax_k logp_k + Gumbel(u_k), u_k drawn from {@code r} into {@link #u}. */
    private int gumbelMax(double[] logp, Rng r) {
        int best = 0;
        double bestZ = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < nActions; k++) {
            u[k] = r.nextOpenDouble();
            double z = logp[k] + Categorical.gumbel(u[k]);
            if (z > bestZ) {
                bestZ = z;
                best = k;
            }
        }
        return best;
    }

    @Override
    public final Integer act(float[] observation, Rng r) {
        return sample(checkedObservation(observation), r);
    }

    /** log π(·|o) at the current parameters, without recording a graph. */
    private double[] logProbs(double[] o) {
        return Tensor.vector(policyEval.forward(o)).logSoftmax().data();
    }

    /**
     * Mean over the rows of {@code x} of KL(π_old(·|s) ‖ π(·|s)), with {@code oldLogp} the old
     * log-probabilities (rows × nActions, row-major), at the current parameters.
     */
    protected final double meanKl(Tensor x, double[] oldLogp) {
        int n = x.rows();
        int obs = x.cols();
        double[] row = new double[obs];
        double kl = 0;
        for (int t = 0; t < n; t++) {
            System.arraycopy(x.data(), t * obs, row, 0, obs);
            double[] logp = logProbs(row);
            for (int k = 0; k < nActions; k++) {
                double lo = oldLogp[t * nActions + k];
                kl += Math.exp(lo) * (lo - logp[k]);
            }
        }
        return kl / n;
    }

    /**
     * Takes a policy step with {@code opt}, capped by {@link PolicyTrustRegion} at
     * {@link AgentConfig#trustRegion()} δ over the episode's states.
     *
     * @return the mean KL after the step (NaN without a trust region: not computed)
     */
    protected final double stepPolicy(Optimizer opt, Tensor[] lossGrads, Tensor x, double[] oldLogp) {
        return PolicyTrustRegion.step(opt, lossGrads, config.trustRegion(), () -> meanKl(x, oldLogp));
    }

    /** The policy's parameters by name; subclasses add theirs. */
    @Override
    public Map<String, Tensor> parameters() {
        return new LinkedHashMap<>(ParamFile.named("policy", policy));
    }
}
