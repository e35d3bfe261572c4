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
     * <p>If EJML's symmetric QR algorithm gives up (returns false), the decomposition is retried
     * once on a conditioned copy: m scaled by 2<sup>−e</sup> so that its largest entry lies in
     * [1, 2) (exact, a power of two) and every entry below ε/n of the largest (ε = 2<sup>−52</sup>)
     * set to 0; the eigenvalues are scaled back by 2<sup>e</sup>. The zeroed entries change m by
     * at most ε·max|m_ij| ≤ ε·‖m‖₂ in Frobenius norm, the QR algorithm's own backward error, so
     * the result is a decomposition of m to working precision. Why it is needed: the QR
     * iteration splits off an eigenvalue when an off-diagonal entry is below ε times its
     * diagonal neighbours; with subnormal entries that product underflows to 0, the split never
     * happens and EJML stops at its iteration cap. A K-FAC factor gets there when a unit stops
     * contributing: its row and column shrink by the factor decay at every update (0.95 per
     * update reaches the subnormal range, 2.2e-308, after about 13,800 updates), which made a
     * LunarLander-v3 kf-relax run keep stale inverses for ~500 episodes. A matrix EJML
     * decomposes directly takes the first path only (same bits as before).
     *
     * @param clampBelow eigenvalues below this are set to 0
     * @throws NonFiniteException if {@code m} holds NaN/Inf or the decomposition fails (also on
     *                            the conditioned copy) or returns non-finite or complex values
     */
    public static SymmetricEigen of(double[] m, int n, double clampBelow) {
        if (m.length != n * n) {
            throw new IllegalArgumentException("SymmetricEigen: " + m.length + " values are not " + n + "x" + n);
        }
        if (!DenseOps.isFinite(m)) {
            throw new NonFiniteException("eigendecomposition of a " + n + "x" + n + " factor: input contains NaN or Inf");
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        int exponent = 0;   // eigenvalues of m = 2^exponent · those decomposed
        if (!eig.decompose(matrix(m, n))) {
            exponent = largestExponent(m);
            eig = DecompositionFactory_DDRM.eig(n, true, true);
            if (exponent == Integer.MIN_VALUE || !eig.decompose(matrix(conditioned(m, n, exponent), n))) {
                throw new NonFiniteException("eigendecomposition of a " + n + "x" + n
                        + " factor failed (EJML decompose returned false, also after rescaling)");
            }
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
            double value = Math.scalb(ev.real, exponent);
            d[k] = value < clampBelow ? 0.0 : value;
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

    private static DMatrixRMaj matrix(double[] m, int n) {
        DMatrixRMaj mat = new DMatrixRMaj(n, n);
        System.arraycopy(m, 0, mat.data, 0, n * n);
        return mat;
    }

    /** The binary exponent e of the largest |m_ij| (2^e ≤ max &lt; 2^(e+1)); Integer.MIN_VALUE if m is 0. */
    private static int largestExponent(double[] m) {
        double max = 0;
        for (double x : m) {
            max = Math.max(max, Math.abs(x));
        }
        if (max == 0) {
            return Integer.MIN_VALUE;
        }
        // Math.getExponent gives the same exponent to every subnormal: lift them into the normal range first
        return max >= Double.MIN_NORMAL ? Math.getExponent(max) : Math.getExponent(Math.scalb(max, 600)) - 600;
    }

    /** m·2^−exponent with entries below ε/n of the largest (which is in [1, 2)) set to 0. */
    private static double[] conditioned(double[] m, int n, int exponent) {
        double negligible = Math.ulp(1.0) / n;
        double[] c = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            double x = Math.scalb(m[i], -exponent);
            c[i] = Math.abs(x) < negligible ? 0.0 : x;
        }
        return c;
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
