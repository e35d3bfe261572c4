package org.kfrelax.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Bernoulli;
import org.kfrelax.estimators.Estimate;
import org.kfrelax.estimators.Estimator;
import org.kfrelax.estimators.Estimators;
import org.kfrelax.estimators.Rebar;
import org.kfrelax.estimators.Relax;
import org.kfrelax.nn.ParamFile;
import org.kfrelax.optim.Adam;
import org.kfrelax.optim.NonFiniteException;
import org.kfrelax.random.Pcg64;
import org.kfrelax.random.Rng;
import org.kfrelax.random.SeedSequence;
import org.kfrelax.rl.GradVariance;
import org.kfrelax.state.Stateful;
import org.kfrelax.state.TrainingState;
import org.kfrelax.vae.DiscreteVae;
import org.kfrelax.vae.IdxImages;

/**
 * Training of a {@link DiscreteVae} with one gradient estimator from the registry
 * ({@link Estimators}), google-research's DisARM protocol
 * ({@code disarm/binary/experiment_launcher_singlelayer.py}): minibatches of 50 images, dynamically
 * binarized (pixel = 1 with probability its grey level / 255, fresh every time an image is used);
 * the encoder takes the estimator's gradient of the minibatch's mean −ELBO, the decoder the
 * gradient of −(1/B) Σ_i log p(x_i|b_i) at a fresh b_i ~ q(b|x_i) (the launcher's genmo loss);
 * Adam at 10⁻⁴ for both. The estimator's own parameters (RELAX's surrogate, REBAR's η and λ)
 * are trained on the variance loss by the estimator's {@link Estimator#update}, as in the toy.
 *
 * <p>Every step records the training ELBO (the mean of f over the estimator's hard samples) and
 * the encoder gradient's variance as the launcher measures it: per component exponential moving
 * averages (decay 0.999) of ĝ and ĝ², reported as log of the mean over components of
 * E[ĝ²] − E[ĝ]² ({@link GradVariance}). Our ĝ is the minibatch mean (the launcher's is the sum,
 * whose variance it divides by B²: the same number).
 *
 * <p>Random streams: the children of {@code SeedSequence(seed)} ({@code spawn(5)}): 0 the
 * initialization of the model and of the estimator's surrogate, 1 the data order and the
 * binarization, 2 the estimator's noise, 3 the decoder's latent sample, 4 the evaluation (test
 * binarization and importance samples; the same for every estimator of a seed).
 */
public final class VaeRun implements Stateful {
    /** Decay of the gradient-variance averages (the launcher's tf.train.ExponentialMovingAverage(0.999)). */
    public static final double VARIANCE_DECAY = 0.999;

    /**
     * Settings of a run.
     *
     * @param model the architecture
     * @param estimator the estimator's registry name
     * @param seed the seed (≥ 0)
     * @param batch images per minibatch (50)
     * @param lr Adam learning rate of encoder and decoder (10⁻⁴)
     * @param settings the estimator settings (its own learning rate, temperature, K-FAC)
     * @param surrogate the control variate of relax and kf-relax
     */
    public record Config(DiscreteVae.Kind model, String estimator, long seed, int batch, double lr,
            Estimators.Settings settings, Estimators.SurrogateForm surrogate) {
        public Config {
            if (seed < 0) {
                throw new IllegalArgumentException("seed must be >= 0, got " + seed);
            }
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be positive, got " + batch);
            }
            if (!(lr > 0) || !Double.isFinite(lr)) {
                throw new IllegalArgumentException("learning rate must be positive and finite, got " + lr);
            }
        }
    }

    /** One step's record: the training ELBO of its minibatch and the encoder gradient's log-variance (EMA). */
    public record Step(long step, double elbo, double gradLogVariance) {}

    private final Config config;
    private final IdxImages train;
    private final DiscreteVae vae;
    private final Estimator estimator;
    private final Adam encoderAdam;
    private final Adam decoderAdam;
    private final Pcg64 data;
    private final Pcg64 noise;
    private final Pcg64 decoderNoise;
    private final SeedSequence evaluation;
    private final GradVariance variance = new GradVariance(VARIANCE_DECAY);
    private final int[] order;
    private int position;
    private long steps;

    /** A fresh run on the training images {@code train}. */
    public VaeRun(Config config, IdxImages train) {
        this.config = config;
        this.train = train;
        if (config.batch() > train.count()) {
            throw new IllegalArgumentException("batch " + config.batch() + " is larger than the " + train.count() + " training images");
        }
        SeedSequence[] c = new SeedSequence(config.seed()).spawn(5);
        Pcg64 init = new Pcg64(c[0]);
        this.vae = DiscreteVae.create(config.model(), train.pixelsPerImage(), LATENTS, init);
        long estimatorSeed = init.nextLong() >>> 1;
        Estimators.Settings s = config.settings();
        this.estimator = Estimators.create(config.estimator(), LATENTS, new Estimators.Settings(s.lr(), s.temperature(),
                s.baselineDecay(), s.fisher(), s.kfacLr(), s.damping(), s.klClip(), estimatorSeed), config.surrogate());
        this.encoderAdam = new Adam(List.of(vae.encoderParameters()), config.lr());
        this.decoderAdam = new Adam(List.of(vae.decoderParameters()), config.lr());
        this.data = new Pcg64(c[1]);
        this.noise = new Pcg64(c[2]);
        this.decoderNoise = new Pcg64(c[3]);
        this.evaluation = c[4];
        this.order = new int[train.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        this.position = order.length; // shuffle before the first minibatch
    }

    /** The benchmark's 200 latents. */
    public static final int LATENTS = 200;

    public DiscreteVae vae() {
        return vae;
    }

    public Estimator estimator() {
        return estimator;
    }

    public long steps() {
        return steps;
    }

    public long seed() {
        return config.seed();
    }

    public int batch() {
        return config.batch();
    }

    public Config config() {
        return config;
    }

    /** Samples per estimate the estimator is given: two draws per image for rloo (REINFORCE LOO, 2 samples), else one. */
    public static int samples(String estimator, int batch) {
        return estimator.equals("rloo") ? 2 * batch : batch;
    }

    /** The next minibatch's image indices: epochs of a Fisher-Yates permutation drawn from the data stream. */
    private int[] nextIndices() {
        int[] idx = new int[config.batch()];
        for (int i = 0; i < idx.length; i++) {
            if (position == order.length) {
                for (int j = order.length - 1; j > 0; j--) {
                    int k = (int) Math.floorMod(data.nextLong(), (long) (j + 1));
                    int t = order[j];
                    order[j] = order[k];
                    order[k] = t;
                }
                position = 0;
            }
            idx[i] = order[position++];
        }
        return idx;
    }

    /** The images {@code idx} binarized dynamically with uniforms from {@code rng}: a constant batch×D matrix. */
    public static Tensor binarize(IdxImages images, int[] idx, Rng rng) {
        int d = images.pixelsPerImage();
        double[] x = new double[idx.length * d];
        for (int i = 0; i < idx.length; i++) {
            for (int k = 0; k < d; k++) {
                x[i * d + k] = rng.nextDouble() * 255 < images.pixel(idx[i], k) ? 1 : 0;
            }
        }
        return Tensor.matrix(idx.length, d, x);
    }

    /**
     * One training step.
     *
     * @throws NonFiniteException if the estimate, the decoder gradient or a parameter is not finite
     */
    public Step step() {
        Tensor x = binarize(train, nextIndices(), data);
        Tensor logits = vae.encoderLogits(x);
        Estimate e = estimate(estimator, x, logits, noise, !estimator.parameters().isEmpty());
        Tensor[] encoderGrad = e.gradient();
        // the decoder's gradient at the same parameters, from its own sample b ~ q(b|x)
        Tensor b = new Bernoulli(logits.detach()).sample(x.rows(), decoderNoise);
        Tensor[] decoderGrad = Autodiff.grad(vae.logLikelihood(x, b).mean().neg(), vae.decoderParameters());
        for (Tensor g : encoderGrad) {
            if (!g.isFinite()) {
                throw new NonFiniteException("step " + steps + ": the " + estimator.name() + " encoder gradient is not finite");
            }
        }
        if (e.hasVarianceGradient()) {
            estimator.update(e); // before the encoder moves: K-FAC may differentiate the estimate's graph again
        }
        encoderAdam.step(encoderGrad);
        decoderAdam.step(decoderGrad);
        variance.add(encoderGrad);
        steps++;
        return new Step(steps, -e.meanValue(), variance.logVariance());
    }

    /**
     * One estimate of the encoder gradient of the minibatch {@code x}'s mean −ELBO by {@code est},
     * its noise from {@code rng}; with {@code varianceGradient}, also the estimator's variance
     * gradient (for its update).
     */
    public Estimate estimate(Estimator est, Tensor x, Rng rng, boolean varianceGradient) {
        return estimate(est, x, vae.encoderLogits(x), rng, varianceGradient);
    }

    /** {@link #estimate(Estimator, Tensor, Rng, boolean)} with the encoder's logits of {@code x} already computed (a graph). */
    private Estimate estimate(Estimator est, Tensor x, Tensor logits, Rng rng, boolean varianceGradient) {
        return est.estimate(vae.encoderParameters(), new Bernoulli(logits), vae.loss(x, logits),
                samples(est.name(), x.rows()), rng, varianceGradient);
    }

    /**
     * The mean over the first {@code count} images of {@code test} of the {@code samples}-sample
     * importance-weighted bound (the launcher's test metric with 100 samples), the images binarized
     * once with the run's evaluation stream; 100 images at a time.
     */
    public double testBound(IdxImages test, int count, int samples) {
        if (count <= 0 || count > test.count()) {
            throw new IllegalArgumentException("test images must be in 1.." + test.count() + ", got " + count);
        }
        Rng rng = new Pcg64(evaluation.spawn(1)[0]);
        double sum = 0;
        for (int from = 0; from < count; from += 100) {
            int n = Math.min(100, count - from);
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = from + i;
            }
            for (double v : vae.importanceWeightedBound(binarize(test, idx, rng), samples, rng)) {
                sum += v;
            }
        }
        return sum / count;
    }

    /** The estimator's learned scalars (REBAR's η and λ, RELAX's surrogate temperature), for the summary. */
    public Map<String, Double> learned() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (estimator instanceof Rebar r) {
            m.put("eta", r.eta());
            m.put("temperature", r.temperature());
        } else if (estimator instanceof Relax r) {
            m.put("surrogate_temperature", r.surrogate().temperature());
            if (r.surrogate().usesObjective()) {
                m.put("surrogate_eta", r.surrogate().objectiveScale());
            }
        }
        return m;
    }

    /** The model's parameters and the estimator's, named for a {@link ParamFile}. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.putAll(ParamFile.named("encoder", vae.encoder()));
        m.putAll(ParamFile.named("decoder", vae.decoder()));
        List<Tensor> own = new ArrayList<>(estimator.parameters());
        for (int i = 0; i < own.size(); i++) {
            m.put("estimator." + i, own.get(i));
        }
        return m;
    }

    /** Whether the estimator's training state can be saved (a resumed run then equals an uninterrupted one). */
    public boolean resumable() {
        return estimator.parameters().isEmpty() || estimator instanceof Stateful;
    }

    /**
     * Writes what changes during training besides the parameters: both Adams, the data, noise and
     * decoder streams, the data order and position, the step count, the variance averages and the
     * estimator's state (when it is {@link Stateful}).
     */
    @Override
    public void saveState(TrainingState state, String prefix) {
        encoderAdam.saveState(state, prefix + ".encoder_adam");
        decoderAdam.saveState(state, prefix + ".decoder_adam");
        data.saveState(state, prefix + ".data");
        noise.saveState(state, prefix + ".noise");
        decoderNoise.saveState(state, prefix + ".decoder_noise");
        variance.saveState(state, prefix + ".variance");
        long[] o = new long[order.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = order[i];
        }
        state.putLongs(prefix + ".order", o);
        state.putLongs(prefix + ".position", position, steps);
        if (estimator instanceof Stateful st) {
            st.saveState(state, prefix + ".estimator");
        }
    }

    @Override
    public void loadState(TrainingState state, String prefix) {
        long[] o = state.longs(prefix + ".order", order.length);
        long[] pos = state.longs(prefix + ".position", 2);
        if (pos[0] < 0 || pos[0] > order.length || pos[1] < 0) {
            throw new IllegalArgumentException("training state: position " + pos[0] + " / step " + pos[1] + " out of range");
        }
        boolean[] seen = new boolean[order.length];
        for (long v : o) {
            if (v < 0 || v >= order.length || seen[(int) v]) {
                throw new IllegalArgumentException("training state: the data order is not a permutation of " + order.length);
            }
            seen[(int) v] = true;
        }
        encoderAdam.loadState(state, prefix + ".encoder_adam");
        decoderAdam.loadState(state, prefix + ".decoder_adam");
        data.loadState(state, prefix + ".data");
        noise.loadState(state, prefix + ".noise");
        decoderNoise.loadState(state, prefix + ".decoder_noise");
        variance.loadState(state, prefix + ".variance");
        if (estimator instanceof Stateful st) {
            st.loadState(state, prefix + ".estimator");
        }
        for (int i = 0; i < o.length; i++) {
            order[i] = (int) o[i];
        }
        position = (int) pos[0];
        steps = pos[1];
    }
}
