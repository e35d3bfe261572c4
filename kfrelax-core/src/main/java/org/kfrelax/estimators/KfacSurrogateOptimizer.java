package org.kfrelax.estimators;

import java.util.List;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.kfac.Kfac;
import org.kfrelax.kfac.FisherLoss;
import org.kfrelax.kfac.SkipListener;
import org.kfrelax.optim.Adam;
import org.kfrelax.optim.NonFiniteException;
import org.kfrelax.optim.Optimizer;
import org.kfrelax.random.Pcg64;
import org.kfrelax.random.Rng;

/**
 * The KF-RELAX / KF-LAX surrogate update: a K-FAC natural-gradient step ({@link Kfac}, with
 * Tikhonov damping and ACKTR's trust region) on the surrogate MLP's layers, from the
 * variance gradient; the surrogate's other parameters (temperature, scale) by Adam.
 *
 * <p>Fisher source for the G factors:
 * <ul>
 *   <li>{@link FisherSource#GAUSS_NEWTON} (default): the surrogate's output treated as the
 *       mean of a unit-variance Gaussian, like ACKTR's critic — backprop
 *       ½‖c − stopgrad(c + ε)‖², ε ~ N(0,1), over every surrogate evaluation of the estimate
 *       ({@link FisherLoss#gaussian}, summed over the evaluations in call order); in
 *       expectation the Gauss-Newton matrix.</li>
 *   <li>{@link FisherSource#EMPIRICAL}: the gradients of the {@link VarianceLoss} itself
 *       w.r.t. the recorded pre-activations (as the original KF-RELAX code did).</li>
 * </ul>
 * A = E[ā āᵀ] always comes from the layer inputs of those evaluations. Used by the core estimators
 * ({@link Relax#kfRelax}, {@link Lax#kfLax}) and by the RL agents' KF-RELAX and KF-LAX.
 */
public final class KfacSurrogateOptimizer implements SurrogateOptimizer {

    /** Where the G factors come from. */
    public enum FisherSource {
        GAUSS_NEWTON, EMPIRICAL;

        /** Parses {@code gauss-newton} or {@code empirical}. */
        public static FisherSource parse(String s) {
            return switch (s) {
                case "gauss-newton", "gn" -> GAUSS_NEWTON;
                case "empirical" -> EMPIRICAL;
                default -> throw new IllegalArgumentException("unknown Fisher source '" + s
                        + "', expected gauss-newton or empirical");
            };
        }
    }

    private final FisherSource source;
    private final double lr;
    private final double damping;
    private final double klClip;
    private final double temperatureLr;
    private final Rng fisherRng;
    private Kfac kfac;
    private SkipListener skipListener = SkipListener.logger();
    private long retiredSkips;
    private Optimizer extras;
    private Surrogate owner;

    /**
     * @param source the Fisher source
     * @param lr the K-FAC learning rate η
     * @param damping Tikhonov damping γ
     * @param klClip the trust-region bound δ (ACKTR); {@code Double.POSITIVE_INFINITY} for none
     * @param temperatureLr Adam learning rate for the log-temperature (and scale)
     * @param seed seed of the Gaussian noise of the Gauss-Newton Fisher loss
     */
    public KfacSurrogateOptimizer(FisherSource source, double lr, double damping, double klClip,
            double temperatureLr, long seed) {
        if (source == null) {
            throw new IllegalArgumentException("K-FAC surrogate: a Fisher source is required");
        }
        if (!(lr > 0) || !(damping > 0) || !(klClip > 0) || !(temperatureLr > 0) || !Double.isFinite(lr)
                || !Double.isFinite(damping) || Double.isNaN(klClip) || !Double.isFinite(temperatureLr)) {
            throw new IllegalArgumentException("K-FAC surrogate settings must be positive and finite (klClip may be"
                    + " +Infinity): lr " + lr + ", damping " + damping + ", klClip " + klClip + ", temperature lr "
                    + temperatureLr);
        }
        this.source = source;
        this.lr = lr;
        this.damping = damping;
        this.klClip = klClip;
        this.temperatureLr = temperatureLr;
        this.fisherRng = new Pcg64(seed);
    }

    /**
     * The step for one given surrogate with a K-FAC optimizer the caller built over its MLP's
     * layers (e.g. with factor decay and damping from an agent's configuration), an optimizer
     * over its {@link Surrogate#extraParameters} (null if it has none), and the generator of the
     * Gauss-Newton noise.
     */
    public KfacSurrogateOptimizer(FisherSource source, Surrogate surrogate, Kfac kfac, Optimizer extras, Rng fisherRng) {
        if (source == null || surrogate == null || kfac == null || fisherRng == null) {
            throw new IllegalArgumentException("K-FAC surrogate: source, surrogate, K-FAC and generator are required");
        }
        if (!kfac.layers().equals(surrogate.mlp().layers())) {
            throw new IllegalArgumentException("K-FAC surrogate: the K-FAC optimizer must be over the surrogate's layers");
        }
        if ((extras == null) != surrogate.extraParameters().isEmpty()) {
            throw new IllegalArgumentException("K-FAC surrogate: an optimizer for the " + surrogate.extraParameters().size()
                    + " parameters besides the layers is needed exactly when there are some");
        }
        this.source = source;
        this.lr = kfac.learningRate();
        this.damping = Double.NaN;
        this.klClip = Double.NaN;
        this.temperatureLr = Double.NaN;
        this.fisherRng = fisherRng;
        this.owner = surrogate;
        this.kfac = kfac;
        this.extras = extras;
    }

    /**
     * Defaults tuned on the toy problem (t = 0.499, 4000 iterations, seeds 0 and 1): Gauss-Newton,
     * η 0.1, γ 0.1, δ 0.001, temperature lr 0.01. A small damping (0.001) let the first steps
     * blow the estimator's variance up to ~10² before it settled.
     */
    public static KfacSurrogateOptimizer defaults(long seed) {
        return new KfacSurrogateOptimizer(FisherSource.GAUSS_NEWTON, 0.1, 0.1, 1e-3, 0.01, seed);
    }

    @Override
    public String name() {
        return source == FisherSource.GAUSS_NEWTON ? "kfac-gn" : "kfac-empirical";
    }

    public FisherSource source() {
        return source;
    }

    private void bind(Surrogate surrogate) {
        if (owner == surrogate) {
            return;
        }
        if (Double.isNaN(damping)) {
            throw new IllegalArgumentException("this K-FAC surrogate step is bound to another surrogate");
        }
        owner = surrogate;
        retiredSkips += kfac == null ? 0 : kfac.skippedUpdates();
        kfac = Kfac.builder(surrogate.mlp().layers()).learningRate(lr).damping(damping).klClip(klClip)
                .onSkip(skipListener).build();
        extras = surrogate.extraParameters().isEmpty() ? null : new Adam(surrogate.extraParameters(), temperatureLr);
    }

    /**
     * Who is told about the K-FAC updates this step skips (see {@link Kfac}); call before the
     * first step. With a caller-built {@link Kfac}, set it on that builder instead.
     */
    public KfacSurrogateOptimizer onSkip(SkipListener listener) {
        if (Double.isNaN(damping)) {
            throw new IllegalStateException("this K-FAC surrogate step uses a caller-built K-FAC optimizer; "
                    + "give the listener to its builder");
        }
        if (kfac != null) {
            throw new IllegalStateException("K-FAC surrogate step: set the skip listener before the first step");
        }
        this.skipListener = java.util.Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** K-FAC updates skipped so far because of NaN/Inf or a failed decomposition ({@link Kfac#skippedUpdates()}). */
    public long skippedUpdates() {
        return retiredSkips + (kfac == null ? 0 : kfac.skippedUpdates());
    }

    @Override
    public boolean recordsForwardPasses() {
        return true;
    }

    @Override
    public boolean needsVarianceLossGraph() {
        return source == FisherSource.EMPIRICAL;
    }

    @Override
    public void beginRecording(Surrogate surrogate) {
        bind(surrogate);
        surrogate.startRecording();
    }

    @Override
    public void step(Surrogate surrogate, Tensor[] grads, Tensor varianceLoss) {
        if (owner != surrogate) {
            throw new IllegalStateException("K-FAC surrogate step without beginRecording before the estimate");
        }
        List<Tensor> outputs = surrogate.stopRecording();
        int nMlp = surrogate.mlp().parameters().size();
        Tensor[] mlpGrads = new Tensor[nMlp];
        if (source == FisherSource.GAUSS_NEWTON) {
            Tensor loss = null;
            for (Tensor y : outputs) {
                Tensor l = FisherLoss.gaussian(y, fisherRng);
                loss = loss == null ? l : loss.add(l);
            }
            if (loss == null) {
                throw new IllegalStateException("K-FAC surrogate step: the surrogate was not evaluated since beginRecording");
            }
            kfac.updateFactors(loss);
            System.arraycopy(grads, 0, mlpGrads, 0, nMlp);
        } else {
            if (varianceLoss == null) {
                throw new IllegalArgumentException("the empirical Fisher needs the variance loss graph");
            }
            mlpGrads = kfac.gradientsAndFactors(varianceLoss);
        }
        stepParameters(surrogate, grads, mlpGrads);
    }

    private void stepParameters(Surrogate surrogate, Tensor[] grads, Tensor[] mlpGrads) {
        int nMlp = mlpGrads.length;
        Tensor[] extraGrads = new Tensor[grads.length - nMlp];
        System.arraycopy(grads, nMlp, extraGrads, 0, extraGrads.length);
        for (Tensor g : extraGrads) {
            if (!g.isFinite()) {
                // checked before the K-FAC step so that a bad gradient never half-applies an update
                throw new NonFiniteException("K-FAC surrogate step: the temperature/scale gradient is " + g);
            }
        }
        kfac.step(mlpGrads);
        if (extras != null) {
            extras.step(extraGrads);
        }
    }
}
