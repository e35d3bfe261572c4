package org.kfrelax.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gemm} with the JDK's Vector API ({@code jdk.incubator.vector}; loading this class
 * fails with a {@link LinkageError} when the module is not in the boot layer, and
 * {@link Dense} then uses {@link ScalarGemm}). Register blocks of 4 rows × 2 vectors of c
 * (8 accumulators; the preferred species, 8 doubles with AVX-512, 4 with AVX2) stay in
 * registers while p runs: per p, two vector loads of b and four broadcasts of a feed eight
 * fused multiply-adds. Edges: 4 rows × 1 vector; the last n mod L columns (L doubles per
 * vector) run as one vector on zero-padded copies (those columns of b packed once per call, of
 * c per row block), since the scalar loop there cost as much as all the rest at 22 columns.
 * The upper-triangle form starts each row block's columns at the diagonal rounded down to a
 * whole vector (a few elements below it are computed too, which {@link Gemm} allows), so its
 * columns fall into whole vectors like the full form's (starting exactly at the diagonal left
 * up to L − 1 columns per block to scalar code: a third of K-FAC's statistics time at 64 wide).
 * Padding lanes are computed and dropped; every element's chain is the one of {@link Gemm}, so
 * the bits equal {@link ScalarGemm}'s.
 */
final class VectorGemm implements Gemm {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Per thread: [0] the packed tail columns of b (k × L), [1] the tail of c for one row block (4 × L). */
    private static final ThreadLocal<double[][]> TAIL = ThreadLocal.withInitial(() -> new double[][] {new double[0], new double[4 * L]});

    /** Doubles per vector; calling it is the probe that this class links. */
    static int lanes() {
        return DoubleVector.broadcast(S, 1.0).length();
    }

    @Override
    public void gemm(double[] a, int ars, int aps, double[] b, int ldb, double[] c, int ldc,
                     int m, int k, int n, double alpha, boolean upper) {
        int tail = n % L;   // columns [n - tail, n) go padded
        int full = n - tail;
        double[][] t = null;
        if (tail > 0 && m > 0) {
            t = TAIL.get();
            if (t[0].length < k * L) {
                t[0] = new double[k * L];
            }
            double[] bt = t[0];
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, p * ldb + full, bt, p * L, tail);
                java.util.Arrays.fill(bt, p * L + tail, p * L + L, 0.0);
            }
        }
        int i = 0;
        for (; i + 3 < m; i += 4) {
            int j = upper ? i - i % L : 0;
            for (; j + 2 * L <= n; j += 2 * L) {
                block4x2(a, i * ars, ars, aps, b, ldb, j, c, i * ldc + j, ldc, k, alpha);
            }
            for (; j + L <= n; j += L) {
                block4x1(a, i * ars, ars, aps, b, ldb, j, c, i * ldc + j, ldc, k, alpha);
            }
            if (t != null) {
                double[] ct = t[1];
                for (int r = 0; r < 4; r++) {
                    System.arraycopy(c, (i + r) * ldc + full, ct, r * L, tail);
                }
                block4x1(a, i * ars, ars, aps, t[0], L, 0, ct, 0, L, k, alpha);
                for (int r = 0; r < 4; r++) {
                    System.arraycopy(ct, r * L, c, (i + r) * ldc + full, tail);
                }
                j = n;
            }
            for (; j < n; j++) {
                ScalarGemm.block4x1(a, i * ars, ars, aps, b, ldb, j, c, i * ldc + j, ldc, k, alpha);
            }
        }
        for (; i < m; i++) {
            int j = upper ? i - i % L : 0;
            for (; j + L <= n; j += L) {
                block1x1(a, i * ars, aps, b, ldb, j, c, i * ldc + j, k, alpha);
            }
            if (t != null) {
                double[] ct = t[1];
                System.arraycopy(c, i * ldc + full, ct, 0, tail);
                block1x1(a, i * ars, aps, t[0], L, 0, ct, 0, k, alpha);
                System.arraycopy(ct, 0, c, i * ldc + full, tail);
                j = n;
            }
            for (; j < n; j++) {
                ScalarGemm.block1x1(a, i * ars, aps, b, ldb, j, c, i * ldc + j, k, alpha);
            }
        }
    }

    private static void block4x2(double[] a, int ai, int ars, int aps, double[] b, int ldb, int j,
                                 double[] c, int ci, int ldc, int k, double alpha) {
        int c1 = ci + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        DoubleVector s00 = DoubleVector.fromArray(S, c, ci);
        DoubleVector s01 = DoubleVector.fromArray(S, c, ci + L);
        DoubleVector s10 = DoubleVector.fromArray(S, c, c1);
        DoubleVector s11 = DoubleVector.fromArray(S, c, c1 + L);
        DoubleVector s20 = DoubleVector.fromArray(S, c, c2);
        DoubleVector s21 = DoubleVector.fromArray(S, c, c2 + L);
        DoubleVector s30 = DoubleVector.fromArray(S, c, c3);
        DoubleVector s31 = DoubleVector.fromArray(S, c, c3 + L);
        int ap = ai;
        int bp = j;
        for (int p = 0; p < k; p++, ap += aps, bp += ldb) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
            DoubleVector x = DoubleVector.broadcast(S, alpha * a[ap]);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            x = DoubleVector.broadcast(S, alpha * a[ap + ars]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            x = DoubleVector.broadcast(S, alpha * a[ap + 2 * ars]);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            x = DoubleVector.broadcast(S, alpha * a[ap + 3 * ars]);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
        }
        s00.intoArray(c, ci);
        s01.intoArray(c, ci + L);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + L);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + L);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + L);
    }

    private static void block4x1(double[] a, int ai, int ars, int aps, double[] b, int ldb, int j,
                                 double[] c, int ci, int ldc, int k, double alpha) {
        DoubleVector s0 = DoubleVector.fromArray(S, c, ci);
        DoubleVector s1 = DoubleVector.fromArray(S, c, ci + ldc);
        DoubleVector s2 = DoubleVector.fromArray(S, c, ci + 2 * ldc);
        DoubleVector s3 = DoubleVector.fromArray(S, c, ci + 3 * ldc);
        int ap = ai;
        int bp = j;
        for (int p = 0; p < k; p++, ap += aps, bp += ldb) {
            DoubleVector y = DoubleVector.fromArray(S, b, bp);
            s0 = DoubleVector.broadcast(S, alpha * a[ap]).fma(y, s0);
            s1 = DoubleVector.broadcast(S, alpha * a[ap + ars]).fma(y, s1);
            s2 = DoubleVector.broadcast(S, alpha * a[ap + 2 * ars]).fma(y, s2);
            s3 = DoubleVector.broadcast(S, alpha * a[ap + 3 * ars]).fma(y, s3);
        }
        s0.intoArray(c, ci);
        s1.intoArray(c, ci + ldc);
        s2.intoArray(c, ci + 2 * ldc);
        s3.intoArray(c, ci + 3 * ldc);
    }

    private static void block1x1(double[] a, int ai, int aps, double[] b, int ldb, int j,
                                 double[] c, int ci, int k, double alpha) {
        DoubleVector s = DoubleVector.fromArray(S, c, ci);
        int ap = ai;
        int bp = j;
        for (int p = 0; p < k; p++, ap += aps, bp += ldb) {
            s = DoubleVector.broadcast(S, alpha * a[ap]).fma(DoubleVector.fromArray(S, b, bp), s);
        }
        s.intoArray(c, ci);
    }
}
