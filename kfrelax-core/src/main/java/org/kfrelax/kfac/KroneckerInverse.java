package org.kfrelax.kfac;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.kfrelax.optim.NonFiniteException;

/**
 * The damped inverse of one layer's A ⊗ G, formed once per refresh and applied many times in
 * between. Tikhonov damping is kept in eigen form: ΔW = Q_A [(Q_Aᵀ ∇W Q_G) ⊘ D] Q_Gᵀ, D from
 * {@link Damping} (four matrix products per application). Factored damping is separable,
 * D_ij = (d_A,i + c_A)(d_G,j + c_G), so there the two damped inverses (A + c_A I)⁻¹ and
 * (G + c_G I)⁻¹ are formed from Cholesky factorizations (no eigendecomposition; about a fifth of
 * its cost at 65×65) and applied as ΔW = (A + c_A I)⁻¹ ∇W (G + c_G I)⁻¹ (two products).
 * Gradients are (dim A)×(dim G) row-major: rows = layer inputs then the bias row.
 * Not thread-safe (uses scratch buffers).
 */
public final class KroneckerInverse {
    private final int dimA;
    private final int dimG;
    private final SymmetricEigen a;    // Tikhonov: the eigendecompositions; null when factored
    private final SymmetricEigen g;
    private final double[] recip;      // Tikhonov: 1/D_ij; null when factored
    private final double[] inverseA;   // factored: (A + c_A I)⁻¹; null otherwise
    private final double[] inverseG;
    private final double[] t1;
    private final double[] t2;

    private KroneckerInverse(int dimA, int dimG, SymmetricEigen a, SymmetricEigen g, double[] recip,
                             double[] inverseA, double[] inverseG) {
        this.dimA = dimA;
        this.dimG = dimG;
        this.a = a;
        this.g = g;
        this.recip = recip;
        this.inverseA = inverseA;
        this.inverseG = inverseG;
        this.t1 = new double[dimA * dimG];
        this.t2 = recip == null ? null : new double[dimA * dimG];
    }

    private static void checkFinite(double r, Damping damping) {
        if (!Double.isFinite(r)) {
            throw new NonFiniteException("K-FAC inverse: damped eigenvalue is zero or non-finite "
                    + "(damping " + damping + " too small for singular factors?)");
        }
    }

    /** (M + shift·I)⁻¹ of the symmetric n×n matrix m, by Cholesky, exactly symmetric. */
    private static double[] dampedInverse(double[] m, int n, double shift, Damping damping, String name) {
        if (!DenseOps.isFinite(m)) {
            throw new NonFiniteException("K-FAC inverse: factor " + name + " (" + n + "x" + n + ") contains NaN or Inf");
        }
        DMatrixRMaj shifted = new DMatrixRMaj(n, n);
        System.arraycopy(m, 0, shifted.data, 0, n * n);
        for (int i = 0; i < n; i++) {
            shifted.data[i * n + i] += shift;
        }
        DMatrixRMaj inv = new DMatrixRMaj(n, n);
        if (!CommonOps_DDRM.invertSPD(shifted, inv)) {
            throw new NonFiniteException("K-FAC inverse: factor " + name + " + " + shift + "·I is not positive definite "
                    + "(damping " + damping + " too small for singular factors?)");
        }
        for (double x : inv.data) {
            checkFinite(x, damping);
        }
        DenseOps.symmetrize(inv.data, n);
        return inv.data;
    }

    /**
     * The damped inverse of the symmetric factors A (dimA×dimA) and G (dimG×dimG): Tikhonov from
     * their eigendecompositions (eigenvalues below {@code clampBelow} taken as 0), factored from
     * Cholesky factorizations ({@code clampBelow} unused).
     *
     * @throws NonFiniteException if a factorization fails or the damped inverse is not finite
     */
    public static KroneckerInverse of(double[] factorA, int dimA, double[] factorG, int dimG,
                                      Damping damping, double clampBelow) {
        if (damping.kind() == Damping.Kind.FACTORED) {
            double pi = Damping.pi(DenseOps.trace(factorA, dimA), dimA, DenseOps.trace(factorG, dimG), dimG);
            return new KroneckerInverse(dimA, dimG, null, null, null,
                    dampedInverse(factorA, dimA, damping.shiftA(pi), damping, "A"),
                    dampedInverse(factorG, dimG, damping.shiftG(pi), damping, "G"));
        }
        return tikhonov(SymmetricEigen.of(factorA, dimA, clampBelow), SymmetricEigen.of(factorG, dimG, clampBelow),
                damping);
    }

    /**
     * The damped inverse of new factors A and G in this inverse's eigenbases: Tikhonov damping
     * with the eigenvalues re-estimated as Rayleigh quotients in the current eigenvectors
     * ({@link SymmetricEigen#rescaled}; two n³ products instead of two decompositions). Factored
     * damping has no eigenbasis to keep: there this is {@link #of}.
     *
     * @throws NonFiniteException if a factor is not finite or the damped inverse is not finite
     */
    KroneckerInverse rescaled(double[] factorA, double[] factorG, Damping damping, double clampBelow) {
        if (recip == null) {
            return of(factorA, dimA, factorG, dimG, damping, clampBelow);
        }
        return tikhonov(a.rescaled(factorA, clampBelow), g.rescaled(factorG, clampBelow), damping);
    }

    /** A Tikhonov inverse from two saved decompositions (a checkpoint), as {@link #of} forms it from them. */
    static KroneckerInverse restored(SymmetricEigen a, SymmetricEigen g, Damping damping) {
        return tikhonov(a, g, damping);
    }

    private static KroneckerInverse tikhonov(SymmetricEigen a, SymmetricEigen g, Damping damping) {
        double[] recip = damping.tikhonovReciprocals(a, g);
        for (double r : recip) {
            checkFinite(r, damping);
        }
        return new KroneckerInverse(a.size(), g.size(), a, g, recip, null, null);
    }

    /** A factored-damping inverse from the two saved damped inverses (a checkpoint). */
    static KroneckerInverse restored(int dimA, int dimG, double[] inverseA, double[] inverseG) {
        if (inverseA.length != dimA * dimA || inverseG.length != dimG * dimG || !DenseOps.isFinite(inverseA)
                || !DenseOps.isFinite(inverseG)) {
            throw new IllegalArgumentException("saved K-FAC inverse of " + dimA + "x" + dimG
                    + ": wrong sizes or non-finite values");
        }
        return new KroneckerInverse(dimA, dimG, null, null, null, inverseA.clone(), inverseG.clone());
    }

    /** Factored damping's (A + c_A I)⁻¹ (live; null for Tikhonov damping). */
    double[] dampedInverseA() {
        return inverseA;
    }

    /** Factored damping's (G + c_G I)⁻¹ (live; null for Tikhonov damping). */
    double[] dampedInverseG() {
        return inverseG;
    }

    public int dimA() {
        return dimA;
    }

    public int dimG() {
        return dimG;
    }

    /** A's eigendecomposition (Tikhonov damping; null for factored damping, which needs none). */
    public SymmetricEigen eigenA() {
        return a;
    }

    /** G's eigendecomposition (Tikhonov damping; null for factored damping, which needs none). */
    public SymmetricEigen eigenG() {
        return g;
    }

    /** out = the preconditioned gradient of {@code grad} (both dimA×dimG row-major; may not alias). */
    public void apply(double[] grad, double[] out) {
        int m = dimA;
        int n = dimG;
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
