package org.kfrelax.kfac;

import org.kfrelax.optim.NonFiniteException;

/**
 * The curvature block of one dense layer: its running Kronecker factors A and G
 * ({@link KfacFactors}), their current damped inverse ({@link KroneckerInverse}) and the
 * preconditioning of the layer's gradient with it. The gradient of [W; b] is (in+1)×out
 * row-major, weight rows first, weight decay λ·W added to the weight rows:
 * <pre>
 *   ∇ = [∇W + λW; ∇b],   ΔW_nat = (A ⊗ G + damping)⁻¹ ∇,   q_layer = ⟨ΔW_nat, ∇⟩
 * </pre>
 * The block knows nothing of steps, schedules or trust regions (that is {@link Kfac}) nor of
 * where its statistics come from (that is {@link FactorEstimates}). Not thread-safe.
 */
public final class KfacBlock {
    private final int in;
    private final int out;
    private final KfacFactors factors;
    private KroneckerInverse inverse;
    private final double[] grad;
    private final double[] natural;
    private final double[] freshA;
    private final double[] freshG;

    /** A block for a layer with {@code in} inputs and {@code out} outputs, factors decaying with {@code decay}. */
    KfacBlock(int in, int out, double decay) {
        this.in = in;
        this.out = out;
        this.factors = new KfacFactors(in + 1, out, decay);
        this.grad = new double[(in + 1) * out];
        this.natural = new double[(in + 1) * out];
        this.freshA = new double[(in + 1) * (in + 1)];
        this.freshG = new double[out * out];
    }

    /** Scratch for a fresh estimate Â ((in+1)², {@link FactorEstimates}). */
    double[] freshA() {
        return freshA;
    }

    /** Scratch for a fresh estimate Ĝ (out², {@link FactorEstimates}). */
    double[] freshG() {
        return freshG;
    }

    /** Layer inputs (A is (in+1)²). */
    public int in() {
        return in;
    }

    /** Layer outputs (G is out²). */
    public int out() {
        return out;
    }

    /** The running factors. */
    public KfacFactors factors() {
        return factors;
    }

    /** The current inverse (null before the first {@link #install}). */
    public KroneckerInverse inverse() {
        return inverse;
    }

    /**
     * A fresh eigen-inverse of the current factors (not yet installed).
     *
     * @throws NonFiniteException if a decomposition fails or the damped inverse is not finite
     */
    KroneckerInverse decompose(Damping damping, double eigenClamp) {
        return KroneckerInverse.of(factors.aView(), factors.dimA(), factors.gView(), factors.dimG(), damping, eigenClamp);
    }

    /**
     * A fresh inverse of the current factors in the installed inverse's eigenbases, with
     * re-estimated eigenvalues ({@link KroneckerInverse#rescaled}); a full {@link #decompose}
     * when nothing is installed yet. Not yet installed.
     *
     * @throws NonFiniteException if a factor or the damped inverse is not finite
     */
    KroneckerInverse rescale(Damping damping, double eigenClamp) {
        if (inverse == null) {
            return decompose(damping, eigenClamp);
        }
        return inverse.rescaled(factors.aView(), factors.gView(), damping, eigenClamp);
    }

    void install(KroneckerInverse fresh) {
        this.inverse = fresh;
    }

    /**
     * Preconditions the gradient (gw, gb) of weights {@code w} with weight decay λ into
     * {@link #natural()} and returns {@code qSoFar} + ⟨ΔW_nat, ∇⟩ (summed onto {@code qSoFar}
     * term by term, so the blocks of a network add up in one running sum).
     */
    double precondition(double[] gw, double[] gb, double[] w, double weightDecay, double qSoFar) {
        int nw = gw.length;
        for (int j = 0; j < nw; j++) {
            grad[j] = gw[j] + weightDecay * w[j];
        }
        System.arraycopy(gb, 0, grad, nw, gb.length);
        inverse.apply(grad, natural);
        double q = qSoFar;
        for (int j = 0; j < grad.length; j++) {
            q += natural[j] * grad[j];
        }
        return q;
    }

    /** ΔW_nat of the last {@link #precondition} call ((in+1)×out row-major; live buffer). */
    double[] natural() {
        return natural;
    }
}
