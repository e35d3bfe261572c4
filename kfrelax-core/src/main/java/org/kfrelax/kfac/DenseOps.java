package org.kfrelax.kfac;

/**
 * Plain-loop kernels on row-major {@code double[]} matrices used by the K-FAC code: second-moment
 * accumulation (upper triangle only), mirroring, traces and the three matrix products the
 * preconditioner needs. Package-private: an implementation detail of {@link KfacFactors} and
 * {@link KroneckerInverse}.
 */
final class DenseOps {
    private DenseOps() {}

    /**
     * Adds {@code scale · Σ_r ā_r ā_rᵀ} to the upper triangle of {@code out} (d'×d', d' = d + 1 when
     * {@code appendOne}, else d), where ā_r is row r of {@code x} (rows×d), with a 1 appended when
     * {@code appendOne}. The lower triangle is left untouched: call {@link #mirrorUpper} after.
     */
    static void accumulateOuter(double[] x, int rows, int d, boolean appendOne, double scale, double[] out) {
        int n = appendOne ? d + 1 : d;
        for (int r = 0; r < rows; r++) {
            int xr = r * d;
            for (int i = 0; i < d; i++) {
                double xi = scale * x[xr + i];
                if (xi == 0.0) {
                    continue;
                }
                int oi = i * n;
                for (int j = i; j < d; j++) {
                    out[oi + j] += xi * x[xr + j];
                }
                if (appendOne) {
                    out[oi + d] += xi;
                }
            }
        }
        if (appendOne) {
            out[d * n + d] += scale * rows;
        }
    }

    /** Copies the upper triangle onto the lower one, so m = mᵀ exactly. */
    static void mirrorUpper(double[] m, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                m[j * n + i] = m[i * n + j];
            }
        }
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

    /** c = a(m×k) · b(k×n), overwriting c. */
    static void mul(double[] a, double[] b, double[] c, int m, int k, int n) {
        java.util.Arrays.fill(c, 0, m * n, 0.0);
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            int ai = i * k;
            for (int p = 0; p < k; p++) {
                double aip = a[ai + p];
                int bp = p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }

    /** c = a(k×m)ᵀ · b(k×n), overwriting c. */
    static void mulTransA(double[] a, double[] b, double[] c, int k, int m, int n) {
        java.util.Arrays.fill(c, 0, m * n, 0.0);
        for (int p = 0; p < k; p++) {
            int ap = p * m;
            int bp = p * n;
            for (int i = 0; i < m; i++) {
                double api = a[ap + i];
                int ci = i * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += api * b[bp + j];
                }
            }
        }
    }

    /** c = a(m×k) · b(n×k)ᵀ, overwriting c. */
    static void mulTransB(double[] a, double[] b, double[] c, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int ai = i * k;
            for (int j = 0; j < n; j++) {
                int bj = j * k;
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s += a[ai + p] * b[bj + p];
                }
                c[i * n + j] = s;
            }
        }
    }
}
