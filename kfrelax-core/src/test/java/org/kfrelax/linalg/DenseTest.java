package org.kfrelax.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfrelax.random.Pcg64;

/**
 * The product kernels against a naive triple loop (plain multiply and add, p in order), in the
 * layouts A·B, Aᵀ·B and A·Bᵀ, on shapes with every remainder of the 4-row blocks and of 4- and
 * 8-double vectors and of 2-vector panels (1–65 columns), the network
 * widths 10, 64 and 256, and 400-row batches. Tolerance: each element's error from its exact
 * value is at most k·u·Σ_p|a_ip b_pj| (+|c₀|) for both the kernel (fused chain) and the naive
 * loop (u = 2⁻⁵³, Higham's dot-product bound γ_k ≤ 1.01·k·u for k·u &lt; 0.01), so they differ
 * by at most 2.02·k·u times that sum; the test asserts exactly that bound per element. The
 * plain-Java and Vector kernels compute the same fma chains and must agree bit for bit.
 */
class DenseTest {
    private static final double U = Math.ulp(1.0) / 2;

    /** {m, k, n} for C(m×n) from an inner dimension k. */
    private static List<int[]> shapes() {
        List<int[]> s = new ArrayList<>();
        int[] small = {1, 2, 3, 4, 5, 7, 8, 9, 10, 13, 16, 17, 24, 33, 65};
        for (int m : small) {
            for (int n : small) {
                s.add(new int[] {m, 1 + (m * 7 + n) % 11, n});
            }
        }
        s.add(new int[] {10, 400, 10});
        s.add(new int[] {10, 10, 400});
        s.add(new int[] {64, 64, 400});
        s.add(new int[] {64, 400, 64});
        s.add(new int[] {65, 63, 401});
        s.add(new int[] {256, 256, 400});
        s.add(new int[] {256, 400, 256});
        s.add(new int[] {0, 5, 3});
        s.add(new int[] {3, 0, 5});
        return s;
    }

    private static List<Gemm> kernels() {
        List<Gemm> k = new ArrayList<>();
        k.add(new ScalarGemm());
        if (vectorAvailable()) {
            k.add(new VectorGemm());
        }
        return k;
    }

    static boolean vectorAvailable() {
        return Dense.vectorModulePresent();
    }

    private static double[] draw(int n, long seed) {
        Pcg64 rng = new Pcg64(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian();
        }
        return x;
    }

    /** Asserts c ≈ c0 + A·B with A(i,p) = a[i·ars + p·aps], B(p,j) = b[p·n + j], to the bound above. */
    private static void assertProduct(String what, double[] a, int ars, int aps, double[] b, double[] c0, double[] c,
                                      int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double e = c0[i * n + j];
                double mag = Math.abs(e);
                for (int p = 0; p < k; p++) {
                    double t = a[i * ars + p * aps] * b[p * n + j];
                    e += t;
                    mag += Math.abs(t);
                }
                double bound = 2.02 * Math.max(k, 1) * U * mag;
                double diff = Math.abs(c[i * n + j] - e);
                if (!(diff <= bound)) {
                    throw new AssertionError(what + " " + m + "×" + k + "×" + n + " (" + i + "," + j + "): got "
                            + c[i * n + j] + ", naive " + e + ", |diff| " + diff + " > bound " + bound);
                }
            }
        }
    }

    @Test
    void everyKernelMatchesTheNaiveProductInBothLayouts() {
        for (Gemm g : kernels()) {
            for (int[] s : shapes()) {
                int m = s[0];
                int k = s[1];
                int n = s[2];
                double[] a = draw(m * k, 31L * m + k);
                double[] b = draw(k * n, 17L * n + k);
                double[] c0 = draw(m * n, 5L * m + n);
                double[] c = c0.clone();
                g.gemm(a, k, 1, b, n, 1, c, n, m, k, n, 1.0, false);               // A·B
                assertProduct(g.getClass().getSimpleName() + " A·B", a, k, 1, b, c0, c, m, k, n);
                c = c0.clone();
                g.gemm(a, 1, m, b, n, 1, c, n, m, k, n, 1.0, false);               // Aᵀ·B, a read as k×m
                assertProduct(g.getClass().getSimpleName() + " Aᵀ·B", a, 1, m, b, c0, c, m, k, n);
                double[] bt = new double[n * k];
                Dense.transpose(b, k, n, bt);
                c = c0.clone();
                g.gemm(a, k, 1, bt, 1, k, c, n, m, k, n, 1.0, false);              // A·Bᵀ, bt read as n×k
                assertProduct(g.getClass().getSimpleName() + " A·Bᵀ", a, k, 1, b, c0, c, m, k, n);
            }
        }
    }

    @Test
    void vectorAndPlainJavaKernelsGiveTheSameBits() {
        org.junit.jupiter.api.Assumptions.assumeTrue(vectorAvailable(), "jdk.incubator.vector not in the boot layer");
        Gemm scalar = new ScalarGemm();
        Gemm vector = new VectorGemm();
        for (int[] s : shapes()) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            if ((long) m * k * n > 2_000_000) {
                continue;   // the wide shapes are checked against the naive product; here they only cost time
            }
            double[] a = draw(m * k, m + 1000L * k);
            double[] b = draw(k * n, n + 1000L * k + 1);
            for (boolean upper : new boolean[] {false, true}) {
                for (double alpha : new double[] {1.0, 0.37}) {
                    int side = Math.min(m, n);   // the upper form is for square outputs
                    int mm = upper ? side : m;
                    int nn = upper ? side : n;
                    double[] c1 = draw(mm * nn, 3);
                    double[] c2 = c1.clone();
                    scalar.gemm(a, 1, mm, b, nn, 1, c1, nn, mm, k, nn, alpha, upper);
                    vector.gemm(a, 1, mm, b, nn, 1, c2, nn, mm, k, nn, alpha, upper);
                    if (upper) {   // the contract covers j ≥ i only; below it each kernel may leave scratch
                        for (int i = 0; i < mm; i++) {
                            for (int j = 0; j < i; j++) {
                                c1[i * nn + j] = 0;
                                c2[i * nn + j] = 0;
                            }
                        }
                    }
                    assertThat(c2).as("%d×%d×%d upper %b alpha %s", mm, k, nn, upper, alpha).containsExactly(c1);
                }
            }
            double[] c1 = draw(m * n, 4);   // A·Bᵀ: b read as n×k
            double[] c2 = c1.clone();
            scalar.gemm(a, k, 1, b, 1, k, c1, n, m, k, n, 0.37, false);
            vector.gemm(a, k, 1, b, 1, k, c2, n, m, k, n, 0.37, false);
            assertThat(c2).as("%d×%d×%d, B read transposed", m, k, n).containsExactly(c1);
        }
    }

    @Test
    void stridedOperandsGiveTheSameBitsInBothKernels() {
        org.junit.jupiter.api.Assumptions.assumeTrue(vectorAvailable(), "jdk.incubator.vector not in the boot layer");
        for (int[] s : new int[][] {{5, 7, 22}, {9, 3, 13}, {4, 11, 17}, {3, 5, 2}, {7, 9, 65}, {65, 4, 1}, {1, 6, 3}, {6, 5, 48}, {9, 4, 49}}) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            int ldb = n + 3;   // b and c as blocks of wider matrices: the padded tail must respect the strides
            int ldc = n + 5;
            double[] a = draw(m * k, 41);
            double[] b = draw(k * ldb, 42);
            double[] c1 = draw(m * ldc, 43);
            double[] c2 = c1.clone();
            new ScalarGemm().gemm(a, k, 1, b, ldb, 1, c1, ldc, m, k, n, 1.0, false);
            new VectorGemm().gemm(a, k, 1, b, ldb, 1, c2, ldc, m, k, n, 1.0, false);
            assertThat(c2).as("%d×%d×%d", m, k, n).containsExactly(c1);
            double[] bt = draw(n * (k + 2), 44);   // Bᵀ as the first k columns of an n×(k + 2) matrix
            c1 = draw(m * ldc, 45);
            c2 = c1.clone();
            new ScalarGemm().gemm(a, k, 1, bt, 1, k + 2, c1, ldc, m, k, n, 0.37, false);
            new VectorGemm().gemm(a, k, 1, bt, 1, k + 2, c2, ldc, m, k, n, 0.37, false);
            assertThat(c2).as("%d×%d×%d, B read transposed", m, k, n).containsExactly(c1);
        }
    }

    @Test
    void publicProductsMatchTheNaiveProduct() {
        for (int[] s : shapes()) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            double[] a = draw(m * k, 7L * m + k);
            double[] b = draw(k * n, 11L * n + k);
            double[] zero = new double[m * n];
            double[] c = draw(m * n, 1);   // garbage: mul overwrites
            Dense.mul(a, b, c, m, k, n);
            assertProduct("mul", a, k, 1, b, zero, c, m, k, n);
            double[] c0 = draw(m * n, 2);
            c = c0.clone();
            Dense.addMul(a, b, c, m, k, n);
            assertProduct("addMul", a, k, 1, b, c0, c, m, k, n);
            c = c0.clone();
            Dense.addMulTransA(a, b, c, k, m, n);   // a read as k×m
            assertProduct("addMulTransA", a, 1, m, b, c0, c, m, k, n);
            double[] bt = new double[n * k];        // bt = bᵀ, n×k
            Dense.transpose(b, k, n, bt);
            c = c0.clone();
            Dense.addMulTransB(a, bt, c, m, k, n);
            assertProduct("addMulTransB", a, k, 1, b, c0, c, m, k, n);
        }
    }

    @Test
    void accumulateOuterFillsTheUpperTriangle() {
        for (int rows : new int[] {1, 3, 4, 9, 400}) {
            for (int d : new int[] {1, 3, 4, 6, 9, 11, 17, 64, 65}) {
                for (boolean one : new boolean[] {false, true}) {
                    double[] x = draw(rows * d, 10L * rows + d);
                    int n = one ? d + 1 : d;
                    double[] got = new double[n * n];
                    Dense.accumulateOuter(x, rows, d, one, 0.7, got);
                    Dense.accumulateOuter(x, rows, d, one, 0.3, got);   // accumulation over two calls
                    Dense.mirrorUpper(got, n);
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            double s = 0;
                            double mag = 0;
                            for (int r = 0; r < rows; r++) {
                                double xi = i < d ? x[r * d + i] : 1;
                                double xj = j < d ? x[r * d + j] : 1;
                                s += xi * xj;
                                mag += Math.abs(xi * xj);
                            }
                            // two calls of ≤ rows terms each, products scaled by 0.7 / 0.3 (one rounding each)
                            double bound = 2.02 * (2 * rows + 2) * U * mag;
                            assertThat(Math.abs(got[i * n + j] - s)).as("rows %d d %d one %b (%d,%d)", rows, d, one, i, j)
                                    .isLessThanOrEqualTo(bound);
                        }
                    }
                }
            }
        }
    }

    @Test
    void badDimensionsNameTheArray() {
        assertThatThrownBy(() -> Dense.mul(new double[5], new double[6], new double[6], 2, 3, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a: 2×3 needs 6");
        assertThatThrownBy(() -> Dense.addMulTransB(new double[6], new double[6], new double[3], 2, 3, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c: 2×2 needs 4");
        assertThatThrownBy(() -> Dense.addMulTransA(new double[6], new double[6], new double[4], 3, -1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be ≥ 0");
    }

}
