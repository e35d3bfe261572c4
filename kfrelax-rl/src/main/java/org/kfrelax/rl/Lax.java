package org.kfrelax.rl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.gym.Box;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.StepResult;
import org.kfrelax.dist.Gaussian;
import org.kfrelax.estimators.KfacSurrogateOptimizer;
import org.kfrelax.estimators.LaxGradient;
import org.kfrelax.estimators.Surrogate;
import org.kfrelax.estimators.VarianceLoss;
import org.kfrelax.kfac.Kfac;
import org.kfrelax.nn.Mlp;
import org.kfrelax.nn.MlpEval;
import org.kfrelax.nn.ParamFile;
import org.kfrelax.optim.NonFiniteException;
import org.kfrelax.optim.Optimizer;
import org.kfrelax.random.Rng;
import org.kfrelax.state.TrainingState;
import org.kfrelax.stats.ExplainedVariance;

/**
 * LAX for continuous actions (the method's continuous-control setup) and KF-LAX. A diagonal
 * Gaussian policy a = μθ(s) + σ·ε (state-independent log σ, ε ~ N(0, I), reparameterized), a
 * value network, GAE advantages Â (γ, λ; normalized per batch) and a surrogate c_φ(a, s) =
 * Mlp([s, a]). Per batch of {@link AgentConfig#batchSteps()} steps (whole episodes):
 * <pre>
 *   ĝ = (1/N) Σ_t ∇θ log π(a_t|s_t)·[Â_t − c_φ(a_t, s_t)] + ∇θ c_φ(a_t, s_t)
 * </pre>
 * (the second term through the reparameterized a_t), composed from core pieces: π a
 * {@link Gaussian}, c_φ a continuous {@link Surrogate} with the state as input, ĝ by
 * {@link LaxGradient}. φ takes {@link AgentConfig#cvIterations()} steps on the
 * {@link VarianceLoss} (double backprop), the policy one step along ĝ (plus the entropy
 * term), the value network cvIterations steps on the squared error to Â + V. Actions are
 * clipped to the action box only when sent to the environment.
 *
 * <p>KF-LAX ({@link Algorithm#KF_LAX}): φ's layers take K-FAC steps ({@link KfacSurrogateOptimizer}, curvature from
 * {@link AgentConfig#cvFisher()}), and the policy step is capped by the mean KL trust region
 * {@link AgentConfig#trustRegion()}.
 */
final class Lax extends AbstractAgent<float[]> {
    private final int obsDim;
    private final int actDim;
    private final float[] low;
    private final float[] high;
    private final Mlp mean;
    private final Tensor logStd;
    private final Mlp value;
    private final Surrogate cv;
    private final MlpEval meanEval;
    private final MlpEval valueEval;
    private final Tensor[] policyParams;
    private final Tensor[] valueParams;
    private final Tensor[] cvParams;
    private final Optimizer policyOpt;
    private final Optimizer valueOpt;
    /** The surrogate's optimizer for LAX; null for KF-LAX. */
    private final Optimizer cvOpt;
    /** KF-LAX's surrogate step; null for LAX. */
    private final KfacSurrogateOptimizer cvKfac;
    /** The K-FAC optimizer inside {@link #cvKfac} (for its step metrics); null for LAX. */
    private final Kfac cvLayersKfac;
    // the current batch
    private final List<double[]> obs = new ArrayList<>();
    private final List<double[]> noise = new ArrayList<>();
    private final List<Double> rewards = new ArrayList<>();
    private final List<int[]> episodes = new ArrayList<>();
    private final List<double[]> finalObs = new ArrayList<>();

    Lax(Env<float[]> env, AgentConfig config, long seed) {
        super(env, config, seed);
        boolean kfac = config.algo().kfac();
        Box box = (Box) env.actionSpace();   // checked by AbstractAgent
        this.obsDim = env.observationSpace().dim();
        this.actDim = box.dim();
        this.low = box.low();
        this.high = box.high();
        this.mean = Nets.mlp(obsDim, config.hidden(), actDim, config.activation(), 0.1, initRng);
        double[] ls = new double[actDim];
        Arrays.fill(ls, config.logStdInit());
        this.logStd = Tensor.param(Tensor.vector(ls));
        this.value = Nets.mlp(obsDim, config.valueHidden(), 1, config.activation(), 1.0, initRng);
        this.cv = new Surrogate(Nets.mlp(obsDim + actDim, config.cvHidden(), 1, config.activation(), 1.0, initRng), null);
        this.meanEval = new MlpEval(mean);
        this.valueEval = new MlpEval(value);
        List<Tensor> pp = new ArrayList<>(mean.parameters());
        pp.add(logStd);
        this.policyParams = pp.toArray(Tensor[]::new);
        this.valueParams = value.parameters().toArray(Tensor[]::new);
        this.cvParams = cv.parameters().toArray(Tensor[]::new);
        this.policyOpt = Nets.optimizer(config.optimizer(), pp, config.lr(), config.adamBeta2());
        this.valueOpt = Nets.optimizer(config.optimizer(), value.parameters(), config.valueLr(), config.adamBeta2());
        if (kfac) {
            this.cvLayersKfac = KfacFactory.build(cv.mlp().layers(), config.cvLr(), config, kfacSkips());
            this.cvKfac = new KfacSurrogateOptimizer(KfacSurrogateOptimizer.FisherSource.parse(config.cvFisher()), cv,
                    cvLayersKfac, null, fisherRng);
            this.cvOpt = null;
        } else {
            this.cvLayersKfac = null;
            this.cvKfac = null;
            this.cvOpt = Nets.optimizer(config.optimizer(), cv.parameters(), config.cvLr(), config.adamBeta2());
        }
    }

    @Override
    protected void runEpisode(double[] out) {
        double[] o = reset();
        int start = obs.size();
        double ret = 0;
        while (true) {
            double[] e = new double[actDim];
            float[] a = sample(o, actionRng, e);
            StepResult r = env.step(a);
            obs.add(o);
            noise.add(e);
            rewards.add(r.reward());
            ret += r.reward();
            o = toDouble(r.observation());
            if (r.done()) {
                episodes.add(new int[] {start, obs.size() - start, r.terminated() ? 1 : 0});
                finalObs.add(o);
                break;
            }
        }
        out[0] = obs.size() - start;
        out[1] = ret;
        if (obs.size() >= config.batchSteps()) {
            update((int) out[0]);
            obs.clear();
            noise.clear();
            rewards.clear();
            episodes.clear();
            finalObs.clear();
        }
    }

    /**
     * a = clip(μ(o) + σ·ε) with ε drawn from {@code r} (stored in {@code eps}).
     *
     * @throws NonFiniteException if μ(o) + σ·ε is not finite (a diverged policy)
     */
    private float[] sample(double[] o, Rng r, double[] eps) {
        double[] mu = meanEval.forward(o);
        double[] ls = logStd.data();
        float[] a = new float[actDim];
        for (int d = 0; d < actDim; d++) {
            eps[d] = r.nextGaussian();
            double x = mu[d] + Math.exp(ls[d]) * eps[d];
            if (!Double.isFinite(x)) {
                throw new NonFiniteException("policy action " + d + " = " + mu[d] + " + exp(" + ls[d] + ") * " + eps[d]
                        + " is not finite at observation " + Arrays.toString(o));
            }
            a[d] = (float) Math.min(high[d], Math.max(low[d], x));
        }
        return a;
    }

    @Override
    public float[] act(float[] observation, Rng r) {
        return sample(checkedObservation(observation), r, new double[actDim]);
    }

    /** Deterministic: the mean μ(o), clipped to the action bounds; otherwise a sample drawn from the agent's generator. */
    @Override
    public float[] act(float[] observation, boolean deterministic) {
        double[] o = checkedObservation(observation);
        if (!deterministic) {
            return sample(o, actionRng, new double[actDim]);
        }
        double[] mu = meanEval.forward(o);
        float[] a = new float[actDim];
        for (int d = 0; d < actDim; d++) {
            if (!Double.isFinite(mu[d])) {
                throw new NonFiniteException("policy mean " + d + " = " + mu[d] + " is not finite at observation "
                        + Arrays.toString(o));
            }
            a[d] = (float) Math.min(high[d], Math.max(low[d], mu[d]));
        }
        return a;
    }

    /** One update from the batch; {@code lastEpisodeSteps}: the length of its last episode, the one in progress. */
    private void update(int lastEpisodeSteps) {
        int n = obs.size();
        double[] xs = new double[n * obsDim];
        double[] es = new double[n * actDim];
        double[] rw = new double[n];
        for (int t = 0; t < n; t++) {
            System.arraycopy(obs.get(t), 0, xs, t * obsDim, obsDim);
            System.arraycopy(noise.get(t), 0, es, t * actDim, actDim);
            rw[t] = rewards.get(t);
        }
        Tensor x = Tensor.matrix(n, obsDim, xs);
        Tensor eps = Tensor.matrix(n, actDim, es);
        double[] v = value.forward(x).data();
        double[] adv = new double[n];
        double[] target = new double[n];
        for (int k = 0; k < episodes.size(); k++) {
            int[] ep = episodes.get(k);
            double bootstrap = ep[2] == 1 ? 0.0 : valueEval.forward(finalObs.get(k))[0];
            double[] r = Arrays.copyOfRange(rw, ep[0], ep[0] + ep[1]);
            double[] vv = Arrays.copyOfRange(v, ep[0], ep[0] + ep[1]);
            double[] a = Returns.gae(r, vv, ep[1], bootstrap, config.gamma(), config.gaeLambda());
            for (int t = 0; t < ep[1]; t++) {
                adv[ep[0] + t] = a[t];
                target[ep[0] + t] = a[t] + vv[t];
            }
        }
        Tensor advN = Tensor.vector(normalize(adv));

        // surrogate iterations; the first one's ĝ is the policy step's gradient
        Gaussian pi = new Gaussian(mean.forward(x), logStd);
        Tensor a = pi.reparameterized(eps);
        Tensor logpFixedA = pi.logProb(a.detach());
        Tensor[] policyGrad = null;
        double surrogateLoss = Double.NaN;
        double[] loss = new double[1];
        for (int it = 0; it < config.cvIterations(); it++) {
            Tensor[] g = surrogateIteration(x, a, logpFixedA, advN, loss);
            if (it == 0) {
                policyGrad = g;
                surrogateLoss = loss[0];
            }
        }
        gradVariance.add(policyGrad);
        // entropy of a diagonal Gaussian: Σ_d log σ_d + const; its gradient reaches only log σ
        Tensor[] gEnt = new Tensor[policyGrad.length];
        for (int i = 0; i < policyGrad.length; i++) {
            gEnt[i] = policyParams[i] == logStd ? Tensor.fullLike(logStd, 1.0) : Tensor.zerosLike(policyParams[i]);
        }
        double kl = stepPolicy(PolicyGradients.lossGradient(policyGrad, gEnt, config.entropy()), x, pi.mean().data());
        Tensor targetT = Tensor.vector(target);
        double valueLoss = Double.NaN;
        for (int it = 0; it < config.cvIterations(); it++) {
            Tensor l = value.forward(x).flatten().sub(targetT).square().mean();
            if (it == 0) {
                valueLoss = l.data()[0];
            }
            valueOpt.step(Autodiff.grad(l, valueParams));
        }
        updates++;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(UpdateMetrics.ENTROPY, gaussianEntropy(logStd.data()));
        m.put(UpdateMetrics.VALUE_LOSS, valueLoss);
        m.put(UpdateMetrics.EXPLAINED_VARIANCE, ExplainedVariance.of(v, target));
        m.put(UpdateMetrics.SURROGATE_LOSS, surrogateLoss);
        putKl(m, kl, config.trustRegion());
        putKfac(m, "surrogate", cvLayersKfac);
        reportUpdate(m, lastEpisodeSteps);
    }

    /** Entropy of N(μ, diag σ²): Σ_d (log σ_d + ½ log(2πe)). */
    static double gaussianEntropy(double[] logStd) {
        double h = 0;
        for (double ls : logStd) {
            h += ls + 0.5 * Math.log(2 * Math.PI * Math.E);
        }
        return h;
    }

    /** One surrogate iteration: ĝ (returned, as constants; its variance loss in {@code lossOut[0]}) and a step of φ on that loss. */
    private Tensor[] surrogateIteration(Tensor x, Tensor a, Tensor logpFixedA, Tensor advN, double[] lossOut) {
        if (cvKfac != null) {
            cvKfac.beginRecording(cv);
        }
        Tensor[] g = LaxGradient.of(policyParams, logpFixedA, advN, cv.apply(x, a), 1.0 / x.rows(), true);
        Tensor loss = VarianceLoss.of(g);
        lossOut[0] = loss.data()[0];
        Tensor[] gPhi = Autodiff.grad(loss, cvParams);
        if (cvKfac != null) {
            cvKfac.step(cv, gPhi, g);
        } else {
            cvOpt.step(gPhi);
        }
        return Autodiff.detach(g);
    }

    /** Policy step, capped (if trustRegion > 0) so that the mean KL(old ‖ new) over the batch is ≤ δ. */
    private double stepPolicy(Tensor[] lossGrads, Tensor x, double[] oldMu) {
        double[] oldLs = logStd.toArray();
        return PolicyTrustRegion.step(policyOpt, lossGrads, config.trustRegion(), () -> meanKl(x, oldMu, oldLs));
    }

    /** Mean over rows of KL(N(μ_old, σ_old²) ‖ N(μ, σ²)), summed over action dimensions. */
    private double meanKl(Tensor x, double[] oldMu, double[] oldLs) {
        int n = x.rows();
        double[] ls = logStd.data();
        double[] mu = meanEval.forward(x.data(), n);   // each row as meanEval.forward of that row alone
        double kl = 0;
        for (int t = 0; t < n; t++) {
            for (int d = 0; d < actDim; d++) {
                double s0 = Math.exp(oldLs[d]);
                double s1 = Math.exp(ls[d]);
                double dm = oldMu[t * actDim + d] - mu[t * actDim + d];
                kl += ls[d] - oldLs[d] + (s0 * s0 + dm * dm) / (2 * s1 * s1) - 0.5;
            }
        }
        return kl / n;
    }

    private static double[] normalize(double[] a) {
        double m = 0;
        for (double x : a) {
            m += x;
        }
        m /= a.length;
        double ss = 0;
        for (double x : a) {
            ss += (x - m) * (x - m);
        }
        double sd = Math.sqrt(ss / a.length) + 1e-8;
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (a[i] - m) / sd;
        }
        return out;
    }

    /** Optimizers, and the batch collected so far (episodes not yet used by an update). */
    @Override
    protected void saveLearnerState(TrainingState state, String prefix) {
        policyOpt.saveState(state, prefix + ".policyOpt");
        valueOpt.saveState(state, prefix + ".valueOpt");
        if (cvKfac != null) {
            cvKfac.saveState(state, prefix + ".cvOpt");
        } else {
            cvOpt.saveState(state, prefix + ".cvOpt");
        }
        state.putDoubles(prefix + ".batch.obs", concat(obs, obsDim));
        state.putDoubles(prefix + ".batch.noise", concat(noise, actDim));
        state.putDoubles(prefix + ".batch.rewards", rewards.stream().mapToDouble(Double::doubleValue).toArray());
        long[] eps = new long[3 * episodes.size()];
        for (int k = 0; k < episodes.size(); k++) {
            for (int j = 0; j < 3; j++) {
                eps[3 * k + j] = episodes.get(k)[j];
            }
        }
        state.putLongs(prefix + ".batch.episodes", eps);
        state.putDoubles(prefix + ".batch.finalObs", concat(finalObs, obsDim));
    }

    @Override
    protected void loadLearnerState(TrainingState state, String prefix) {
        long[] eps = state.longs(prefix + ".batch.episodes", -1);
        int nEpisodes = eps.length / 3;
        double[] rw = state.doubles(prefix + ".batch.rewards", -1);
        int n = rw.length;
        double[] o = state.doubles(prefix + ".batch.obs", n * obsDim);
        double[] e = state.doubles(prefix + ".batch.noise", n * actDim);
        double[] f = state.doubles(prefix + ".batch.finalObs", nEpisodes * obsDim);
        long covered = 0;
        for (int k = 0; k < nEpisodes; k++) {
            if (eps[3 * k] != covered || eps[3 * k + 1] <= 0 || (eps[3 * k + 2] != 0 && eps[3 * k + 2] != 1)) {
                throw new IllegalArgumentException("training state: '" + prefix + ".batch.episodes' does not describe"
                        + " consecutive episodes");
            }
            covered += eps[3 * k + 1];
        }
        if (eps.length % 3 != 0 || covered != n) {
            throw new IllegalArgumentException("training state: the saved batch's episodes cover " + covered + " of "
                    + n + " steps");
        }
        policyOpt.loadState(state, prefix + ".policyOpt");
        valueOpt.loadState(state, prefix + ".valueOpt");
        if (cvKfac != null) {
            cvKfac.loadState(state, prefix + ".cvOpt");
        } else {
            cvOpt.loadState(state, prefix + ".cvOpt");
        }
        obs.clear();
        noise.clear();
        rewards.clear();
        episodes.clear();
        finalObs.clear();
        for (int t = 0; t < n; t++) {
            obs.add(Arrays.copyOfRange(o, t * obsDim, (t + 1) * obsDim));
            noise.add(Arrays.copyOfRange(e, t * actDim, (t + 1) * actDim));
            rewards.add(rw[t]);
        }
        for (int k = 0; k < nEpisodes; k++) {
            episodes.add(new int[] {(int) eps[3 * k], (int) eps[3 * k + 1], (int) eps[3 * k + 2]});
            finalObs.add(Arrays.copyOfRange(f, k * obsDim, (k + 1) * obsDim));
        }
    }

    private static double[] concat(List<double[]> rows, int width) {
        double[] out = new double[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, out, i * width, width);
        }
        return out;
    }

    @Override
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> m = new LinkedHashMap<>(ParamFile.named("policy", mean));
        m.put("policy.logStd", logStd);
        m.putAll(ParamFile.named("value", value));
        m.putAll(ParamFile.named("cv", cv.mlp()));
        return m;
    }
}
