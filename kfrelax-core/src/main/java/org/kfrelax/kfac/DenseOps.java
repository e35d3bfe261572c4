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
     * {@code appendOne}. The strict lower triangle is scratch (partly written, meaningless):
     * call {@link #mirrorUpper} after the last accumulation. Four output rows and four data rows
     * at a time, so each output element is loaded and stored once per four data rows and each
     * data element is reused four times (the inner loop is a plain vectorizable sweep).
     */
    static void accumulateOuter(double[] x, int rows, int d, boolean appendOne, double scale, double[] out) {
        int n = appendOne ? d + 1 : d;
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            int x0 = r * d;
            int x1 = x0 + d;
            int x2 = x1 + d;
            int x3 = x2 + d;
            int i = 0;
            for (; i + 3 < d; i += 4) {
                double u0 = scale * x[x0 + i], u1 = scale * x[x1 + i], u2 = scale * x[x2 + i], u3 = scale * x[x3 + i];
                double v0 = scale * x[x0 + i + 1], v1 = scale * x[x1 + i + 1], v2 = scale * x[x2 + i + 1], v3 = scale * x[x3 + i + 1];
                double w0 = scale * x[x0 + i + 2], w1 = scale * x[x1 + i + 2], w2 = scale * x[x2 + i + 2], w3 = scale * x[x3 + i + 2];
                double z0 = scale * x[x0 + i + 3], z1 = scale * x[x1 + i + 3], z2 = scale * x[x2 + i + 3], z3 = scale * x[x3 + i + 3];
                int o0 = i * n;
                int o1 = o0 + n;
                int o2 = o1 + n;
                int o3 = o2 + n;
                for (int j = i; j < d; j++) {
                    double y0 = x[x0 + j], y1 = x[x1 + j], y2 = x[x2 + j], y3 = x[x3 + j];
                    out[o0 + j] += u0 * y0 + u1 * y1 + u2 * y2 + u3 * y3;
                    out[o1 + j] += v0 * y0 + v1 * y1 + v2 * y2 + v3 * y3;
                    out[o2 + j] += w0 * y0 + w1 * y1 + w2 * y2 + w3 * y3;
                    out[o3 + j] += z0 * y0 + z1 * y1 + z2 * y2 + z3 * y3;
                }
                if (appendOne) {
                    out[o0 + d] += u0 + u1 + u2 + u3;
                    out[o1 + d] += v0 + v1 + v2 + v3;
                    out[o2 + d] += w0 + w1 + w2 + w3;
                    out[o3 + d] += z0 + z1 + z2 + z3;
                }
            }
            for (; i < d; i++) {
                double a0 = scale * x[x0 + i], a1 = scale * x[x1 + i], a2 = scale * x[x2 + i], a3 = scale * x[x3 + i];
                int oi = i * n;
                for (int j = i; j < d; j++) {
                    out[oi + j] += a0 * x[x0 + j] + a1 * x[x1 + j] + a2 * x[x2 + j] + a3 * x[x3 + j];
                }
                if (appendOne) {
                    out[oi + d] += a0 + a1 + a2 + a3;
                }
            }
        }
        for (; r < rows; r++) {
            int xr = r * d;
            for (int i = 0; i < d; i++) {
                double xi = scale * x[xr + i];
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

    /**
     * c = a(m×k) · b(k×n), overwriting c. Four rows of c and four of k at a time (each b element
     * loaded once per four c rows, each c element once per four k).
     */
    static void mul(double[] a, double[] b, double[] c, int m, int k, int n) {
        java.util.Arrays.fill(c, 0, m * n, 0.0);
        int i = 0;
        for (; i + 3 < m; i += 4) {
            int c0 = i * n;
            int c1 = c0 + n;
            int c2 = c1 + n;
            int c3 = c2 + n;
            int a0 = i * k;
            int a1 = a0 + k;
            int a2 = a1 + k;
            int a3 = a2 + k;
            int p = 0;
            for (; p + 3 < k; p += 4) {
                double u0 = a[a0 + p], u1 = a[a0 + p + 1], u2 = a[a0 + p + 2], u3 = a[a0 + p + 3];
                double v0 = a[a1 + p], v1 = a[a1 + p + 1], v2 = a[a1 + p + 2], v3 = a[a1 + p + 3];
                double w0 = a[a2 + p], w1 = a[a2 + p + 1], w2 = a[a2 + p + 2], w3 = a[a2 + p + 3];
                double z0 = a[a3 + p], z1 = a[a3 + p + 1], z2 = a[a3 + p + 2], z3 = a[a3 + p + 3];
                int b0 = p * n;
                int b1 = b0 + n;
                int b2 = b1 + n;
                int b3 = b2 + n;
                for (int j = 0; j < n; j++) {
                    double x0 = b[b0 + j], x1 = b[b1 + j], x2 = b[b2 + j], x3 = b[b3 + j];
                    c[c0 + j] += u0 * x0 + u1 * x1 + u2 * x2 + u3 * x3;
                    c[c1 + j] += v0 * x0 + v1 * x1 + v2 * x2 + v3 * x3;
                    c[c2 + j] += w0 * x0 + w1 * x1 + w2 * x2 + w3 * x3;
                    c[c3 + j] += z0 * x0 + z1 * x1 + z2 * x2 + z3 * x3;
                }
            }
            for (; p < k; p++) {
                int bp = p * n;
                double u = a[a0 + p], v = a[a1 + p], w = a[a2 + p], z = a[a3 + p];
                for (int j = 0; j < n; j++) {
                    double x = b[bp + j];
                    c[c0 + j] += u * x;
                    c[c1 + j] += v * x;
                    c[c2 + j] += w * x;
                    c[c3 + j] += z * x;
                }
            }
        }
        for (; i < m; i++) {
            int ci = i * n;
            int ai = i * k;
            for (int p = 0; p < k; p++) {
                double u = a[ai + p];
                int bp = p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += u * b[bp + j];
                }
            }
        }
    }

    /** The transpose of the m×n row-major matrix a, as a new n×m array. */
    static double[] transpose(double[] a, int m, int n) {
        double[] t = new double[a.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                t[j * m + i] = a[i * n + j];
            }
        }
        return t;
    }
}
