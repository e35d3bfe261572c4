package org.kfrelax.estimators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.kfac.Kfac;
import org.kfrelax.kfac.FisherLoss;
import org.kfrelax.kfac.LayerPasses;
import org.kfrelax.kfac.SkipListener;
import org.kfrelax.linalg.Dense;
import org.kfrelax.nn.Linear;
import org.kfrelax.optim.Adam;
import org.kfrelax.optim.NonFiniteException;
import org.kfrelax.optim.Optimizer;
import org.kfrelax.random.Pcg64;
import org.kfrelax.random.Rng;
import org.kfrelax.state.Stateful;
import org.kfrelax.state.TrainingState;

/**
 * The KF-RELAX / KF-LAX surrogate update: a K-FAC natural-gradient step ({@link Kfac}, with
 * Tikhonov damping and ACKTR's trust region) on the surrogate MLP's layers, from the
 * variance gradient; the surrogate's other parameters (temperature, scale) by Adam.
 *
 * <p>Curvature source for the G factors (A = E[ā āᵀ] always comes from the recorded layer inputs):
 * <ul>
 *   <li>{@link FisherSource#GAUSS_NEWTON_OUTPUT} ({@code gauss-newton-output}, the default;
 *       {@code gauss-newton} is its older name): the MLP's output y treated as the mean of a
 *       unit-variance Gaussian, like ACKTR's critic, over every surrogate evaluation of the
 *       estimate: the statistic of backprop of ½‖y − stopgrad(y + ε)‖², ε ~ N(0,1)
 *       ({@link FisherLoss#gaussian}, summed over the evaluations in call order), which for one
 *       output per row is Ĝ = mean_r ε_r² J_r J_rᵀ with J_r = ∂y_r/∂h_r (h_r a layer's
 *       pre-activation). J_r is read off the estimator's own backward pass when the estimator
 *       hands it out ({@link #pathwiseTaps}): that pass differentiates Σ_e w_e Σ_r c_e,r in θ
 *       (RELAX: c(z) with w = s, c(z̃) with w = −s) and so computes ∂/∂h_r = w_e k J_r at every
 *       pre-activation of the surrogate on its way to θ (k the output scale, c = k·y); dividing
 *       by the gradient at y_r, w_e k, gives ±J_r, and the same ε are drawn from the same
 *       generator, so the statistic equals the Fisher loss's up to rounding. When the estimator
 *       does not hand it out, the gradients at the outputs are not all of one magnitude (e.g.
 *       k = 0), the passes do not pair up with the evaluations, or K-FAC does not reduce the
 *       Fisher loss by {@link Kfac.Reduction#MEAN} (with SUM the loss's statistic is ε_r J_r / rows),
 *       the Fisher loss is backpropagated as before. This is the Gauss-Newton matrix of a regression on y, not of
 *       the loss the surrogate is trained on.</li>
 *   <li>{@link FisherSource#GAUSS_NEWTON_VARIANCE} ({@code gauss-newton-variance}): the
 *       Gauss-Newton matrix of the actual {@link VarianceLoss} L = (1/P)‖ĝ‖², derived below.</li>
 *   <li>{@link FisherSource#EMPIRICAL}: the gradients of the {@link VarianceLoss} itself
 *       w.r.t. the recorded pre-activations (as the original KF-RELAX code did).</li>
 * </ul>
 *
 * <p><b>Derivation of the variance loss's Gauss-Newton factors.</b> For RELAX,
 * ĝ = Σ_t ∇θ log p_t·[f_t − c(z̃_t)] + Σ_t (∂x_t/∂θ)ᵀ∇ₓc(x_t) − Σ_t (∂x̃_t/∂θ)ᵀ∇ₓc(x̃_t)
 * (x = the surrogate's input, e.g. softmax(z/τ)): ĝ is affine in the surrogate's outputs
 * u₁ = c(z̃_t) and in its input-gradients u₂ = ∇ₓc at every evaluated input, with coefficients
 * that do not depend on φ (−∇θ log p_t, ∂x/∂θ); LAX's ĝ is affine in c and ∇ₐc the same way.
 * So L = (1/P)‖B u + b‖² is quadratic in u = (u₁, u₂), with output-space Hessian (2/P) BᵀB, and
 * its Gauss-Newton matrix in φ is G_GN = (2/P) J_φᵀ J_φ, J_φ = ∂ĝ/∂φ = B ∂u/∂φ. It factors as
 * G_GN = E_ε[∇φℓ_ε ∇φℓ_εᵀ] with the probe ℓ_ε = sqrt(2/P) εᵀĝ, ε ~ N(0, I_P)
 * ({@link VarianceLoss#gaussNewtonProbe}): the backward pass of ℓ_ε through ĝ's graph carries
 * the sampled output-space factor Bᵀε to every output and input-gradient of c, and from them
 * to the layers' pre-activations h. Per layer, ∇_W ℓ_ε = Σ_r D_r āᵣᵀ + (terms where W is used in
 * c's own backward pass, i.e. in ∇ₓc) with D_r = ∂ℓ_ε/∂h_r; K-FAC keeps the first part and
 * approximates E[vec vecᵀ] ≈ Σ_r E[āᵣāᵣᵀ] ⊗ E[D_r D_rᵀ] ≈ Â ⊗ Σ_r E[D_r D_rᵀ] (rows independent,
 * Â the mean over the rows that reach ℓ_ε: the output layer's pass at z does not, since c(z)
 * enters ĝ only through its input-gradient). So the fresh estimates are Â and Ĝ = Σ_r D_r D_rᵀ,
 * the sum over the rows, computed here and handed to {@link Kfac#updateFactorEstimates}. D_r includes the dependence of ∇ₓc
 * on h_r (through the activation's derivative); what is left out is the use of W in ∇ₓc's
 * backward matrix products, whose pairs (∂ℓ/∂∇ₓc-tangent, backward signal) would need
 * hooks inside the double-backward graph. Scale: the curvature is that of L itself (the 2/P
 * included), so the natural step F⁻¹∇L does not depend on L's normalisation — with η = 1 and
 * no damping it is the Newton step of the quadratic model; damping γ is then in units of L's
 * curvature rather than of a unit-Gaussian regression. The factor test checks Σ over unit ε of
 * ∇φℓ∇φℓᵀ against the explicit Hessian of L for a surrogate that is linear in φ (where GN and
 * Hessian agree).
 *
 * <p>Used by the core estimators ({@link Relax#kfRelax}, {@link Lax#kfLax}) and by the RL
 * agents' KF-RELAX and KF-LAX.
 */
public final class KfacSurrogateOptimizer implements SurrogateOptimizer, Stateful {

    /** Where the G factors come from. */
    public enum FisherSource {
        GAUSS_NEWTON_OUTPUT, GAUSS_NEWTON_VARIANCE, EMPIRICAL;

        /**
         * Parses {@code gauss-newton-output} (also {@code gauss-newton}, {@code gn}: the older
         * names), {@code gauss-newton-variance} or {@code empirical}.
         */
        public static FisherSource parse(String s) {
            return switch (s == null ? "" : s) {
                case "gauss-newton-output", "gauss-newton", "gn" -> GAUSS_NEWTON_OUTPUT;
                case "gauss-newton-variance" -> GAUSS_NEWTON_VARIANCE;
                case "empirical" -> EMPIRICAL;
                default -> throw new IllegalArgumentException("unknown Fisher source '" + s
                        + "', expected gauss-newton-output, gauss-newton-variance or empirical");
            };
        }

        /** The name {@link #parse} reads. */
        public String key() {
            return switch (this) {
                case GAUSS_NEWTON_OUTPUT -> "gauss-newton-output";
                case GAUSS_NEWTON_VARIANCE -> "gauss-newton-variance";
                case EMPIRICAL -> "empirical";
            };
        }
    }

    private final FisherSource source;
    private final double lr;
    private final double damping;
    private final double klClip;
    private final double temperatureLr;
    private final Rng fisherRng;
    private final boolean ownsFisherRng;
    private Kfac kfac;
    private SkipListener skipListener = SkipListener.logger();
    private long retiredSkips;
    private Optimizer extras;
    private Surrogate owner;
    /** The outputs and layer passes whose gradients {@link #pathwiseTaps} asked for, or null; and the gradients handed back. */
    private List<Tensor> tapOutputs;
    private LayerPasses tapPasses;
    private Tensor[] tapGradients;
    /** Factor updates whose Gauss-Newton statistics came from the estimator's backward pass. */
    private long pathwiseFactorUpdates;

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
        this.ownsFisherRng = true;
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
        this.ownsFisherRng = false;
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
        return new KfacSurrogateOptimizer(FisherSource.GAUSS_NEWTON_OUTPUT, 0.1, 0.1, 1e-3, 0.01, seed);
    }

    @Override
    public String name() {
        return switch (source) {
            case GAUSS_NEWTON_OUTPUT -> "kfac-gn";
            case GAUSS_NEWTON_VARIANCE -> "kfac-gn-variance";
            case EMPIRICAL -> "kfac-empirical";
        };
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

    /**
     * Factor updates so far whose Gauss-Newton output statistics were read off the estimator's
     * backward pass rather than computed by a backward pass of their own (class notes).
     */
    public long pathwiseFactorUpdates() {
        return pathwiseFactorUpdates;
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
    public boolean needsEstimateGraph() {
        return source != FisherSource.GAUSS_NEWTON_OUTPUT;
    }

    @Override
    public void beginRecording(Surrogate surrogate) {
        bind(surrogate);
        clearTaps();
        surrogate.startRecording();
    }

    /**
     * With the Gauss-Newton output source, K-FAC's MEAN reduction and a factor update due: the
     * outputs y recorded so far, then the pre-activations of the surrogate layers' passes below
     * them (see the class notes).
     */
    @Override
    public Tensor[] pathwiseTaps(Surrogate surrogate) {
        clearTaps();
        if (source != FisherSource.GAUSS_NEWTON_OUTPUT || owner != surrogate || kfac.reduction() != Kfac.Reduction.MEAN
                || !kfac.factorUpdateDue()) {
            return new Tensor[0];
        }
        List<Tensor> outputs = surrogate.recordedSoFar();
        if (outputs.isEmpty()) {
            return new Tensor[0];
        }
        tapOutputs = outputs;
        Tensor[] ys = outputs.toArray(new Tensor[0]);
        tapPasses = LayerPasses.find(surrogate.mlp().layers(), ys);
        Tensor[] preacts = tapPasses.preactivations();
        Tensor[] taps = Arrays.copyOf(ys, ys.length + preacts.length);
        System.arraycopy(preacts, 0, taps, ys.length, preacts.length);
        return taps;
    }

    @Override
    public void pathwiseGradients(Tensor[] gradients) {
        if (tapOutputs == null || gradients.length != tapOutputs.size() + tapPasses.preactivations().length) {
            throw new IllegalArgumentException("K-FAC surrogate step: " + gradients.length
                    + " pathwise gradients for the taps it asked for");
        }
        tapGradients = gradients.clone();
    }

    private void clearTaps() {
        tapOutputs = null;
        tapPasses = null;
        tapGradients = null;
    }

    @Override
    public void step(Surrogate surrogate, Tensor[] grads, Tensor[] estimate) {
        if (owner != surrogate) {
            throw new IllegalStateException("K-FAC surrogate step without beginRecording before the estimate");
        }
        List<Tensor> outputs = surrogate.stopRecording();
        int nMlp = surrogate.mlp().parameters().size();
        Tensor[] mlpGrads = new Tensor[nMlp];
        if (source == FisherSource.EMPIRICAL) {
            if (estimate == null) {
                throw new IllegalArgumentException("the empirical Fisher needs the estimate's graph");
            }
            mlpGrads = kfac.gradientsAndFactors(VarianceLoss.of(estimate));
        } else {
            if (outputs.isEmpty()) {
                throw new IllegalStateException("K-FAC surrogate step: the surrogate was not evaluated since beginRecording");
            }
            if (source == FisherSource.GAUSS_NEWTON_OUTPUT) {
                updateOutputGaussNewtonFactors(outputs);
            } else {
                updateVarianceGaussNewtonFactors(surrogate, estimate);
            }
            System.arraycopy(grads, 0, mlpGrads, 0, nMlp);
        }
        stepParameters(surrogate, grads, mlpGrads);
    }

    /**
     * Folds the Gauss-Newton output source's Â and Ĝ into K-FAC (class notes): from the
     * estimator's backward pass when it handed the gradients at the taps back for these very
     * outputs, those at the outputs are all ±w with w finite and non-zero, and each layer has one
     * pass per output with its rows (then row r of a pass's gradient, times ε_r / w, is ±ε_r J_r);
     * else by backprop of the sampled Fisher loss. Both draw the same ε.
     */
    private void updateOutputGaussNewtonFactors(List<Tensor> outputs) {
        double w = tapGradients != null && outputs.equals(tapOutputs) && pairedWithOutputs(tapPasses, outputs)
                ? commonMagnitude(tapGradients, outputs.size()) : 0.0;
        if (w > 0) {
            double[][] eps = new double[outputs.size()][];
            for (int e = 0; e < eps.length; e++) {   // as FisherLoss.gaussian draws them
                eps[e] = new double[outputs.get(e).size()];
                for (int r = 0; r < eps[e].length; r++) {
                    eps[e][r] = fisherRng.nextGaussian();
                }
            }
            Tensor[] d = new Tensor[tapGradients.length - outputs.size()];
            for (int k = 0; k < d.length; k++) {
                Tensor g = tapGradients[outputs.size() + k];
                d[k] = g == null ? null : scaleRows(g, eps[k % outputs.size()], 1.0 / w);
            }
            kfac.updateFactors(tapPasses, d, 1.0);
            pathwiseFactorUpdates++;
        } else {
            kfac.updateFactors(outputFisherLoss(outputs));
        }
        clearTaps();
    }

    /** Σ over the evaluations of ½‖y − stopgrad(y + ε)‖² / rows (the unit-Gaussian output Fisher). */
    private Tensor outputFisherLoss(List<Tensor> outputs) {
        Tensor loss = null;
        for (Tensor y : outputs) {
            Tensor l = FisherLoss.gaussian(y, fisherRng);
            loss = loss == null ? l : loss.add(l);
        }
        return loss;
    }

    /**
     * Whether every layer has exactly one pass per output, in the outputs' order, with its rows
     * (the passes are listed in call order, {@link LayerPasses}).
     */
    private static boolean pairedWithOutputs(LayerPasses passes, List<Tensor> outputs) {
        for (List<Tensor[]> layer : passes.byLayer()) {
            if (layer.size() != outputs.size()) {
                return false;
            }
            for (int e = 0; e < outputs.size(); e++) {
                Tensor h = layer.get(e)[1];
                if (h.rank() != 2 || h.rows() != outputs.get(e).size()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Row r of g (rows × cols) times eps[r]·c, as a new tensor. */
    private static Tensor scaleRows(Tensor g, double[] eps, double c) {
        int cols = g.cols();
        double[] x = g.data();
        double[] y = new double[x.length];
        for (int r = 0; r < eps.length; r++) {
            double f = eps[r] * c;
            for (int j = r * cols; j < (r + 1) * cols; j++) {
                y[j] = x[j] * f;
            }
        }
        return Tensor.matrix(eps.length, cols, y);
    }

    /** |g| if the first {@code n} gradients (at the outputs) are all ±g with g finite and non-zero, else 0. */
    private static double commonMagnitude(Tensor[] gradients, int n) {
        double w = Double.NaN;
        for (int i = 0; i < n; i++) {
            if (gradients[i] == null) {
                return 0.0;
            }
            for (double v : gradients[i].data()) {
                double a = Math.abs(v);
                if (Double.isNaN(w)) {
                    w = a;
                }
                if (a != w) {
                    return 0.0;
                }
            }
        }
        return w > 0 && Double.isFinite(w) ? w : 0.0;
    }

    /**
     * Folds the variance loss's Gauss-Newton factors into K-FAC (see the class notes): per layer,
     * over the recorded rows r whose pre-activations ℓ_ε reaches, Â = mean_r [a_r, 1][a_r, 1]ᵀ and
     * Ĝ = Σ_r D_r D_rᵀ, D_r = ∂ℓ_ε/∂h_r (a sum over rows, not a mean: the curvature of L itself).
     */
    private void updateVarianceGaussNewtonFactors(Surrogate surrogate, Tensor[] estimate) {
        if (estimate == null) {
            throw new IllegalArgumentException("the variance loss's Gauss-Newton curvature needs the estimate's graph");
        }
        if (!kfac.factorUpdateDue()) {
            return;
        }
        double[] eps = new double[VarianceLoss.components(estimate)];
        for (int j = 0; j < eps.length; j++) {
            eps[j] = fisherRng.nextGaussian();
        }
        Tensor probe = VarianceLoss.gaussNewtonProbe(estimate, eps);
        List<Linear> layers = surrogate.mlp().layers();
        List<List<Tensor[]>> records = LayerPasses.find(layers, probe).byLayer();
        List<Tensor> preacts = new ArrayList<>();
        for (List<Tensor[]> layer : records) {
            for (Tensor[] pair : layer) {
                preacts.add(pair[1]);
            }
        }
        Tensor[] d = Autodiff.grad(new Tensor[] {probe}, preacts.toArray(Tensor[]::new), null, false, true);
        double[][] a = new double[layers.size()][];
        double[][] g = new double[layers.size()][];
        int k = 0;
        for (int i = 0; i < layers.size(); i++) {
            int in = layers.get(i).in();
            int out = layers.get(i).out();
            a[i] = new double[(in + 1) * (in + 1)];
            g[i] = new double[out * out];
            int rows = 0;
            for (Tensor[] pair : records.get(i)) {
                Tensor di = d[k++];
                if (di == null) {
                    continue;   // this pass does not reach ℓ_ε (e.g. the output layer at z): no curvature from it
                }
                int n = pair[0].size() / in;
                Dense.accumulateOuter(pair[0].data(), n, in, true, 1.0, a[i]);
                Dense.accumulateOuter(di.data(), n, out, false, 1.0, g[i]);
                rows += n;
            }
            if (rows == 0) {
                throw new IllegalStateException("gauss-newton-variance: layer " + i + " does not reach the estimate");
            }
            Dense.mirrorUpper(a[i], in + 1);
            Dense.mirrorUpper(g[i], out);
            for (int j = 0; j < a[i].length; j++) {
                a[i][j] /= rows;
            }
        }
        kfac.updateFactorEstimates(a, g);
    }

    /** Binds this step to {@code surrogate} as its first step would, then saves as {@link #saveState(TrainingState, String)}. */
    @Override
    public void saveState(Surrogate surrogate, TrainingState state, String prefix) {
        bind(surrogate);
        saveState(state, prefix);
    }

    /** Binds this step to {@code surrogate} as its first step would (so a state can be loaded before it), then loads. */
    @Override
    public void loadState(Surrogate surrogate, TrainingState state, String prefix) {
        bind(surrogate);
        loadState(state, prefix);
    }

    /**
     * Writes the K-FAC optimizer's state ({@code prefix.kfac}) and the extra parameters'
     * optimizer's ({@code prefix.extras}); the Gauss-Newton generator is the caller's to save when
     * the caller gave it, and is saved here ({@code prefix.fisher_rng}) when this step made it from a seed.
     *
     * @throws IllegalStateException if the step is not yet bound to a surrogate
     */
    @Override
    public void saveState(TrainingState state, String prefix) {
        if (kfac == null) {
            throw new IllegalStateException("K-FAC surrogate step: no state before it is bound to a surrogate");
        }
        kfac.saveState(state, prefix + ".kfac");
        if (extras != null) {
            extras.saveState(state, prefix + ".extras");
        }
        if (ownsFisherRng) {
            ((Pcg64) fisherRng).saveState(state, prefix + ".fisher_rng");
        }
    }

    @Override
    public void loadState(TrainingState state, String prefix) {
        if (kfac == null) {
            throw new IllegalStateException("K-FAC surrogate step: cannot restore state before it is bound to a surrogate");
        }
        kfac.loadState(state, prefix + ".kfac");
        if (extras != null) {
            extras.loadState(state, prefix + ".extras");
        }
        if (ownsFisherRng) {
            ((Pcg64) fisherRng).loadState(state, prefix + ".fisher_rng");
        }
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
