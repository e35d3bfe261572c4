package org.kfrelax.rl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.gym.Env;
import org.kfrelax.random.Pcg64;
import org.kfrelax.random.SeedSequence;

/**
 * The fixed-policy variance instrument ({@code kfrelax variance}): at a frozen policy π_θ,
 * the variance of each estimator's per-episode policy gradient, measured on the same fresh
 * episodes for every estimator.
 *
 * <p><b>What is measured.</b> Every estimator estimates the same gradient,
 * g = E[Σ_t ∇θ log π(a_t|s_t)·R_t] with R_t the discounted return from t (the agents' γ;
 * the entropy term is left out), from one episode. For each estimator the instrument reports
 * tr Cov[ĝ] = E‖ĝ − E ĝ‖², the variance summed over all policy parameters, estimated on N
 * evaluation episodes with its delta-method standard error ({@link TraceVariance}), its log
 * and the log's standard error.
 *
 * <p><b>Estimators.</b>
 * <ul>
 *   <li>{@code reinforce}: no baseline, ĝ = Σ_t ∇log π(a_t|s_t)·R_t;</li>
 *   <li>{@code a2c}, {@code relax}, {@code kf-relax}: each algorithm's own estimator through its
 *       agent's code ({@link DiscreteAgent#gradientEstimate}), with a baseline (critic or
 *       surrogate) trained on the frozen policy by the algorithm's own update rule
 *       ({@link DiscreteAgent#fitBaseline}), one update per fitting episode, in order, over the
 *       M fitting episodes. The baseline starts from the snapshot's own when the snapshot was
 *       trained by that algorithm (its configuration too), otherwise freshly initialized with
 *       that algorithm's default configuration and the snapshot's policy shape and γ;</li>
 *   <li>{@code <algo>-as-trained}: the snapshot's own estimator with its baseline exactly as it
 *       was when the policy was frozen (no update on the frozen policy);</li>
 *   <li>oracles, fitted by least squares to the returns R_t of the M fitting episodes
 *       ({@link FittedRegression}: tanh MLP, minibatch Adam) and used through
 *       {@link BaselineGradient}: {@code fitted-v}, a state baseline V(s);
 *       {@code fitted-vt}, V(s, t/T) which also sees the time step t over the time limit T;
 *       {@code fitted-q}, Q(s, a) (one output per action, trained on the action taken) with
 *       the exact sum over actions: ĝ = Σ_t ∇log π(a_t|s_t)(R_t − Q(s_t,a_t)) +
 *       Σ_t ∇θ Σ_a π(a|s_t) Q(s_t,a).</li>
 * </ul>
 * The fitting episodes and the evaluation episodes are separate samples from the frozen policy.
 * All estimators are unbiased; the result checks it: per parameter component the z-score of
 * each estimator's mean minus {@code reinforce}'s, paired over the evaluation episodes
 * ({@link TraceVariance#meanDifferenceZ}). Each baseline's fit gap is its variance over
 * {@code fitted-v}'s, with the paired standard error of the log ratio.
 */
public final class FixedPolicyVariance {
    private FixedPolicyVariance() {}

    public static final String REINFORCE = "reinforce";
    public static final String FITTED_V = "fitted-v";
    public static final String FITTED_VT = "fitted-vt";
    public static final String FITTED_Q = "fitted-q";
    public static final String AS_TRAINED = "-as-trained";
    /** The algorithms whose trained baselines are measured. */
    public static final List<Algorithm> LEARNED = List.of(Algorithm.A2C, Algorithm.RELAX, Algorithm.KF_RELAX);

    /**
     * How to measure.
     *
     * @param episodes N, evaluation episodes (≥ 2)
     * @param fitEpisodes M, fitting episodes for the oracles and the learned baselines (≥ 1)
     * @param fitHidden the oracles' hidden layer sizes
     * @param fitSteps the oracles' Adam steps
     * @param fitBatch the oracles' minibatch size
     * @param fitLr the oracles' Adam learning rate
     * @param seed seeds the episodes, the fits and the learned baselines' initialization and noise
     */
    public record Settings(int episodes, int fitEpisodes, int[] fitHidden, int fitSteps, int fitBatch, double fitLr,
            long seed) {
        public Settings {
            if (episodes < 2) {
                throw new IllegalArgumentException("episodes must be at least 2, got " + episodes);
            }
            if (fitEpisodes < 1) {
                throw new IllegalArgumentException("fit episodes must be at least 1, got " + fitEpisodes);
            }
            if (fitHidden == null || fitHidden.length == 0) {
                throw new IllegalArgumentException("fit hidden sizes: expected at least one layer size");
            }
            for (int h : fitHidden) {
                if (h <= 0) {
                    throw new IllegalArgumentException("fit hidden sizes must be positive, got " + h);
                }
            }
            if (fitSteps < 0 || fitBatch < 1) {
                throw new IllegalArgumentException("fit steps must be ≥ 0 and the fit batch ≥ 1, got " + fitSteps
                        + " and " + fitBatch);
            }
            if (!(fitLr > 0) || !Double.isFinite(fitLr)) {
                throw new IllegalArgumentException("fit learning rate must be positive and finite, got " + fitLr);
            }
            if (seed < 0) {
                throw new IllegalArgumentException("seed must be non-negative, got " + seed);
            }
            fitHidden = fitHidden.clone();
        }

        /** The defaults: N = 300, M = 200, 64×64 tanh, 3000 Adam steps of 256 at 1e-3. */
        public static Settings defaults(long seed) {
            return new Settings(300, 200, new int[] {64, 64}, 3000, 256, 1e-3, seed);
        }
    }

    /**
     * A frozen policy: a discrete-action agent's configuration and parameter values.
     *
     * @param label a name for results (e.g. {@code ep150})
     * @param episode the training episode it was taken at (−1 if unknown)
     * @param config the agent's configuration
     * @param params every parameter's values by name ({@link Agent#parameters()}'s names)
     */
    public record Snapshot(String label, long episode, AgentConfig config, Map<String, double[]> params) {
        /** A copy of {@code agent}'s current parameters. */
        public static Snapshot of(Agent<?> agent, String label, long episode) {
            Map<String, double[]> p = new LinkedHashMap<>();
            agent.parameters().forEach((k, v) -> p.put(k, v.toArray()));
            return new Snapshot(label, episode, agent.config(), p);
        }
    }

    /**
     * One estimator at one snapshot.
     *
     * @param estimator its name
     * @param baseline how its baseline was obtained
     * @param variance V̂ = tr Cov[ĝ]
     * @param se SE(V̂)
     * @param logVariance log V̂
     * @param logSe SE(log V̂)
     * @param fitGap V̂ / V̂(fitted-v)
     * @param logFitGapSe paired SE of log(fitGap)
     * @param maxAbsZ max over components of |z| of its mean minus reinforce's (0 for reinforce)
     * @param fracAbsZOver2 fraction of components with |z| > 1.96 (≈ .05 if unbiased)
     */
    public record EstimatorResult(String estimator, String baseline, double variance, double se, double logVariance,
            double logSe, double fitGap, double logFitGapSe, double maxAbsZ, double fracAbsZOver2) {}

    /**
     * All estimators at one snapshot.
     *
     * @param snapshot the snapshot's label
     * @param episode its training episode
     * @param algo the algorithm that trained it
     * @param meanReturn mean undiscounted return of the evaluation episodes
     * @param meanLength mean length of the evaluation episodes
     * @param parameters P, the policy's parameter count
     * @param estimators per estimator, in a fixed order
     * @param maxAbsZ the largest |z| of any estimator (unbiasedness check)
     * @param comparisons the number of z-scores behind maxAbsZ
     */
    public record Result(String snapshot, long episode, String algo, double meanReturn, double meanLength,
            int parameters, List<EstimatorResult> estimators, double maxAbsZ, int comparisons) {}

    /**
     * Measures every estimator at {@code snap}.
     *
     * @param snap a discrete-action agent's snapshot
     * @param envs makes a fresh environment (one per agent built here)
     * @param horizon T, the time limit (the fitted V(s, t)'s time input is t/T)
     * @param settings how to measure
     * @param progress receives a line per stage
     */
    public static Result measure(Snapshot snap, Supplier<Env<Integer>> envs, int horizon, Settings settings,
            Consumer<String> progress) {
        Built b = build(snap, envs, horizon, settings, progress);
        try {
            progress.accept(snap.label() + ": measuring " + b.estimators().size() + " estimators on "
                    + b.eval().size() + " episodes");
            return evaluate(snap, b);
        } finally {
            b.close();
        }
    }

    /**
     * The estimators at a snapshot, ready to evaluate: the evaluation episodes, each estimator
     * as a function of an episode (in result order) with how its baseline was obtained, and the
     * environments to close.
     */
    record Built(List<EpisodeBuffer> eval, Map<String, Function<EpisodeBuffer, Tensor[]>> estimators,
            Map<String, String> sources, List<AutoCloseable> opened) implements AutoCloseable {
        @Override
        public void close() {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception e) {
                    // an environment that fails to close holds nothing the results depend on
                }
            }
        }
    }

    /** Samples the episodes, trains the learned baselines and fits the oracles (the stages before measuring). */
    static Built build(Snapshot snap, Supplier<Env<Integer>> envs, int horizon, Settings settings,
            Consumer<String> progress) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be at least 1, got " + horizon);
        }
        Algorithm own = snap.config().algo();
        if (own.continuous()) {
            throw new IllegalArgumentException("the variance instrument measures discrete-action agents, got " + own);
        }
        SeedSequence[] seeds = new SeedSequence(settings.seed()).spawn(4 + LEARNED.size());
        double gamma = snap.config().gamma();
        List<AutoCloseable> opened = new ArrayList<>();
        Map<String, Function<EpisodeBuffer, Tensor[]>> est = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        Built built = new Built(new ArrayList<>(), est, sources, opened);
        try {
            progress.accept(snap.label() + ": sampling " + settings.episodes() + " evaluation and "
                    + settings.fitEpisodes() + " fitting episodes");
            DiscreteAgent sampler = agent(snap, snap.config(), envs, seedOf(seeds[0]), true, opened);
            built.eval().addAll(sample(sampler, settings.episodes()));
            List<EpisodeBuffer> fit = sample(agent(snap, snap.config(), envs, seedOf(seeds[1]), true, opened),
                    settings.fitEpisodes());

            est.put(REINFORCE, ep -> BaselineGradient.of(sampler.policy, ep, gamma, null, null));
            sources.put(REINFORCE, "none");
            for (int i = 0; i < LEARNED.size(); i++) {
                Algorithm algo = LEARNED.get(i);
                boolean warm = algo == own;
                AgentConfig c = warm ? snap.config() : defaultsLike(algo, snap.config());
                progress.accept(snap.label() + ": training the " + algo + " baseline on " + fit.size() + " episodes");
                DiscreteAgent a = agent(snap, c, envs, seedOf(seeds[4 + i]), warm, opened);
                for (EpisodeBuffer ep : fit) {
                    a.fitBaseline(ep);
                }
                est.put(algo.toString(), a::gradientEstimate);
                sources.put(algo.toString(), (warm ? "snapshot's" : "fresh") + " + " + fit.size() + " episodes");
            }
            DiscreteAgent asTrained = agent(snap, snap.config(), envs, seedOf(seeds[2]), true, opened);
            est.put(own + AS_TRAINED, asTrained::gradientEstimate);
            sources.put(own + AS_TRAINED, "snapshot's as trained");

            progress.accept(snap.label() + ": fitting the oracles (" + settings.fitSteps() + " Adam steps each)");
            Pcg64 fitRng = new Pcg64(seeds[3]);
            int obsDim = sampler.obsDim;
            Features fx = Features.of(fit, gamma, horizon);
            FittedRegression v = FittedRegression.fit(fx.states(), obsDim, null, 1, fx.returns(), settings.fitHidden(),
                    settings.fitSteps(), settings.fitBatch(), settings.fitLr(), fitRng);
            FittedRegression vt = FittedRegression.fit(fx.timedStates(), obsDim + 1, null, 1, fx.returns(),
                    settings.fitHidden(), settings.fitSteps(), settings.fitBatch(), settings.fitLr(), fitRng);
            FittedRegression q = FittedRegression.fit(fx.states(), obsDim, fx.actions(), sampler.nActions,
                    fx.returns(), settings.fitHidden(), settings.fitSteps(), settings.fitBatch(), settings.fitLr(),
                    fitRng);
            est.put(FITTED_V, ep -> BaselineGradient.of(sampler.policy, ep, gamma,
                    v.predict(Features.states(ep), ep.length), null));
            est.put(FITTED_VT, ep -> BaselineGradient.of(sampler.policy, ep, gamma,
                    vt.predict(Features.timedStates(ep, horizon), ep.length), null));
            est.put(FITTED_Q, ep -> BaselineGradient.of(sampler.policy, ep, gamma, null,
                    q.predict(Features.states(ep), ep.length)));
            String fitted = "fitted on " + fit.size() + " episodes";
            sources.put(FITTED_V, fitted);
            sources.put(FITTED_VT, fitted);
            sources.put(FITTED_Q, fitted);
            return built;
        } catch (RuntimeException e) {
            built.close();
            throw e;
        }
    }

    /** Every estimator's draws on the evaluation episodes, summarized. */
    static Result evaluate(Snapshot snap, Built b) {
        Map<String, double[][]> draws = new LinkedHashMap<>();
        b.estimators().forEach((name, f) -> draws.put(name, estimates(name, b.eval(), f)));
        return summarize(snap, b.eval(), draws, b.sources());
    }

    private static Result summarize(Snapshot snap, List<EpisodeBuffer> eval, Map<String, double[][]> draws,
            Map<String, String> sources) {
        Map<String, TraceVariance> stats = new LinkedHashMap<>();
        draws.forEach((k, g) -> stats.put(k, new TraceVariance(g)));
        TraceVariance ref = stats.get(FITTED_V);
        double[][] reinforce = draws.get(REINFORCE);
        List<EstimatorResult> out = new ArrayList<>();
        double maxZ = 0;
        int comparisons = 0;
        for (Map.Entry<String, TraceVariance> e : stats.entrySet()) {
            TraceVariance t = e.getValue();
            double mz = 0;
            int over = 0;
            double[] z = TraceVariance.meanDifferenceZ(draws.get(e.getKey()), reinforce);
            if (!e.getKey().equals(REINFORCE)) {
                for (double zj : z) {
                    mz = Math.max(mz, Math.abs(zj));
                    over += Math.abs(zj) > 1.96 ? 1 : 0;
                }
                comparisons += z.length;
            }
            maxZ = Math.max(maxZ, mz);
            boolean self = e.getKey().equals(FITTED_V);
            out.add(new EstimatorResult(e.getKey(), sources.get(e.getKey()), t.variance(), t.se(), t.logVariance(),
                    t.logSe(), t.variance() / ref.variance(), self ? 0.0 : t.logRatioSe(ref), mz,
                    e.getKey().equals(REINFORCE) ? 0.0 : (double) over / z.length));
        }
        double ret = 0;
        double len = 0;
        for (EpisodeBuffer ep : eval) {
            ret += ep.returnSum();
            len += ep.length;
        }
        return new Result(snap.label(), snap.episode(), snap.config().algo().toString(), ret / eval.size(),
                len / eval.size(), reinforce[0].length, out, maxZ, comparisons);
    }

    /** The algorithm's default configuration with {@code like}'s policy shape and discount. */
    static AgentConfig defaultsLike(Algorithm algo, AgentConfig like) {
        return AgentConfig.builder(algo).hidden(like.hidden()).activation(like.activation()).gamma(like.gamma()).build();
    }

    /** A new agent of {@code config} whose policy (and, with {@code all}, every parameter) is the snapshot's. */
    @SuppressWarnings("unchecked")
    private static DiscreteAgent agent(Snapshot snap, AgentConfig config, Supplier<Env<Integer>> envs, long seed,
            boolean all, List<AutoCloseable> opened) {
        Env<Integer> env = envs.get();
        opened.add(env);
        Agent<?> a = Agents.create(config, env, seed);
        if (!(a instanceof DiscreteAgent d)) {
            throw new IllegalArgumentException("the variance instrument measures discrete-action agents, got "
                    + config.algo());
        }
        for (Map.Entry<String, Tensor> e : d.parameters().entrySet()) {
            if (!all && !e.getKey().startsWith("policy.")) {
                continue;
            }
            double[] v = snap.params().get(e.getKey());
            double[] into = e.getValue().data();
            if (v == null || v.length != into.length) {
                throw new IllegalArgumentException("snapshot " + snap.label() + ": parameter " + e.getKey()
                        + (v == null ? " is missing" : " has " + v.length + " values, expected " + into.length));
            }
            System.arraycopy(v, 0, into, 0, v.length);
        }
        return d;
    }

    private static long seedOf(SeedSequence s) {
        return s.generateState64(1)[0] >>> 1;
    }

    private static List<EpisodeBuffer> sample(DiscreteAgent sampler, int n) {
        List<EpisodeBuffer> eps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            eps.add(sampler.sampleEpisode().copy());
        }
        return eps;
    }

    /** One estimator's draws: its estimate on each episode, flattened (N × P); NaN/Inf rejected. */
    private static double[][] estimates(String name, List<EpisodeBuffer> eps, Function<EpisodeBuffer, Tensor[]> f) {
        double[][] out = new double[eps.size()][];
        for (int i = 0; i < out.length; i++) {
            double[] row = Tensor.values(f.apply(eps.get(i)));
            for (double x : row) {
                if (!Double.isFinite(x)) {
                    throw new IllegalStateException(name + "'s gradient estimate is not finite (" + x + ") on evaluation episode " + i);
                }
            }
            out[i] = row;
        }
        return out;
    }
}
