package org.kfrelax.kfac;

import org.kfrelax.optim.NonFiniteException;

/**
 * The damped inverse of one layer's A ⊗ G, kept in eigen form so it can be applied many times
 * between (expensive) recomputations: ΔW = Q_A [(Q_Aᵀ ∇W Q_G) ⊘ D] Q_Gᵀ, D from {@link Damping}
 * (four matrix products per application). Factored damping is separable, D_ij = (d_A,i + c_A)(d_G,j + c_G),
 * so there the two damped inverses (A + c_A I)⁻¹ and (G + c_G I)⁻¹ are formed once and applied as
 * ΔW = (A + c_A I)⁻¹ ∇W (G + c_G I)⁻¹ (two products).
 * Gradients are (dim A)×(dim G) row-major: rows = layer inputs then the bias row.
 * Not thread-safe (uses scratch buffers).
 */
public final class KroneckerInverse {
    private final SymmetricEigen a;
    private final SymmetricEigen g;
    private final double[] recip;      // Tikhonov: 1/D_ij; null when separable
    private final double[] inverseA;   // factored: (A + c_A I)⁻¹; null otherwise
    private final double[] inverseG;
    private final double[] t1;
    private final double[] t2;

    private KroneckerInverse(SymmetricEigen a, SymmetricEigen g, Damping damping) {
        this.a = a;
        this.g = g;
        if (damping.kind() == Damping.Kind.FACTORED) {
            this.recip = null;
            this.inverseA = dampedInverse(a, damping.shiftA(a, g), damping);
            this.inverseG = dampedInverse(g, damping.shiftG(a, g), damping);
        } else {
            this.recip = damping.tikhonovReciprocals(a, g);
            this.inverseA = null;
            this.inverseG = null;
            for (double r : recip) {
                checkFinite(r, damping);
            }
        }
        this.t1 = new double[a.size() * g.size()];
        this.t2 = new double[a.size() * g.size()];
    }

    private static void checkFinite(double r, Damping damping) {
        if (!Double.isFinite(r)) {
            throw new NonFiniteException("K-FAC inverse: damped eigenvalue is zero or non-finite "
                    + "(damping " + damping + " too small for singular factors?)");
        }
    }

    /** Q diag(1/(d + shift)) Qᵀ. */
    private static double[] dampedInverse(SymmetricEigen e, double shift, Damping damping) {
        int n = e.size();
        double[] q = e.vectors();
        double[] d = e.values();
        double[] scaled = new double[n * n];
        for (int k = 0; k < n; k++) {
            double r = 1.0 / (d[k] + shift);
            checkFinite(r, damping);
            for (int i = 0; i < n; i++) {
                scaled[i * n + k] = q[i * n + k] * r;
            }
        }
        double[] inv = new double[n * n];
        DenseOps.mul(scaled, e.vectorsTransposed(), inv, n, n, n);
        DenseOps.symmetrize(inv, n);
        return inv;
    }

    /**
     * Decomposes the symmetric factors A (dimA×dimA) and G (dimG×dimG).
     *
     * @throws NonFiniteException if a decomposition fails or the damped inverse is not finite
     */
    public static KroneckerInverse of(double[] factorA, int dimA, double[] factorG, int dimG,
                                      Damping damping, double clampBelow) {
        return new KroneckerInverse(SymmetricEigen.of(factorA, dimA, clampBelow),
                SymmetricEigen.of(factorG, dimG, clampBelow), damping);
    }

    public int dimA() {
        return a.size();
    }

    public int dimG() {
        return g.size();
    }

    public SymmetricEigen eigenA() {
        return a;
    }

    public SymmetricEigen eigenG() {
        return g;
    }

    /** out = the preconditioned gradient of {@code grad} (both dimA×dimG row-major; may not alias). */
    public void apply(double[] grad, double[] out) {
        int m = a.size();
        int n = g.size();
        if (grad.length != m * n || out.length != m * n) {
            throw new IllegalArgumentException("K-FAC inverse of " + m + "x" + n + " applied to " + grad.length
                    + " values into " + out.length);
        }
        if (recip == null) {
            DenseOps.mul(inverseA, grad, t1, m, m, n);                // (A + c_A I)⁻¹ ∇
            DenseOps.mul(t1, inverseG, out, m, n, n);                 // ... (G + c_G I)⁻¹
            return;
        }
        DenseOps.mul(grad, g.vectors(), t1, m, n, n);                 // ∇ Q_G
        DenseOps.mul(a.vectorsTransposed(), t1, t2, m, m, n);         // Q_Aᵀ ∇ Q_G
        for (int i = 0; i < t2.length; i++) {
            t2[i] *= recip[i];
        }
        DenseOps.mul(a.vectors(), t2, t1, m, m, n);                   // Q_A V
        DenseOps.mul(t1, g.vectorsTransposed(), out, m, n, n);        // (Q_A V) Q_Gᵀ
    }

    /** The preconditioned gradient as a new array. */
    public double[] apply(double[] grad) {
        double[] out = new double[grad.length];
        apply(grad, out);
        return out;
    }
}
