package org.kfrelax.rl;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.ResetResult;
import org.kfrelax.kfac.SkipListener;
import org.kfrelax.random.Pcg64;
import org.kfrelax.random.Rng;
import org.kfrelax.state.TrainingState;

/**
 * The training loop every agent shares: run an episode (the subclass acts, stores what it
 * needs and updates when it has enough data), then report {@link EpisodeStats}.
 *
 * <p>Each consumer of random numbers draws from its own stream ({@link RandomStreams}); the
 * environment is reset with the seed itself on the first episode (Gymnasium's
 * {@code reset(seed=seed)}), so that episode is the one {@code rollout}/{@code eval} with the same
 * seed see.
 *
 * <p>State ({@link #saveState}, between episodes): the counters, every stream, the
 * environment's generator (at an episode boundary the next reset draws only from it), the
 * gradient-variance averages, and what the subclass holds ({@link #saveLearnerState}:
 * optimizers, a partly filled batch).
 *
 * @param <A> action type
 */
abstract class AbstractAgent<A> implements Agent<A> {
    protected final Env<A> env;
    protected final AgentConfig config;
    protected final long seed;
    /** Network initialization (spawned child 0). */
    protected final Rng initRng;
    /** Action sampling during training: the uniforms of the Gumbel-max draw, the Gaussian action noise (child 1). */
    protected final Rng actionRng;
    /** Estimator noise: RELAX's conditional-sample uniforms (child 2; LAX draws none, its ε is the action noise). */
    protected final Rng noiseRng;
    /** K-FAC's sampled Fisher targets (child 3). */
    protected final Rng fisherRng;
    private final RandomStreams streams;
    protected final GradVariance gradVariance;
    protected long updates;
    private boolean started;
    private long episodes;
    private long totalSteps;
    private long skippedUpdates;
    /** The listener of the running {@link #learn} call (null outside one). */
    private EpisodeListener listener;

    AbstractAgent(Env<A> env, AgentConfig config, long seed) {
        config.algo().checkActionSpace(env);
        this.env = env;
        this.config = config;
        this.seed = seed;
        this.streams = RandomStreams.of(seed);
        this.initRng = streams.init();
        this.actionRng = streams.action();
        this.noiseRng = streams.noise();
        this.fisherRng = streams.fisher();
        this.gradVariance = new GradVariance(config.gradVarDecay());
    }

    @Override
    public final AgentConfig config() {
        return config;
    }

    @Override
    public final Env<A> env() {
        return env;
    }

    @Override
    public final long skippedUpdates() {
        return skippedUpdates;
    }

    /** Where the agent's K-FAC optimizers report skipped updates: counted, and a warning to the listener. */
    protected final SkipListener kfacSkips() {
        return (reason, n) -> {
            skippedUpdates++;
            if (listener != null) {
                listener.onWarning(reason);
            }
        };
    }

    /**
     * Sends the metrics of the update just made ({@link #updates} already counted) to the
     * listener of the running {@link #learn} call, if any; the update belongs to the episode in progress.
     */
    protected final void reportUpdate(java.util.Map<String, Double> values, int episodeSteps) {
        if (listener != null) {
            listener.onUpdate(new UpdateMetrics(updates, episodes + 1, totalSteps + episodeSteps, values));
        }
    }

    /**
     * Adds K-FAC's step scale, q, step norm and damping of {@code kfac}'s last step under
     * {@code name}; nothing if {@code kfac} is null.
     */
    protected static void putKfac(java.util.Map<String, Double> values, String name, org.kfrelax.kfac.Kfac kfac) {
        if (kfac != null) {
            values.put(UpdateMetrics.KFAC_SCALE + name, kfac.lastScale());
            values.put(UpdateMetrics.KFAC_QUADRATIC_FORM + name, kfac.lastQuadraticForm());
            values.put(UpdateMetrics.KFAC_STEP_NORM + name, kfac.lastStepNorm());
            values.put(UpdateMetrics.KFAC_DAMPING + name, kfac.damping().gamma());
        }
    }

    /** Adds the trust region's KL if it was computed (not NaN because uncapped). */
    protected static void putKl(java.util.Map<String, Double> values, double kl, double trustRegion) {
        if (trustRegion > 0) {
            values.put(UpdateMetrics.KL, kl);
        }
    }

    /** The mean of a tensor's entries. */
    protected static double mean(Tensor t) {
        double s = 0;
        for (double v : t.data()) {
            s += v;
        }
        return s / t.size();
    }

    /** First observation of a new episode: the first reset uses the seed, later ones continue its stream. */
    protected final double[] reset() {
        ResetResult r = started ? env.reset() : env.reset(seed);
        started = true;
        return toDouble(r.observation());
    }

    /**
     * An observation handed to {@link #act}, as doubles, after checking it: its length must be
     * the environment's observation dimension and every entry finite.
     *
     * @throws IllegalArgumentException naming the length or the first bad entry
     */
    protected final double[] checkedObservation(float[] observation) {
        int dim = env.observationSpace().dim();
        if (observation == null || observation.length != dim) {
            throw new IllegalArgumentException("observation has " + (observation == null ? "no" : observation.length)
                    + " entries, expected " + dim + " for " + env.id());
        }
        for (int i = 0; i < dim; i++) {
            if (!Float.isFinite(observation[i])) {
                throw new IllegalArgumentException("observation entry " + i + " is " + observation[i]
                        + ", expected a finite number");
            }
        }
        return toDouble(observation);
    }

    static double[] toDouble(float[] o) {
        double[] d = new double[o.length];
        for (int i = 0; i < o.length; i++) {
            d[i] = o[i];
        }
        return d;
    }

    @Override
    public final long updates() {
        return updates;
    }

    @Override
    public final void saveState(TrainingState state, String prefix) {
        state.putBoolean(prefix + ".started", started);
        state.putLongs(prefix + ".counters", episodes, totalSteps, updates, skippedUpdates);
        streams.init().saveState(state, prefix + ".rng.init");
        streams.action().saveState(state, prefix + ".rng.action");
        streams.noise().saveState(state, prefix + ".rng.noise");
        streams.fisher().saveState(state, prefix + ".rng.fisher");
        if (started) {
            envGenerator().saveState(state, prefix + ".env.npRandom");
        }
        gradVariance.saveState(state, prefix + ".gradVariance");
        saveLearnerState(state, prefix);
    }

    @Override
    public final void loadState(TrainingState state, String prefix) {
        boolean wasStarted = state.getBoolean(prefix + ".started");
        long[] c = state.longs(prefix + ".counters", 4);
        if (c[0] < 0 || c[1] < 0 || c[2] < 0 || c[3] < 0) {
            throw new IllegalArgumentException("training state: negative counters in '" + prefix + ".counters'");
        }
        streams.init().loadState(state, prefix + ".rng.init");
        streams.action().loadState(state, prefix + ".rng.action");
        streams.noise().loadState(state, prefix + ".rng.noise");
        streams.fisher().loadState(state, prefix + ".rng.fisher");
        if (wasStarted) {
            envGenerator().loadState(state, prefix + ".env.npRandom");
        }
        gradVariance.loadState(state, prefix + ".gradVariance");
        loadLearnerState(state, prefix);
        started = wasStarted;
        episodes = c[0];
        totalSteps = c[1];
        updates = c[2];
        skippedUpdates = c[3];
    }

    private Pcg64 envGenerator() {
        if (!(env.npRandom() instanceof Pcg64 p)) {
            throw new IllegalStateException(env.id() + ": its generator is not a PCG64, so its state cannot be saved");
        }
        return p;
    }

    /** Writes the subclass's state (optimizers, buffers) under {@code prefix}. */
    protected abstract void saveLearnerState(TrainingState state, String prefix);

    /** Reads back what {@link #saveLearnerState} wrote. */
    protected abstract void loadLearnerState(TrainingState state, String prefix);

    /** Runs one episode (updating when due) and returns {length, return} in {@code out}. */
    protected abstract void runEpisode(double[] out);

    @Override
    public final TrainingResult learn(Budget budget, EpisodeListener listener) {
        long t0 = System.nanoTime();
        long startEpisodes = episodes;
        long startSteps = totalSteps;
        long startUpdates = updates;
        double[] out = new double[2];
        this.listener = listener;
        try {
            while (!budget.exhausted(episodes - startEpisodes, totalSteps - startSteps)) {
                runEpisode(out);
                int length = (int) out[0];
                episodes++;
                totalSteps += length;
                double wall = (System.nanoTime() - t0) * 1e-9;
                EpisodeStats s = new EpisodeStats(episodes, length, out[1], totalSteps, wall, gradVariance.logVariance());
                if (!listener.onEpisode(s)) {
                    break;
                }
            }
        } finally {
            this.listener = null;
        }
        return new TrainingResult(episodes - startEpisodes, totalSteps - startSteps,
                (System.nanoTime() - t0) * 1e-9, updates - startUpdates);
    }
}
