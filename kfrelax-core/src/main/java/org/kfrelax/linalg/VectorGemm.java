package org.kfrelax.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gemm} with the JDK's Vector API ({@code jdk.incubator.vector}; loading this class
 * fails with a {@link LinkageError} when the module is not in the boot layer, and
 * {@link Dense} then uses {@link ScalarGemm}). Register blocks of 4 rows × 2 vectors of c
 * (8 accumulators; L doubles per vector, 8 with AVX-512, 4 with AVX2) stay in registers while p
 * runs: per p, two vector loads of B and four broadcasts of A feed eight fused multiply-adds.
 * B is read one panel of 2L columns at a time.
 *
 * <p>With enough panels (below) the operands are packed, as BLAS kernels pack them
 * (K. Goto and R. van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS
 * 34(3), 2008): A once per call, already multiplied by α, into blocks of 4 rows stored p-major
 * (the 4 elements of one p side by side), and each panel of B into a k × 2L array that every
 * row block then runs over. The blocks then read both operands at unit stride whatever the
 * caller's layout, with strides the compiler knows: Aᵀ·B costs what A·B costs, and A·Bᵀ needs
 * no transposed copy of B (its panel is gathered: per p, one element from each of 2L rows of b). This
 * took the 64-wide shapes of {@code DenseBench} from 6–12 to 11–15 GMAC/s. But packing costs
 * a copy of each element of A (reused by every panel) and of B (reused by every row block), and
 * with few panels or rows it cost more than it saved (old kernel ÷ packed: 1 panel, 16 columns:
 * 0.4–0.8×; 2 panels, 32 columns: 0.6–1.1×; 4 panels, 64 columns: 1.2–1.5×; at 64 columns,
 * 1 row 0.55–0.66×, 4 rows 0.9×, 8 rows 1.15×; ARCHITECTURE.md, "Dense arithmetic"). So only
 * products with at least {@value #PACK_FROM_PANELS} panels (more than 48 columns with AVX-512)
 * and {@value #PACK_FROM_ROWS} rows run packed; the others
 * read A in place (its strides and α as arguments to the blocks), and B in place too when it is
 * row-major and fills whole vectors (a transposed or partly filled panel is still copied).
 *
 * <p>So there are two families of blocks, the same multiply-adds addressed two ways: the
 * packed ones with every stride a constant, the others with A's strides, α and B's row stride as
 * arguments. One family for both ran 0.53–0.78× on packed operands (C2 compiles each block
 * once, for whatever strides it is called with, and does not specialise it), and packing the
 * products the others serve ran 0.63–0.85× (10–16 columns, or 4 rows).
 *
 * <p>Edges: the last n mod 2L columns go as a panel of 1 or 2 vectors with padding columns (c
 * through a 4 × 2L copy); the last m mod 4 rows one at a time. The upper-triangle form stops
 * each panel's rows after the panel's last column (row blocks that straddle it compute a few
 * elements below the diagonal, which {@link Gemm} allows). Padding lanes are computed and
 * dropped; every element's chain is the one of {@link Gemm} (α·A(i,p) rounded once, as there),
 * so the bits equal {@link ScalarGemm}'s.
 */
final class VectorGemm implements Gemm {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Columns per panel of B. */
    private static final int W = 2 * L;
    /** Products with at least this many panels of B and rows of A run packed (see the class comment). */
    static final int PACK_FROM_PANELS = 4;
    static final int PACK_FROM_ROWS = 8;
    /** Per thread: [0] packed α·A (m × k), [1] one copied panel of B (k × W), [2] c of one row block of a padded panel (4 × W). */
    private static final ThreadLocal<double[][]> BUFFERS = ThreadLocal.withInitial(() -> new double[][] {new double[0], new double[0], new double[4 * W]});

    /** Per thread: the offsets in b of a panel's columns, for gathering B read across its storage. */
    private static final ThreadLocal<int[]> LANES = ThreadLocal.withInitial(() -> new int[W]);

    /** Doubles per vector; calling it is the probe that this class links. */
    static int lanes() {
        return DoubleVector.broadcast(S, 1.0).length();
    }

    @Override
    public void gemm(double[] a, int ars, int aps, double[] b, int bps, int bcs, double[] c, int ldc,
                     int m, int k, int n, double alpha, boolean upper) {
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        double[][] buffers = BUFFERS.get();
        double[] pb = grown(buffers, 1, k * W);
        double[] ct = buffers[2];
        int[] lanes = LANES.get();
        int m4 = m - m % 4;
        boolean packed = n > (PACK_FROM_PANELS - 1) * W && m >= PACK_FROM_ROWS;   // when the copies are reused (class comment)
        double[] pa = null;
        if (packed) {
            pa = grown(buffers, 0, m * k);
            packA(a, ars, aps, alpha, m, m4, k, pa);
        }
        for (int j = 0; j < n; j += W) {
            int cols = Math.min(W, n - j);
            boolean two = cols > L;
            int w = two ? W : L;
            boolean copied = packed || bcs != 1 || cols < w;   // else the blocks read B in place
            if (copied) {
                packB(b, bps, bcs, j, cols, w, k, lanes, pb);
            }
            double[] bb = copied ? pb : b;
            int bo = copied ? 0 : j;
            int ldb = copied ? w : bps;
            int rows = upper ? Math.min(m, j + cols) : m;   // upper: rows from j + cols on need none of these columns
            int i = 0;
            for (; i < rows && i < m4; i += 4) {
                boolean direct = cols == w;
                double[] cc = direct ? c : ct;
                int ci = direct ? i * ldc + j : 0;
                int ldcc = direct ? ldc : W;
                if (!direct) {
                    for (int r = 0; r < 4; r++) {
                        System.arraycopy(c, (i + r) * ldc + j, ct, r * W, cols);
                    }
                }
                if (packed) {
                    if (two) {
                        packed4x2(pa, i * k, pb, k, cc, ci, ldcc);
                    } else {
                        packed4x1(pa, i * k, pb, k, cc, ci, ldcc);
                    }
                } else if (two) {
                    strided4x2(a, i * ars, ars, aps, alpha, bb, bo, ldb, k, cc, ci, ldcc);
                } else {
                    strided4x1(a, i * ars, ars, aps, alpha, bb, bo, ldb, k, cc, ci, ldcc);
                }
                if (!direct) {
                    for (int r = 0; r < 4; r++) {
                        System.arraycopy(ct, r * W, c, (i + r) * ldc + j, cols);
                    }
                }
            }
            for (; i < rows; i++) {
                boolean direct = cols == w;
                double[] cc = direct ? c : ct;
                int ci = direct ? i * ldc + j : 0;
                if (!direct) {
                    System.arraycopy(c, i * ldc + j, ct, 0, cols);
                }
                if (packed) {
                    if (two) {
                        packed1x2(pa, i * k, pb, k, cc, ci);
                    } else {
                        packed1x1(pa, i * k, pb, k, cc, ci);
                    }
                } else if (two) {
                    strided1x2(a, i * ars, aps, alpha, bb, bo, ldb, k, cc, ci);
                } else {
                    strided1x1(a, i * ars, aps, alpha, bb, bo, ldb, k, cc, ci);
                }
                if (!direct) {
                    System.arraycopy(ct, 0, c, i * ldc + j, cols);
                }
            }
        }
    }

    private static double[] grown(double[][] buffers, int which, int size) {
        if (buffers[which].length < size) {
            buffers[which] = new double[Math.max(size, 2 * buffers[which].length)];
        }
        return buffers[which];
    }

    /** pa[i·k + 4p + r] = α·A(i + r, p) for the row blocks i &lt; m4; pa[i·k + p] = α·A(i, p) for the rows after. */
    private static void packA(double[] a, int ars, int aps, double alpha, int m, int m4, int k, double[] pa) {
        for (int i = 0; i < m4; i += 4) {
            int r0 = i * ars;
            int r1 = r0 + ars;
            int r2 = r1 + ars;
            int r3 = r2 + ars;
            int o = i * k;
            for (int p = 0; p < k; p++, o += 4) {
                int q = p * aps;
                pa[o] = alpha * a[r0 + q];
                pa[o + 1] = alpha * a[r1 + q];
                pa[o + 2] = alpha * a[r2 + q];
                pa[o + 3] = alpha * a[r3 + q];
            }
        }
        for (int i = m4; i < m; i++) {
            int r = i * ars;
            int o = i * k;
            for (int p = 0; p < k; p++) {
                pa[o + p] = alpha * a[r + p * aps];
            }
        }
    }

    /** pb[p·w + t] = B(p, j + t) for t &lt; cols; the padding columns cols ≤ t &lt; w hold zeros or copies of column cols − 1 (their results are dropped). */
    private static void packB(double[] b, int bps, int bcs, int j, int cols, int w, int k, int[] lanes, double[] pb) {
        if (bcs != 1) {   // B read across its storage (A·Bᵀ): each vector of the panel gathered from `cols` rows of b
            for (int t = 0; t < w; t++) {
                lanes[t] = Math.min(t, cols - 1) * bcs;
            }
            int o = j * bcs;
            for (int p = 0; p < k; p++) {
                DoubleVector.fromArray(S, b, o + p * bps, lanes, 0).intoArray(pb, p * w);
            }
            if (w == W) {
                for (int p = 0; p < k; p++) {
                    DoubleVector.fromArray(S, b, o + p * bps, lanes, L).intoArray(pb, p * W + L);
                }
            }
        } else if (cols == W) {
            for (int p = 0; p < k; p++) {
                DoubleVector.fromArray(S, b, p * bps + j).intoArray(pb, p * W);
                DoubleVector.fromArray(S, b, p * bps + j + L).intoArray(pb, p * W + L);
            }
        } else {
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, p * bps + j, pb, p * w, cols);
                java.util.Arrays.fill(pb, p * w + cols, p * w + w, 0.0);
            }
        }
    }

    private static void packed4x2(double[] pa, int ao, double[] pb, int k, double[] c, int ci, int ldc) {
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
        for (int p = 0; p < k; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, pb, p * W);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, p * W + L);
            int ap = ao + 4 * p;
            DoubleVector x = DoubleVector.broadcast(S, pa[ap]);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            x = DoubleVector.broadcast(S, pa[ap + 1]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            x = DoubleVector.broadcast(S, pa[ap + 2]);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            x = DoubleVector.broadcast(S, pa[ap + 3]);
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

    private static void packed4x1(double[] pa, int ao, double[] pb, int k, double[] c, int ci, int ldc) {
        DoubleVector s0 = DoubleVector.fromArray(S, c, ci);
        DoubleVector s1 = DoubleVector.fromArray(S, c, ci + ldc);
        DoubleVector s2 = DoubleVector.fromArray(S, c, ci + 2 * ldc);
        DoubleVector s3 = DoubleVector.fromArray(S, c, ci + 3 * ldc);
        for (int p = 0; p < k; p++) {
            DoubleVector y = DoubleVector.fromArray(S, pb, p * L);
            int ap = ao + 4 * p;
            s0 = DoubleVector.broadcast(S, pa[ap]).fma(y, s0);
            s1 = DoubleVector.broadcast(S, pa[ap + 1]).fma(y, s1);
            s2 = DoubleVector.broadcast(S, pa[ap + 2]).fma(y, s2);
            s3 = DoubleVector.broadcast(S, pa[ap + 3]).fma(y, s3);
        }
        s0.intoArray(c, ci);
        s1.intoArray(c, ci + ldc);
        s2.intoArray(c, ci + 2 * ldc);
        s3.intoArray(c, ci + 3 * ldc);
    }

    private static void packed1x2(double[] pa, int ao, double[] pb, int k, double[] c, int ci) {
        DoubleVector s0 = DoubleVector.fromArray(S, c, ci);
        DoubleVector s1 = DoubleVector.fromArray(S, c, ci + L);
        for (int p = 0; p < k; p++) {
            DoubleVector x = DoubleVector.broadcast(S, pa[ao + p]);
            s0 = x.fma(DoubleVector.fromArray(S, pb, p * W), s0);
            s1 = x.fma(DoubleVector.fromArray(S, pb, p * W + L), s1);
        }
        s0.intoArray(c, ci);
        s1.intoArray(c, ci + L);
    }

    private static void packed1x1(double[] pa, int ao, double[] pb, int k, double[] c, int ci) {
        DoubleVector s = DoubleVector.fromArray(S, c, ci);
        for (int p = 0; p < k; p++) {
            s = DoubleVector.broadcast(S, pa[ao + p]).fma(DoubleVector.fromArray(S, pb, p * L), s);
        }
        s.intoArray(c, ci);
    }

    private static void strided4x2(double[] a, int ao, int ars, int aps, double alpha, double[] b, int bo, int ldb, int k,
                                 double[] c, int ci, int ldc) {
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
        for (int p = 0; p < k; p++) {
            int bp = bo + p * ldb;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
            int ap = ao + p * aps;
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

    private static void strided4x1(double[] a, int ao, int ars, int aps, double alpha, double[] b, int bo, int ldb, int k,
                                 double[] c, int ci, int ldc) {
        DoubleVector s0 = DoubleVector.fromArray(S, c, ci);
        DoubleVector s1 = DoubleVector.fromArray(S, c, ci + ldc);
        DoubleVector s2 = DoubleVector.fromArray(S, c, ci + 2 * ldc);
        DoubleVector s3 = DoubleVector.fromArray(S, c, ci + 3 * ldc);
        for (int p = 0; p < k; p++) {
            DoubleVector y = DoubleVector.fromArray(S, b, bo + p * ldb);
            int ap = ao + p * aps;
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

    private static void strided1x2(double[] a, int ao, int aps, double alpha, double[] b, int bo, int ldb, int k, double[] c, int ci) {
        DoubleVector s0 = DoubleVector.fromArray(S, c, ci);
        DoubleVector s1 = DoubleVector.fromArray(S, c, ci + L);
        for (int p = 0; p < k; p++) {
            DoubleVector x = DoubleVector.broadcast(S, alpha * a[ao + p * aps]);
            int bp = bo + p * ldb;
            s0 = x.fma(DoubleVector.fromArray(S, b, bp), s0);
            s1 = x.fma(DoubleVector.fromArray(S, b, bp + L), s1);
        }
        s0.intoArray(c, ci);
        s1.intoArray(c, ci + L);
    }

    private static void strided1x1(double[] a, int ao, int aps, double alpha, double[] b, int bo, int ldb, int k, double[] c, int ci) {
        DoubleVector s = DoubleVector.fromArray(S, c, ci);
        for (int p = 0; p < k; p++) {
            s = DoubleVector.broadcast(S, alpha * a[ao + p * aps]).fma(DoubleVector.fromArray(S, b, bo + p * ldb), s);
        }
        s.intoArray(c, ci);
    }
}
