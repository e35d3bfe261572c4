package org.kfrelax.kfac;

import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.kfrelax.optim.NonFiniteException;

/**
 * Eigendecomposition M = Q·diag(d)·Qᵀ of a symmetric matrix (EJML's symmetric QR algorithm),
 * with eigenvalues below a threshold clamped to 0 (a Kronecker factor is PSD in exact
 * arithmetic; tiny and slightly negative eigenvalues are rounding noise).
 */
public final class SymmetricEigen {
    private final int n;
    private final double[] q;
    private final double[] qt;
    private final double[] d;
    private final double trace;

    private SymmetricEigen(int n, double[] q, double[] d, double trace) {
        this(n, q, DenseOps.transpose(q, n, n), d, trace);
    }

    private SymmetricEigen(int n, double[] q, double[] qt, double[] d, double trace) {
        this.n = n;
        this.q = q;
        this.qt = qt;
        this.d = d;
        this.trace = trace;
    }

    /**
     * Decomposes the symmetric n×n row-major matrix {@code m} (not modified).
     *
     * @param clampBelow eigenvalues below this are set to 0
     * @throws NonFiniteException if {@code m} holds NaN/Inf or the decomposition fails or
     *                            returns non-finite or complex values
     */
    public static SymmetricEigen of(double[] m, int n, double clampBelow) {
        if (m.length != n * n) {
            throw new IllegalArgumentException("SymmetricEigen: " + m.length + " values are not " + n + "x" + n);
        }
        if (!DenseOps.isFinite(m)) {
            throw new NonFiniteException("eigendecomposition of a " + n + "x" + n + " factor: input contains NaN or Inf");
        }
        DMatrixRMaj mat = new DMatrixRMaj(n, n);
        System.arraycopy(m, 0, mat.data, 0, n * n);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(mat)) {
            throw new NonFiniteException("eigendecomposition of a " + n + "x" + n + " factor failed (EJML decompose returned false)");
        }
        double[] d = new double[n];
        double[] q = new double[n * n];
        for (int k = 0; k < n; k++) {
            Complex_F64 ev = eig.getEigenvalue(k);
            DMatrixRMaj v = eig.getEigenVector(k);
            if (ev == null || v == null || !Double.isFinite(ev.real) || ev.imaginary != 0.0) {
                throw new NonFiniteException("eigendecomposition of a " + n + "x" + n + " factor returned eigenvalue "
                        + ev + " at index " + k);
            }
            d[k] = ev.real < clampBelow ? 0.0 : ev.real;
            for (int i = 0; i < n; i++) {
                double x = v.data[i];
                if (!Double.isFinite(x)) {
                    throw new NonFiniteException("eigendecomposition of a " + n + "x" + n
                            + " factor returned a non-finite eigenvector");
                }
                q[i * n + k] = x;
            }
        }
        return new SymmetricEigen(n, q, d, DenseOps.trace(m, n));
    }

    /**
     * The eigenvalues of the symmetric n×n matrix {@code m} re-estimated in this decomposition's
     * eigenbasis Q (shared, not recomputed): the Rayleigh quotients d_k = q_kᵀ m q_k, i.e. the
     * diagonal of Qᵀ m Q, the best diagonal approximation of m in that basis (Frobenius norm);
     * exact when Q is an eigenbasis of m. One product m·Q (n³ multiply-adds) instead of a
     * decomposition. Values below {@code clampBelow} are set to 0, as in {@link #of}.
     *
     * @throws NonFiniteException if {@code m} holds NaN/Inf
     */
    public SymmetricEigen rescaled(double[] m, double clampBelow) {
        if (m.length != n * n) {
            throw new IllegalArgumentException("SymmetricEigen: " + m.length + " values are not " + n + "x" + n);
        }
        if (!DenseOps.isFinite(m)) {
            throw new NonFiniteException("eigenvalues of a " + n + "x" + n + " factor: input contains NaN or Inf");
        }
        double[] mq = new double[n * n];
        DenseOps.mul(m, q, mq, n, n, n);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                values[k] += q[i * n + k] * mq[i * n + k];
            }
        }
        for (int k = 0; k < n; k++) {
            if (values[k] < clampBelow) {
                values[k] = 0.0;
            }
        }
        return new SymmetricEigen(n, q, qt, values, DenseOps.trace(m, n));
    }

    /**
     * A decomposition saved earlier ({@link #vectors()}, {@link #values()}, {@link #trace()}),
     * taken as it is: restoring a checkpoint must not decompose again.
     */
    static SymmetricEigen restore(int n, double[] q, double[] d, double trace) {
        if (q.length != n * n || d.length != n || !DenseOps.isFinite(q) || !DenseOps.isFinite(d) || !Double.isFinite(trace)) {
            throw new IllegalArgumentException("saved eigendecomposition of a " + n + "x" + n
                    + " factor: wrong sizes or non-finite values");
        }
        return new SymmetricEigen(n, q.clone(), d.clone(), trace);
    }

    public int size() {
        return n;
    }

    /** Eigenvectors as columns, row-major n×n (shared array: do not modify). */
    double[] vectors() {
        return q;
    }

    /** Qᵀ (shared array: do not modify). */
    double[] vectorsTransposed() {
        return qt;
    }

    /** Eigenvalues after clamping (shared array: do not modify). */
    double[] values() {
        return d;
    }

    /** A copy of the eigenvalues after clamping. */
    public double[] eigenvalues() {
        return d.clone();
    }

    /** Trace of the decomposed matrix (before clamping). */
    public double trace() {
        return trace;
    }
}
