package org.kfrelax.linalg;

/**
 * {@link Gemm} in plain Java (the fallback when the Vector API module is absent): blocks of 4
 * rows × 4 columns of c held in 16 local accumulators while p runs, so each loaded element of a
 * and b feeds four fused multiply-adds; the edges go 4 rows × 2 columns (then × 1), 1 row × 4
 * columns, 1 × 1. A B read across its storage (bcs ≠ 1, as in A·Bᵀ) is first copied to a row-major
 * k × n array.
 */
final class ScalarGemm implements Gemm {

    /** Per thread: B copied to row-major k × n when it is read across its storage. */
    private static final ThreadLocal<double[][]> COPY = ThreadLocal.withInitial(() -> new double[1][0]);

    @Override
    public void gemm(double[] a, int ars, int aps, double[] b, int bps, int bcs, double[] c, int ldc,
                     int m, int k, int n, double alpha, boolean upper) {
        if (bcs == 1) {
            product(a, ars, aps, b, bps, c, ldc, m, k, n, alpha, upper);
        } else {   // A·Bᵀ: B made row-major once, so the blocks read it along rows
            product(a, ars, aps, rowMajor(b, bps, bcs, k, n), n, c, ldc, m, k, n, alpha, upper);
        }
    }

    /** B (k × n, B(p,j) = b[p·bps + j·bcs]) copied to a per-thread row-major array. */
    private static double[] rowMajor(double[] b, int bps, int bcs, int k, int n) {
        double[][] copy = COPY.get();
        if (copy[0].length < k * n) {
            copy[0] = new double[Math.max(k * n, 2 * copy[0].length)];
        }
        double[] bt = copy[0];
        for (int j = 0; j < n; j++) {   // along b's storage when bps = 1
            for (int p = 0, o = j * bcs, q = j; p < k; p++, o += bps, q += n) {
                bt[q] = b[o];
            }
        }
        return bt;
    }

    private static void product(double[] a, int ars, int aps, double[] b, int ldb, double[] c, int ldc,
                                int m, int k, int n, double alpha, boolean upper) {
        int i = 0;
        for (; i + 3 < m; i += 4) {
            int j = upper ? i : 0;
            for (; j + 3 < n; j += 4) {
                block4x4(a, i * ars, ars, aps, b, ldb, j, c, i * ldc + j, ldc, k, alpha);
            }
            if (j + 1 < n) {
                block4x2(a, i * ars, ars, aps, b, ldb, j, c, i * ldc + j, ldc, k, alpha);
                j += 2;
            }
            if (j < n) {
                block4x1(a, i * ars, ars, aps, b, ldb, j, c, i * ldc + j, ldc, k, alpha);
            }
        }
        for (; i < m; i++) {
            int j = upper ? i : 0;
            for (; j + 3 < n; j += 4) {
                block1x4(a, i * ars, aps, b, ldb, j, c, i * ldc + j, k, alpha);
            }
            for (; j < n; j++) {
                block1x1(a, i * ars, aps, b, ldb, j, c, i * ldc + j, k, alpha);
            }
        }
    }

    private static void block4x4(double[] a, int ai, int ars, int aps, double[] b, int ldb, int j,
                                 double[] c, int ci, int ldc, int k, double alpha) {
        int c1 = ci + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        double s00 = c[ci], s01 = c[ci + 1], s02 = c[ci + 2], s03 = c[ci + 3];
        double s10 = c[c1], s11 = c[c1 + 1], s12 = c[c1 + 2], s13 = c[c1 + 3];
        double s20 = c[c2], s21 = c[c2 + 1], s22 = c[c2 + 2], s23 = c[c2 + 3];
        double s30 = c[c3], s31 = c[c3 + 1], s32 = c[c3 + 2], s33 = c[c3 + 3];
        int ap = ai;
        int bp = j;
        for (int p = 0; p < k; p++, ap += aps, bp += ldb) {
            double b0 = b[bp], b1 = b[bp + 1], b2 = b[bp + 2], b3 = b[bp + 3];
            double x = alpha * a[ap];
            s00 = Math.fma(x, b0, s00); s01 = Math.fma(x, b1, s01); s02 = Math.fma(x, b2, s02); s03 = Math.fma(x, b3, s03);
            x = alpha * a[ap + ars];
            s10 = Math.fma(x, b0, s10); s11 = Math.fma(x, b1, s11); s12 = Math.fma(x, b2, s12); s13 = Math.fma(x, b3, s13);
            x = alpha * a[ap + 2 * ars];
            s20 = Math.fma(x, b0, s20); s21 = Math.fma(x, b1, s21); s22 = Math.fma(x, b2, s22); s23 = Math.fma(x, b3, s23);
            x = alpha * a[ap + 3 * ars];
            s30 = Math.fma(x, b0, s30); s31 = Math.fma(x, b1, s31); s32 = Math.fma(x, b2, s32); s33 = Math.fma(x, b3, s33);
        }
        c[ci] = s00; c[ci + 1] = s01; c[ci + 2] = s02; c[ci + 3] = s03;
        c[c1] = s10; c[c1 + 1] = s11; c[c1 + 2] = s12; c[c1 + 3] = s13;
        c[c2] = s20; c[c2 + 1] = s21; c[c2 + 2] = s22; c[c2 + 3] = s23;
        c[c3] = s30; c[c3 + 1] = s31; c[c3 + 2] = s32; c[c3 + 3] = s33;
    }

    /** Two columns of a 4-row block (the tail of a 10-wide layer: 4 + 4 + 2): a's four values loaded once for both. */
    private static void block4x2(double[] a, int ai, int ars, int aps, double[] b, int ldb, int j,
                                 double[] c, int ci, int ldc, int k, double alpha) {
        int c1 = ci + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        double s00 = c[ci], s01 = c[ci + 1];
        double s10 = c[c1], s11 = c[c1 + 1];
        double s20 = c[c2], s21 = c[c2 + 1];
        double s30 = c[c3], s31 = c[c3 + 1];
        int ap = ai;
        int bp = j;
        for (int p = 0; p < k; p++, ap += aps, bp += ldb) {
            double b0 = b[bp], b1 = b[bp + 1];
            double x = alpha * a[ap];
            s00 = Math.fma(x, b0, s00); s01 = Math.fma(x, b1, s01);
            x = alpha * a[ap + ars];
            s10 = Math.fma(x, b0, s10); s11 = Math.fma(x, b1, s11);
            x = alpha * a[ap + 2 * ars];
            s20 = Math.fma(x, b0, s20); s21 = Math.fma(x, b1, s21);
            x = alpha * a[ap + 3 * ars];
            s30 = Math.fma(x, b0, s30); s31 = Math.fma(x, b1, s31);
        }
        c[ci] = s00; c[ci + 1] = s01;
        c[c1] = s10; c[c1 + 1] = s11;
        c[c2] = s20; c[c2 + 1] = s21;
        c[c3] = s30; c[c3 + 1] = s31;
    }

    private static void block4x1(double[] a, int ai, int ars, int aps, double[] b, int ldb, int j,
                                 double[] c, int ci, int ldc, int k, double alpha) {
        double s0 = c[ci], s1 = c[ci + ldc], s2 = c[ci + 2 * ldc], s3 = c[ci + 3 * ldc];
        int ap = ai;
        int bp = j;
        for (int p = 0; p < k; p++, ap += aps, bp += ldb) {
            double y = b[bp];
            s0 = Math.fma(alpha * a[ap], y, s0);
            s1 = Math.fma(alpha * a[ap + ars], y, s1);
            s2 = Math.fma(alpha * a[ap + 2 * ars], y, s2);
            s3 = Math.fma(alpha * a[ap + 3 * ars], y, s3);
        }
        c[ci] = s0; c[ci + ldc] = s1; c[ci + 2 * ldc] = s2; c[ci + 3 * ldc] = s3;
    }

    private static void block1x4(double[] a, int ai, int aps, double[] b, int ldb, int j,
                                 double[] c, int ci, int k, double alpha) {
        double s0 = c[ci], s1 = c[ci + 1], s2 = c[ci + 2], s3 = c[ci + 3];
        int ap = ai;
        int bp = j;
        for (int p = 0; p < k; p++, ap += aps, bp += ldb) {
            double x = alpha * a[ap];
            s0 = Math.fma(x, b[bp], s0);
            s1 = Math.fma(x, b[bp + 1], s1);
            s2 = Math.fma(x, b[bp + 2], s2);
            s3 = Math.fma(x, b[bp + 3], s3);
        }
        c[ci] = s0; c[ci + 1] = s1; c[ci + 2] = s2; c[ci + 3] = s3;
    }

    private static void block1x1(double[] a, int ai, int aps, double[] b, int ldb, int j,
                         double[] c, int ci, int k, double alpha) {
        double s = c[ci];
        int ap = ai;
        int bp = j;
        for (int p = 0; p < k; p++, ap += aps, bp += ldb) {
            s = Math.fma(alpha * a[ap], b[bp], s);
        }
        c[ci] = s;
    }
}
