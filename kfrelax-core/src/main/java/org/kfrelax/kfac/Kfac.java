package org.kfrelax.kfac;

import java.util.ArrayList;
import java.util.List;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.nn.Linear;
import org.kfrelax.optim.NonFiniteException;
import org.kfrelax.optim.Optimizer;
import org.kfrelax.state.TrainingState;

/**
 * K-FAC (Martens and Grosse 2015) for a stack of {@link Linear} layers, with ACKTR's trust
 * region (Wu et al. 2017). For each layer, with ∇ the (in+1)×out gradient of [W; b] (weight
 * decay λ·W added to the weight rows):
 * <pre>
 *   ΔW_nat = (A ⊗ G + damping)⁻¹ ∇          (see {@link Damping}; A, G from {@link KfacFactors})
 *   q      = η² Σ_layers ⟨ΔW_nat, ∇⟩
 *   s      = min(1, sqrt(δ / q))             (δ = klClip; s = 1 when δ is infinite or q = 0)
 *   v      ← μ·v + s·ΔW_nat,   [W; b] ← [W; b] − η·v
 * </pre>
 *
 * <p>Use:
 * <pre>
 *   Kfac kfac = Kfac.builder(mlp.layers()).learningRate(0.25).damping(1e-2).klClip(1e-3).build();
 *   Tensor out = mlp.forward(x);
 *   kfac.updateFactors(FisherLoss.categorical(out, rng));   // true Fisher (or any Fisher loss)
 *   Tensor[] grads = Autodiff.grad(loss, kfac.parameters().toArray(new Tensor[0]));
 *   kfac.step(grads);
 * </pre>
 * or, for the empirical Fisher in one backward pass: {@code kfac.step(kfac.gradientsAndFactors(loss))}.
 * The layers' forward passes are found in the graph of the (Fisher) loss ({@link LayerPasses}):
 * the layers record nothing. Parameters are ordered w0, b0, w1, b1, ... like
 * {@code Mlp.parameters()}.
 *
 * <p>Factors are updated every {@code factorUpdatePeriod} steps (on other steps
 * {@link #updateFactors} returns false; check {@link #factorUpdateDue()} to avoid building the
 * Fisher loss), the inverses every {@code inverseUpdatePeriod} steps and reused in between. With
 * Tikhonov damping an inverse refresh at a multiple of {@code eigenbasisUpdatePeriod} steps
 * decomposes the factors, A = Q_A diag(d_A) Q_Aᵀ and G likewise; the refreshes in between keep
 * Q_A, Q_G and re-estimate the eigenvalues as d_A,k = q_kᵀ A q_k (Rayleigh quotients, the diagonal
 * of Q_Aᵀ A Q_A; {@link SymmetricEigen#rescaled}), so that diag(d_A) ⊗ diag(d_G) is the diagonal of
 * A ⊗ G in the kept Kronecker eigenbasis. This follows EKFAC (George et al. 2018, "Fast
 * Approximate Natural Gradient Descent in a Kronecker-factored Eigenbasis"), which keeps the
 * eigenbasis between infrequent decompositions and re-estimates the diagonal scaling in it; EKFAC
 * estimates that scaling from projected per-example gradients, here it comes from the factors.
 * With {@code eigenbasisUpdatePeriod == inverseUpdatePeriod} this is plain K-FAC.
 *
 * <p>Structure (after kfac-jax): each layer's curvature lives in a {@link KfacBlock} (factors and
 * their eigen-inverse, preconditioning); the layers' forward passes are found in the loss's graph
 * ({@link LayerPasses}); fresh statistics Â, Ĝ come from {@link FactorEstimates} only (from those
 * passes or caller-given); this class is the optimizer: schedules, the trust region,
 * momentum and the accounting of skipped updates.
 *
 * <p>Robustness: a NaN/Inf in a gradient, a Fisher loss, a fresh factor estimate or a step, and a
 * failed eigendecomposition are detected before any state changes. One such update is skipped:
 * counted in {@link #skippedUpdates()} and reported to the {@link SkipListener} (by default a
 * System.Logger WARNING for the first ten and every 1000th). Factors are never overwritten by
 * non-finite values; a failed decomposition skips the step and keeps the last good inverses for
 * the following steps (a new decomposition is tried at the next scheduled refresh). Skips in a
 * row are divergence, not noise: the skip that makes more than {@code maxConsecutiveSkips}
 * (default {@value Builder#DEFAULT_MAX_CONSECUTIVE_SKIPS}) since the last step taken throws a
 * {@link NonFiniteException} with its reason instead ({@code throwOnNonFinite(true)}: the first
 * one does). Not thread-safe.
 */
public final class Kfac implements Optimizer {
    /** How the Fisher loss reduces over batch rows: MEAN losses get their row gradients multiplied by the rows. */
    public enum Reduction { MEAN, SUM }

    private final List<Linear> layers;
    private final List<Tensor> params;
    private final KfacBlock[] blocks;
    private boolean inverted;
    private final double[][] velocity;
    private final double momentum;
    private final double klClip;
    private final double weightDecay;
    private final Damping damping;
    private final int factorUpdatePeriod;
    private final int inverseUpdatePeriod;
    private final int eigenbasisUpdatePeriod;
    private final double eigenClamp;
    private final int maxConsecutiveSkips;
    private final SkipListener skipListener;
    private final Reduction reduction;
    private double lr;
    private long steps;
    private long skipped;
    private int consecutiveSkips;
    private long factorVersion;
    private long inverseVersion = -1;
    private double lastScale = Double.NaN;
    private double lastQuadraticForm = Double.NaN;
    private double lastStepNorm = Double.NaN;

    private Kfac(Builder b) {
        this.layers = List.copyOf(b.layers);
        List<Tensor> ps = new ArrayList<>();
        for (Linear l : layers) {
            ps.add(l.weight());
            ps.add(l.bias());
        }
        this.params = List.copyOf(ps);
        int n = layers.size();
        this.blocks = new KfacBlock[n];
        this.velocity = new double[n][];
        for (int i = 0; i < n; i++) {
            Linear l = layers.get(i);
            blocks[i] = new KfacBlock(l.in(), l.out(), b.decay);
            velocity[i] = new double[(l.in() + 1) * l.out()];
        }
        this.lr = b.lr;
        this.momentum = b.momentum;
        this.klClip = b.klClip;
        this.weightDecay = b.weightDecay;
        this.damping = b.damping;
        this.factorUpdatePeriod = b.factorUpdatePeriod;
        this.inverseUpdatePeriod = b.inverseUpdatePeriod;
        this.eigenbasisUpdatePeriod = b.eigenbasisUpdatePeriod();
        this.eigenClamp = b.eigenClamp;
        this.maxConsecutiveSkips = b.maxConsecutiveSkips;
        this.skipListener = b.skipListener;
        this.reduction = b.reduction;
    }

    /** A builder for K-FAC over these layers (each layer's weight and bias are updated). */
    public static Builder builder(List<Linear> layers) {
        return new Builder(layers);
    }

    // ------------------------------------------------------------------ factors

    /** Whether the next {@link #updateFactors} call will update the factors (every factorUpdatePeriod steps). */
    public boolean factorUpdateDue() {
        return steps % factorUpdatePeriod == 0;
    }

    /**
     * When due, folds the second moments of the layers' inputs and of the gradients of
     * {@code fisherLoss} w.r.t. their pre-activations into the factors, over every forward pass
     * of the layers that {@code fisherLoss} depends on (found in its graph, {@link LayerPasses}).
     *
     * @return whether the factors were updated (false when not due or skipped as non-finite)
     * @throws IllegalStateException if the Fisher loss depends on no forward pass of some layer
     */
    public boolean updateFactors(Tensor fisherLoss) {
        if (!factorUpdateDue()) {
            return false;
        }
        if (fisherLoss.size() != 1) {
            throw new IllegalArgumentException("K-FAC: the Fisher loss must be a scalar, got shape " + fisherLoss.shape());
        }
        if (!fisherLoss.isFinite()) {
            return nonFinite("K-FAC: Fisher loss is " + fisherLoss.item() + "; factor update skipped");
        }
        LayerPasses passes = LayerPasses.find(layers, fisherLoss);
        Tensor[] g = Autodiff.grad(new Tensor[] {fisherLoss}, passes.preactivations(), null, false, true);
        return commit(FactorEstimates.recorded(blocks, passes.byLayer(), g, reduction, 1.0));
    }

    /**
     * When due, folds in statistics from per-row gradients at the passes' pre-activations that
     * a backward pass already computed: Â from the passes' inputs as in {@link #updateFactors(Tensor)},
     * Ĝ = (1/N) Σ_r (scale·g_r)(scale·g_r)ᵀ over the rows r of every pass whose gradient is given
     * ({@code gradients} aligned with {@code passes}' pre-activations, layer by layer; null = that
     * pass got none). The gradients are taken as they are, whatever the {@link Reduction}.
     *
     * @return whether the factors were updated (false when not due or skipped as non-finite)
     * @throws IllegalArgumentException if the passes were found for other layers than this
     *     K-FAC's, or the gradients do not match the passes
     */
    public boolean updateFactors(LayerPasses passes, Tensor[] gradients, double scale) {
        if (!passes.areOf(layers)) {
            throw new IllegalArgumentException("K-FAC: the passes were found for other layers than this K-FAC's "
                    + layers.size() + " (LayerPasses.find with this K-FAC's layers gives its passes)");
        }
        Tensor[] preacts = passes.preactivations();
        if (gradients.length != preacts.length) {
            throw new IllegalArgumentException("K-FAC: " + gradients.length + " gradients for " + preacts.length
                    + " pre-activations");
        }
        for (int i = 0; i < gradients.length; i++) {
            if (gradients[i] != null && !gradients[i].sameShape(preacts[i])) {
                throw new IllegalArgumentException("K-FAC: gradient " + i + " has shape " + gradients[i].shape()
                        + " but the pre-activation has shape " + preacts[i].shape());
            }
        }
        if (!factorUpdateDue()) {
            return false;
        }
        return commit(FactorEstimates.recorded(blocks, passes.byLayer(), gradients, Reduction.SUM, scale));
    }

    /**
     * Empirical Fisher in one backward pass: differentiates {@code loss} w.r.t. the parameters
     * and (when a factor update is due) the pre-activations of the layers' forward passes it
     * depends on, folds the latter into the factors and returns the parameter gradients, ready
     * for {@link #step}.
     *
     * @throws IllegalStateException if a factor update is due and the loss depends on no
     *                               forward pass of some layer
     */
    public Tensor[] gradientsAndFactors(Tensor loss) {
        Tensor[] ps = params.toArray(new Tensor[0]);
        if (!factorUpdateDue()) {
            return Autodiff.grad(new Tensor[] {loss}, ps, null, false, false);
        }
        LayerPasses passes = LayerPasses.find(layers, loss);
        Tensor[] preacts = passes.preactivations();
        Tensor[] inputs = new Tensor[preacts.length + ps.length];
        System.arraycopy(preacts, 0, inputs, 0, preacts.length);
        System.arraycopy(ps, 0, inputs, preacts.length, ps.length);
        Tensor[] all = Autodiff.grad(new Tensor[] {loss}, inputs, null, false, true);
        Tensor[] grads = new Tensor[ps.length];
        for (int i = 0; i < ps.length; i++) {
            Tensor gi = all[preacts.length + i];
            grads[i] = gi == null ? Tensor.zerosLike(ps[i]) : gi;
        }
        if (!loss.isFinite()) {
            nonFinite("K-FAC: loss is " + loss.item() + "; factor update skipped");
        } else {
            Tensor[] g = new Tensor[preacts.length];
            System.arraycopy(all, 0, g, 0, preacts.length);
            commit(FactorEstimates.recorded(blocks, passes.byLayer(), g, reduction, 1.0));
        }
        return grads;
    }

    /**
     * Folds in fresh factor estimates computed by the caller: per layer A = mean [x, 1][x, 1]ᵀ
     * over the inputs x ((in+1)², row-major, the homogeneous coordinate last) and G = mean g gᵀ
     * over the per-example pre-activation gradients g (out², row-major), both symmetric. Does
     * nothing when no factor update is due, like {@link #updateFactors(Tensor)}.
     *
     * @return whether the factors were updated (false when not due or skipped as non-finite)
     */
    public boolean updateFactorEstimates(double[][] a, double[][] g) {
        FactorEstimates fresh = FactorEstimates.given(blocks, a, g);
        if (!factorUpdateDue()) {
            return false;
        }
        return commit(fresh);
    }

    /** Checks every fresh estimate, then updates all blocks or none. */
    private boolean commit(FactorEstimates fresh) {
        int bad = fresh.firstNonFinite();
        if (bad >= 0) {
            return nonFinite("K-FAC: fresh factor estimate of layer " + bad + " contains NaN or Inf; factor update skipped");
        }
        fresh.foldInto(blocks);
        factorVersion++;
        return true;
    }

    // ------------------------------------------------------------------ step

    /**
     * One K-FAC step from the gradients (aligned with {@link #parameters()}). Recomputes the
     * inverses when due. Skips (warns) or throws on non-finite input, see the class notes.
     *
     * @throws IllegalStateException if the factors were never updated
     */
    @Override
    public void step(Tensor[] grads) {
        if (grads.length != params.size()) {
            throw new IllegalArgumentException("K-FAC: " + grads.length + " gradients for " + params.size() + " parameters");
        }
        for (int i = 0; i < grads.length; i++) {
            if (grads[i].size() != params.get(i).size()) {
                throw new IllegalArgumentException("K-FAC: gradient " + i + " has shape " + grads[i].shape()
                        + " but the parameter has shape " + params.get(i).shape());
            }
        }
        for (KfacBlock block : blocks) {
            if (block.factors().updates() == 0) {
                throw new IllegalStateException("K-FAC: step before the factors of every layer were updated; "
                        + "call updateFactors(fisherLoss) or gradientsAndFactors(loss) first");
            }
        }
        long stepIndex = steps++;
        for (int i = 0; i < grads.length; i++) {
            if (!grads[i].isFinite()) {
                nonFinite("K-FAC: gradient of parameter " + i + " " + params.get(i).shape() + " contains NaN or Inf; step skipped");
                return;
            }
        }
        if ((!inverted || stepIndex % inverseUpdatePeriod == 0) && inverseVersion != factorVersion) {
            if (!refresh(!inverted || stepIndex % eigenbasisUpdatePeriod == 0)) {
                return;   // warned; this step is skipped, later steps use the previous inverses
            }
        }
        double q = 0.0;
        for (int li = 0; li < layers.size(); li++) {
            q = blocks[li].precondition(grads[2 * li].data(), grads[2 * li + 1].data(),
                    layers.get(li).weight().data(), weightDecay, q);
        }
        q *= lr * lr;
        if (!Double.isFinite(q)) {
            nonFinite("K-FAC: natural-gradient step is not finite; step skipped");
            return;
        }
        double scale = Double.isFinite(klClip) && q > 0 ? Math.min(1.0, Math.sqrt(klClip / q)) : 1.0;
        lastQuadraticForm = q;
        lastScale = scale;
        double stepSquares = 0.0;
        for (int li = 0; li < layers.size(); li++) {
            Linear l = layers.get(li);
            double[] v = velocity[li];
            double[] nat = blocks[li].natural();
            double[] w = l.weight().data();
            double[] b = l.bias().data();
            int nw = w.length;
            for (int j = 0; j < v.length; j++) {
                v[j] = momentum * v[j] + scale * nat[j];
                stepSquares += v[j] * v[j];
            }
            for (int j = 0; j < nw; j++) {
                w[j] -= lr * v[j];
            }
            for (int j = 0; j < b.length; j++) {
                b[j] -= lr * v[nw + j];
            }
        }
        lastStepNorm = lr * Math.sqrt(stepSquares);
        consecutiveSkips = 0;
    }

    /**
     * Recomputes every layer's eigendecompositions from the current factors now. All or nothing:
     * on a failure the previous inverses are kept.
     *
     * @return whether the inverses were recomputed
     */
    public boolean refreshInverses() {
        return refresh(true);
    }

    /**
     * Recomputes every layer's inverse from the current factors: with new eigendecompositions
     * ({@code newBasis}) or with the eigenvalues re-estimated in the installed eigenbases. All or
     * nothing, as {@link #refreshInverses}.
     */
    private boolean refresh(boolean newBasis) {
        KroneckerInverse[] fresh = new KroneckerInverse[blocks.length];
        for (int i = 0; i < fresh.length; i++) {
            try {
                fresh[i] = newBasis ? blocks[i].decompose(damping, eigenClamp) : blocks[i].rescale(damping, eigenClamp);
            } catch (NonFiniteException e) {
                return nonFinite("K-FAC: layer " + i + ": " + e.getMessage() + "; keeping the previous inverses");
            }
        }
        for (int i = 0; i < fresh.length; i++) {
            blocks[i].install(fresh[i]);
        }
        inverted = true;
        inverseVersion = factorVersion;
        return true;
    }

    /** Skips an update (counted, reported), or throws when it is one too many in a row. */
    private boolean nonFinite(String message) {
        if (consecutiveSkips >= maxConsecutiveSkips) {
            throw new NonFiniteException(maxConsecutiveSkips == 0 ? message : message + " (" + (consecutiveSkips + 1)
                    + " updates skipped in a row since the last step taken; the limit is " + maxConsecutiveSkips + ")");
        }
        consecutiveSkips++;
        skipped++;
        skipListener.skipped(message, skipped);
        return false;
    }

    // ------------------------------------------------------------------ state

    /**
     * Writes everything a step depends on besides the parameters: learning rate, counters
     * (steps, skipped, factor and inverse versions, skips in a row), momentum buffers, each block's running
     * factors and its installed inverse (Tikhonov: the eigendecompositions themselves; factored:
     * the two damped inverses), so that a restored run applies the very same inverse until its
     * next refresh.
     */
    @Override
    public void saveState(TrainingState state, String prefix) {
        state.putDouble(prefix + ".lr", lr);
        state.putLongs(prefix + ".counters", steps, skipped, factorVersion, inverseVersion, inverted ? 1 : 0,
                consecutiveSkips);
        state.putDoubles(prefix + ".last", new double[] {lastScale, lastQuadraticForm});
        state.putDouble(prefix + ".lastStepNorm", lastStepNorm);
        for (int i = 0; i < blocks.length; i++) {
            String p = prefix + ".layer" + i;
            state.putDoubles(p + ".velocity", velocity[i]);
            blocks[i].factors().saveState(state, p + ".factors");
            KroneckerInverse inv = blocks[i].inverse();
            state.putBoolean(p + ".inverted", inv != null);
            if (inv != null && inv.eigenA() != null) {
                saveEigen(state, p + ".eigenA", inv.eigenA());
                saveEigen(state, p + ".eigenG", inv.eigenG());
            } else if (inv != null) {
                state.putDoubles(p + ".inverseA", inv.dampedInverseA());
                state.putDoubles(p + ".inverseG", inv.dampedInverseG());
            }
        }
    }

    private static void saveEigen(TrainingState state, String prefix, SymmetricEigen e) {
        state.putDoubles(prefix + ".vectors", e.vectors());
        state.putDoubles(prefix + ".values", e.values());
        state.putDouble(prefix + ".trace", e.trace());
    }

    private static SymmetricEigen loadEigen(TrainingState state, String prefix, int n) {
        return SymmetricEigen.restore(n, state.doubles(prefix + ".vectors", n * n), state.doubles(prefix + ".values", n),
                state.getDouble(prefix + ".trace"));
    }

    @Override
    public void loadState(TrainingState state, String prefix) {
        double newLr = state.getDouble(prefix + ".lr");
        Optimizer.checkRate(newLr, "K-FAC");
        long[] c = state.longs(prefix + ".counters", 6);
        if (c[5] < 0 || c[5] > maxConsecutiveSkips) {
            throw new IllegalArgumentException("training state: '" + prefix + ".counters' holds " + c[5]
                    + " skips in a row, more than the limit " + maxConsecutiveSkips);
        }
        double[] last = state.doubles(prefix + ".last", 2);
        KroneckerInverse[] inverses = new KroneckerInverse[blocks.length];
        double[][] v = new double[blocks.length][];
        for (int i = 0; i < blocks.length; i++) {
            String p = prefix + ".layer" + i;
            v[i] = state.doubles(p + ".velocity", velocity[i].length);
            int dimA = blocks[i].in() + 1;
            int dimG = blocks[i].out();
            if (state.getBoolean(p + ".inverted")) {
                inverses[i] = damping.kind() == Damping.Kind.FACTORED
                        ? KroneckerInverse.restored(dimA, dimG, state.doubles(p + ".inverseA", dimA * dimA),
                                state.doubles(p + ".inverseG", dimG * dimG))
                        : KroneckerInverse.restored(loadEigen(state, p + ".eigenA", dimA),
                                loadEigen(state, p + ".eigenG", dimG), damping);
            }
        }
        for (int i = 0; i < blocks.length; i++) {
            blocks[i].factors().loadState(state, prefix + ".layer" + i + ".factors");
            System.arraycopy(v[i], 0, velocity[i], 0, v[i].length);
            blocks[i].install(inverses[i]);
        }
        lr = newLr;
        steps = c[0];
        skipped = c[1];
        factorVersion = c[2];
        inverseVersion = c[3];
        inverted = c[4] == 1;
        consecutiveSkips = (int) c[5];
        lastScale = last[0];
        lastQuadraticForm = last[1];
        // absent from states written before it was logged
        lastStepNorm = state.has(prefix + ".lastStepNorm") ? state.getDouble(prefix + ".lastStepNorm") : Double.NaN;
    }

    // ------------------------------------------------------------------ accessors

    @Override
    public List<Tensor> parameters() {
        return params;
    }

    public List<Linear> layers() {
        return layers;
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(double lr) {
        Optimizer.checkRate(lr, "K-FAC");
        this.lr = lr;
    }

    /** The running factors of layer i. */
    public KfacFactors factors(int layer) {
        return blocks[layer].factors();
    }

    /** The current inverse of layer i (null before the first step). */
    public KroneckerInverse inverse(int layer) {
        return blocks[layer].inverse();
    }

    /** The curvature block of layer i (its factors and inverse). */
    public KfacBlock block(int layer) {
        return blocks[layer];
    }

    /** Number of step() calls so far (skipped ones included). */
    public long steps() {
        return steps;
    }

    /** Updates (factor updates, inverse refreshes, steps) skipped because of NaN/Inf or a failed decomposition. */
    public long skippedUpdates() {
        return skipped;
    }

    /** s of the last step taken (NaN before the first). */
    public double lastScale() {
        return lastScale;
    }

    /** q = η² Σ⟨ΔW_nat, ∇W⟩ of the last step taken, before scaling (NaN before the first). */
    public double lastQuadraticForm() {
        return lastQuadraticForm;
    }

    /**
     * ‖Δθ‖₂ of the last step taken (NaN before the first): the Euclidean length of the change it
     * made to all weights and biases together, η·‖v‖ with v the momentum buffer after the step
     * (so the kl-clip scale and momentum included).
     */
    public double lastStepNorm() {
        return lastStepNorm;
    }

    public Damping damping() {
        return damping;
    }

    /** How the Fisher loss given to {@link #updateFactors(Tensor)} reduces over batch rows ({@link Builder#reduction}). */
    public Reduction reduction() {
        return reduction;
    }

    /** Steps between refreshes of the inverses (eigenvalues, or Cholesky factors with factored damping). */
    public int inverseUpdatePeriod() {
        return inverseUpdatePeriod;
    }

    /** Steps between eigendecompositions of the factors (a multiple of {@link #inverseUpdatePeriod()}). */
    public int eigenbasisUpdatePeriod() {
        return eigenbasisUpdatePeriod;
    }

    /**
     * Builder with ACKTR-like defaults: η 0.25, μ 0.9, Tikhonov damping 0.01, δ 0.001, decay 0.95;
     * factors every step, inverses every 20 steps (one memory length 1/(1 − decay) of the factors'
     * running average: an inverse is never older than the statistics it averages), new
     * eigenbases every 100 steps with re-estimated eigenvalues at the refreshes in between (see
     * ARCHITECTURE.md, "K-FAC's cost").
     */
    public static final class Builder {
        private final List<Linear> layers;
        private double lr = 0.25;
        private double momentum = 0.9;
        private double klClip = 1e-3;
        private double weightDecay = 0.0;
        private Damping damping = Damping.tikhonov(1e-2);
        private double decay = 0.95;
        private int factorUpdatePeriod = 1;
        private int inverseUpdatePeriod = 20;
        /** 0: {@link #DEFAULT_EIGENBASIS_REFRESHES} × the inverse-update period. */
        private int eigenbasisUpdatePeriod;
        private double eigenClamp = 1e-10;
        /**
         * Default of {@link #maxConsecutiveSkips}: ten, ACKTR's inverse-refresh period (Wu et al. 2017).
         * Healthy runs skip nothing (the agents' tests check this), so ten in a row is no bad luck.
         */
        public static final int DEFAULT_MAX_CONSECUTIVE_SKIPS = 10;

        private int maxConsecutiveSkips = DEFAULT_MAX_CONSECUTIVE_SKIPS;
        private SkipListener skipListener = SkipListener.logger();
        private Reduction reduction = Reduction.MEAN;

        private Builder(List<Linear> layers) {
            if (layers == null || layers.isEmpty()) {
                throw new IllegalArgumentException("K-FAC needs at least one Linear layer");
            }
            this.layers = List.copyOf(layers);
        }

        public Builder learningRate(double lr) {
            Optimizer.checkRate(lr, "K-FAC");
            this.lr = lr;
            return this;
        }

        /** Momentum μ in [0, 1). */
        public Builder momentum(double momentum) {
            this.momentum = inUnitInterval(momentum, "momentum");
            return this;
        }

        /** Tikhonov damping γ on the eigenvalues of A ⊗ G. */
        public Builder damping(double gamma) {
            this.damping = Damping.tikhonov(gamma);
            return this;
        }

        /** Any damping scheme, e.g. {@code Damping.factored(1e-2)}. */
        public Builder damping(Damping damping) {
            this.damping = java.util.Objects.requireNonNull(damping, "damping");
            return this;
        }

        /** Trust-region bound δ > 0 on η² Σ⟨ΔW, ∇W⟩; {@code Double.POSITIVE_INFINITY} turns it off. */
        public Builder klClip(double delta) {
            if (!(delta > 0)) {
                throw new IllegalArgumentException("K-FAC klClip must be > 0 (or +Infinity for none), got " + delta);
            }
            this.klClip = delta;
            return this;
        }

        /** L2 weight decay λ ≥ 0 added to the weight gradients (not the biases) before preconditioning. */
        public Builder weightDecay(double lambda) {
            this.weightDecay = finiteNonNegative(lambda, "weight decay");
            return this;
        }

        /** EMA decay of the factors in [0, 1). */
        public Builder decay(double decay) {
            this.decay = inUnitInterval(decay, "factor decay");
            return this;
        }

        public Builder factorUpdatePeriod(int steps) {
            this.factorUpdatePeriod = period(steps, "factor update period");
            return this;
        }

        public Builder inverseUpdatePeriod(int steps) {
            this.inverseUpdatePeriod = period(steps, "inverse update period");
            return this;
        }

        /**
         * Default of {@link #eigenbasisUpdatePeriod}, in inverse-update periods: the
         * eigenbases are recomputed at every {@value}th inverse refresh.
         */
        public static final int DEFAULT_EIGENBASIS_REFRESHES = 5;

        /**
         * Steps between eigendecompositions of the factors, a multiple of the inverse-update
         * period (default {@value #DEFAULT_EIGENBASIS_REFRESHES} of them). At the inverse refreshes
         * in between, Tikhonov damping keeps the eigenbases and re-estimates the eigenvalues
         * ({@link SymmetricEigen#rescaled}); equal to the inverse-update period, every refresh
         * decomposes (plain K-FAC). Factored damping decomposes nothing, so this does not affect it.
         */
        public Builder eigenbasisUpdatePeriod(int steps) {
            this.eigenbasisUpdatePeriod = period(steps, "eigenbasis update period");
            return this;
        }

        private int eigenbasisUpdatePeriod() {
            return eigenbasisUpdatePeriod == 0 ? DEFAULT_EIGENBASIS_REFRESHES * inverseUpdatePeriod : eigenbasisUpdatePeriod;
        }

        /** Eigenvalues of A and G below this are treated as 0 (default 1e-10). */
        public Builder eigenvalueClamp(double threshold) {
            this.eigenClamp = finiteNonNegative(threshold, "eigenvalue clamp");
            return this;
        }

        /**
         * Throw {@link NonFiniteException} at the first non-finite update instead of skipping it;
         * shorthand for {@code maxConsecutiveSkips(doThrow ? 0 : DEFAULT_MAX_CONSECUTIVE_SKIPS)}.
         */
        public Builder throwOnNonFinite(boolean doThrow) {
            return maxConsecutiveSkips(doThrow ? 0 : DEFAULT_MAX_CONSECUTIVE_SKIPS);
        }

        /**
         * How many updates (factor updates, inverse refreshes, steps) may be skipped in a row, with
         * no step taken in between, before the next skip throws {@link NonFiniteException} as
         * divergence (default {@value #DEFAULT_MAX_CONSECUTIVE_SKIPS}; 0 throws at the first).
         */
        public Builder maxConsecutiveSkips(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("K-FAC maxConsecutiveSkips must be >= 0, got " + n);
            }
            this.maxConsecutiveSkips = n;
            return this;
        }

        /** Who is told about each skipped update (default {@link SkipListener#logger()}). */
        public Builder onSkip(SkipListener listener) {
            this.skipListener = java.util.Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Whether Fisher losses are means over rows (default) or sums. */
        public Builder reduction(Reduction reduction) {
            this.reduction = java.util.Objects.requireNonNull(reduction, "reduction");
            return this;
        }

        public Kfac build() {
            if (eigenbasisUpdatePeriod() % inverseUpdatePeriod != 0) {
                throw new IllegalArgumentException("K-FAC eigenbasis update period " + eigenbasisUpdatePeriod
                        + " must be a multiple of the inverse update period " + inverseUpdatePeriod);
            }
            return new Kfac(this);
        }

        private static double inUnitInterval(double x, String what) {
            if (!(x >= 0 && x < 1)) {
                throw new IllegalArgumentException("K-FAC " + what + " must be in [0, 1), got " + x);
            }
            return x;
        }

        private static double finiteNonNegative(double x, String what) {
            if (!(x >= 0) || !Double.isFinite(x)) {
                throw new IllegalArgumentException("K-FAC " + what + " must be finite and >= 0, got " + x);
            }
            return x;
        }

        private static int period(int steps, String what) {
            if (steps < 1) {
                throw new IllegalArgumentException("K-FAC " + what + " must be >= 1, got " + steps);
            }
            return steps;
        }
    }
}
