package org.kfrelax.kfac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The blocked kernels against naive triple loops, on sizes that exercise every remainder path. */
class DenseOpsTest {

    @Test
    void accumulateOuterMatchesNaive() {
        for (int rows : new int[] {1, 3, 4, 9}) {
            for (int d : new int[] {1, 4, 6, 11}) {
                for (boolean one : new boolean[] {false, true}) {
                    double[] x = Gaussians.draw(rows * d, 10L * rows + d);
                    int n = one ? d + 1 : d;
                    double[] got = new double[n * n];
                    DenseOps.accumulateOuter(x, rows, d, one, 0.7, got);
                    DenseOps.accumulateOuter(x, rows, d, one, 0.3, got);   // accumulation over two calls
                    DenseOps.mirrorUpper(got, n);
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            double s = 0;
                            for (int r = 0; r < rows; r++) {
                                double xi = i < d ? x[r * d + i] : 1;
                                double xj = j < d ? x[r * d + j] : 1;
                                s += xi * xj;
                            }
                            // sums of <= 9 products of N(0,1) values: 1e-12 covers rounding
                            assertThat(got[i * n + j]).as("rows %d d %d one %b (%d,%d)", rows, d, one, i, j)
                                    .isCloseTo(s, within(1e-12));
                        }
                    }
                }
            }
        }
    }

    @Test
    void mulMatchesNaive() {
        int[][] shapes = {{1, 1, 1}, {3, 5, 2}, {4, 4, 4}, {7, 9, 5}, {8, 3, 13}};
        for (int[] s : shapes) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            double[] a = Gaussians.draw(m * k, m);
            double[] b = Gaussians.draw(k * n, n + 100);
            double[] c = Gaussians.draw(m * n, 7);   // garbage: mul must overwrite
            DenseOps.mul(a, b, c, m, k, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double e = 0;
                    for (int p = 0; p < k; p++) {
                        e += a[i * k + p] * b[p * n + j];
                    }
                    assertThat(c[i * n + j]).isCloseTo(e, within(1e-12));   // rounding only
                }
            }
        }
    }

    @Test
    void transposeAndTrace() {
        double[] a = {1, 2, 3, 4, 5, 6};
        assertThat(DenseOps.transpose(a, 2, 3)).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(DenseOps.trace(new double[] {1, 9, 9, 2}, 2)).isEqualTo(3.0);
    }
}
