package org.kfrelax.kfac;

import org.kfrelax.linalg.Dense;

/**
 * The row-major {@code double[]} helpers the K-FAC code uses: second-moment accumulation (upper
 * triangle only), mirroring, products and transposes from {@link Dense}, plus symmetrization,
 * traces and finiteness checks. Package-private: an implementation detail of {@link KfacFactors} and
 * {@link KroneckerInverse}.
 */
final class DenseOps {
    private DenseOps() {}

    /** The upper triangle of out += scale · Σ_r x̄_r x̄_rᵀ: {@link Dense#accumulateOuter}. */
    static void accumulateOuter(double[] x, int rows, int d, boolean appendOne, double scale, double[] out) {
        Dense.accumulateOuter(x, rows, d, appendOne, scale, out);
    }

    /** Copies the upper triangle onto the lower one, so m = mᵀ exactly ({@link Dense#mirrorUpper}). */
    static void mirrorUpper(double[] m, int n) {
        Dense.mirrorUpper(m, n);
    }

    /** m ← (m + mᵀ)/2. */
    static void symmetrize(double[] m, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0.5 * (m[i * n + j] + m[j * n + i]);
                m[i * n + j] = s;
                m[j * n + i] = s;
            }
        }
    }

    static double trace(double[] m, int n) {
        double t = 0.0;
        for (int i = 0; i < n; i++) {
            t += m[i * n + i];
        }
        return t;
    }

    static boolean isFinite(double[] m) {
        for (double v : m) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** c = a(m×k) · b(k×n), overwriting c: {@link Dense#mul}. */
    static void mul(double[] a, double[] b, double[] c, int m, int k, int n) {
        Dense.mul(a, b, c, m, k, n);
    }

    /** The transpose of the m×n row-major matrix a, as a new n×m array. */
    static double[] transpose(double[] a, int m, int n) {
        double[] t = new double[m * n];
        Dense.transpose(a, m, n, t);
        return t;
    }
}
