package org.kfrelax.rl;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Categorical;
import org.kfrelax.gym.Discrete;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.Gym;
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
 *
 * <p>What critic and surrogate see of step t ({@link #criticStates}): the observation s_t, and
 * with {@link AgentConfig#timeAware()} also the remaining-time fraction 1 − t/T (T the
 * environment's registered time limit). Returns ({@link #returns}): discounted to the end of the
 * episode, and with {@link AgentConfig#bootstrapTruncation()} bootstrapped from a value network
 * at the state after a time-limit cut (Pardo et al. 2018).
 */
abstract class DiscreteAgent extends AbstractAgent<Integer> {
    protected final int obsDim;
    protected final int nActions;
    protected final Mlp policy;
    private final MlpEval policyEval;
    private final EpisodeBuffer buffer;
    private final double[] u;
    /** T, the time limit, when time-aware; else 0. */
    private final int timeLimit;

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
        this.timeLimit = config.timeAware() ? registeredTimeLimit(env) : 0;
    }

    private static int registeredTimeLimit(Env<?> env) {
        try {
            return Gym.spec(env.id()).maxEpisodeSteps();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("timeAware needs a registered environment with a time limit: "
                    + e.getMessage(), e);
        }
    }

    /** Inputs per step of critic and surrogate states: the observation's, plus one when time-aware. */
    protected final int stateDim() {
        return timeLimit > 0 ? obsDim + 1 : obsDim;
    }

    /** The critic/surrogate states of the episode's steps: rows s_t, or [s_t, 1 − t/T] when time-aware. */
    protected final Tensor criticStates(EpisodeBuffer ep) {
        Tensor x = ep.observations();
        if (timeLimit == 0) {
            return x;
        }
        double[] rem = new double[ep.length];
        for (int t = 0; t < rem.length; t++) {
            rem[t] = 1.0 - (double) t / timeLimit;
        }
        return Tensor.concatCols(x, Tensor.matrix(ep.length, 1, rem));
    }

    /** The critic/surrogate state of the observation after the last step (t = n), one row. */
    protected final Tensor finalCriticState(EpisodeBuffer ep) {
        double[] s = ep.finalObs;
        if (timeLimit > 0) {
            s = java.util.Arrays.copyOf(s, obsDim + 1);
            s[obsDim] = 1.0 - (double) ep.length / timeLimit;
        }
        return Tensor.matrix(1, s.length, s);
    }

    /**
     * The discounted returns R_t of the episode; with {@link AgentConfig#bootstrapTruncation()}
     * and an episode cut by the time limit, R_t = Σ_{t'=t..n−1} γ^{t'−t} r_t' + γ^{n−t} V(s_n) with V
     * the given value network ({@link Returns#discounted(double[], int, double, double)}).
     */
    protected final double[] returns(EpisodeBuffer ep, ValueFit value) {
        double bootstrap = 0.0;
        if (config.bootstrapTruncation() && ep.truncated) {
            bootstrap = value.predict(finalCriticState(ep))[0];
        }
        return Returns.discounted(ep.rewards, ep.length, config.gamma(), bootstrap);
    }

    /** Updates from one finished episode. */
    protected abstract void update(EpisodeBuffer episode);

    /**
     * The agent's own per-episode estimate of the policy gradient (without the entropy term),
     * as constants, at the current parameters: what its update ascends. The fixed-policy
     * variance instrument ({@link FixedPolicyVariance}) measures every agent through this
     * method, so an agent's estimator options are measured as the agent computes them.
     */
    abstract Tensor[] gradientEstimate(EpisodeBuffer episode);

    /**
     * One update of the agent's baseline (A2C's critic, RELAX's surrogate) from an episode,
     * by the algorithm's own update rule, leaving the policy unchanged: how
     * {@link FixedPolicyVariance} trains a baseline on a frozen policy.
     */
    abstract void fitBaseline(EpisodeBuffer episode);

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
                buffer.end(toDouble(r.observation()), r.truncated() && !r.terminated());
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
        return gumbelMax(Tensor.vector(finiteLogits(o)).logSoftmax().data(), r);
    }

    /** The policy's logits at {@code o}, checked finite. */
    private double[] finiteLogits(double[] o) {
        double[] logits = policyEval.forward(o);
        for (double l : logits) {
            if (!Double.isFinite(l)) {
                throw new NonFiniteException("policy logits " + java.util.Arrays.toString(logits)
                        + " are not finite at observation " + java.util.Arrays.toString(o));
            }
        }
        return logits;
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

    /** Deterministic: the first action of largest logit; otherwise a sample drawn from the agent's generator. */
    @Override
    public final Integer act(float[] observation, boolean deterministic) {
        double[] o = checkedObservation(observation);
        if (!deterministic) {
            return sample(o, actionRng);
        }
        double[] logits = finiteLogits(o);
        int best = 0;
        for (int k = 1; k < logits.length; k++) {
            if (logits[k] > logits[best]) {
                best = k;
            }
        }
        return best;
    }

    /**
     * Mean over the rows of {@code x} of KL(π_old(·|s) ‖ π(·|s)), with {@code oldLogp} the old
     * log-probabilities (rows × nActions, row-major), at the current parameters.
     */
    protected final double meanKl(Tensor x, double[] oldLogp) {
        int n = x.rows();
        // one batched pass; each row as policyEval.forward of that row alone and as the log-softmax of that row
        double[] logits = java.util.Arrays.copyOf(policyEval.forward(x.data(), n), n * nActions);
        double[] logp = Tensor.matrix(n, nActions, logits).logSoftmax().data();
        double kl = 0;
        for (int t = 0; t < n; t++) {
            for (int k = 0; k < nActions; k++) {
                double lo = oldLogp[t * nActions + k];
                kl += Math.exp(lo) * (lo - logp[t * nActions + k]);
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
