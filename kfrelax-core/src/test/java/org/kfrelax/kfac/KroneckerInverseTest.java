package org.kfrelax.kfac;

import static org.assertj.core.api.Assertions.assertThat;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The eigen-form preconditioner against a dense solve. With row-major vec (index i·n + j for
 * element (i, j) of the (dim A)×(dim G) gradient), A·ΔW·G corresponds to (A ⊗ G) vec(ΔW).
 */
class KroneckerInverseTest {

    /** A random SPD matrix X Xᵀ/k + 0.01 I from a seeded generator. */
    static double[] randomSpd(int n, long seed) {
        int k = n + 3;
        double[] x = Gaussians.draw(n * k, seed);
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += x[i * k + p] * x[j * k + p];
                }
                m[i * n + j] = s / k + (i == j ? 0.01 : 0);
            }
        }
        return m;
    }

    static double[] kron(double[] a, int m, double[] g, int n) {
        int size = m * n;
        double[] k = new double[size * size];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < m; p++) {
                    for (int q = 0; q < n; q++) {
                        k[(i * n + j) * size + p * n + q] = a[i * m + p] * g[j * n + q];
                    }
                }
            }
        }
        return k;
    }

    static double[] denseSolve(double[] matrix, double[] rhs) {
        int n = rhs.length;
        DMatrixRMaj a = new DMatrixRMaj(n, n, true, matrix);
        DMatrixRMaj b = new DMatrixRMaj(n, 1, true, rhs);
        DMatrixRMaj x = new DMatrixRMaj(n, 1);
        assertThat(CommonOps_DDRM.solve(a, b, x)).isTrue();
        return x.data;
    }

    static double relativeError(double[] got, double[] want) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < got.length; i++) {
            num += (got[i] - want[i]) * (got[i] - want[i]);
            den += want[i] * want[i];
        }
        return Math.sqrt(num / den);
    }

    @Test
    void tikhonovEqualsDenseSolve() {
        int[][] dims = {{7, 5}, {13, 4}, {5, 9}};
        for (int[] d : dims) {
            int m = d[0];
            int n = d[1];
            double[] a = randomSpd(m, 31 + m);
            double[] g = randomSpd(n, 97 + n);
            double[] grad = Gaussians.draw(m * n, 5);
            for (double gamma : new double[] {1e-3, 1e-1}) {
                double[] k = kron(a, m, g, n);
                for (int i = 0; i < m * n; i++) {
                    k[i * m * n + i] += gamma;
                }
                double[] want = denseSolve(k, grad);
                double[] got = KroneckerInverse.of(a, m, g, n, Damping.tikhonov(gamma), 1e-12).apply(grad);
                // the bound: both are backward-stable solves of a well-conditioned (cond < 1e5) system
                assertThat(relativeError(got, want)).as("%dx%d gamma %s", m, n, gamma).isLessThan(1e-10);
            }
        }
    }

    @Test
    void factoredEqualsDenseSolveOfDampedFactors() {
        int m = 6;
        int n = 4;
        double[] a = randomSpd(m, 3);
        double[] g = randomSpd(n, 4);
        for (int i = 0; i < n * n; i++) {
            g[i] *= 25;   // unequal traces so π ≠ 1 matters
        }
        double gamma = 0.05;
        double pi = Math.sqrt((DenseOps.trace(a, m) / m) / (DenseOps.trace(g, n) / n));
        double[] ad = a.clone();
        double[] gd = g.clone();
        for (int i = 0; i < m; i++) {
            ad[i * m + i] += pi * Math.sqrt(gamma);
        }
        for (int i = 0; i < n; i++) {
            gd[i * n + i] += Math.sqrt(gamma) / pi;
        }
        double[] grad = Gaussians.draw(m * n, 6);
        double[] want = denseSolve(kron(ad, m, gd, n), grad);
        double[] got = KroneckerInverse.of(a, m, g, n, Damping.factored(gamma), 1e-12).apply(grad);
        assertThat(relativeError(got, want)).isLessThan(1e-10);   // same bound as the Tikhonov case
    }

    @Test
    void eigenvaluesBelowThresholdAreClamped() {
        // diag(2, 1e-9): the second eigenvalue is below 1e-6 and becomes 0
        SymmetricEigen e = SymmetricEigen.of(new double[] {2, 0, 0, 1e-9}, 2, 1e-6);
        double[] d = e.eigenvalues();
        java.util.Arrays.sort(d);
        assertThat(d).containsExactly(0.0, 2.0);
    }

    @Test
    void nonFiniteInputIsReported() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> SymmetricEigen.of(new double[] {1, Double.NaN, Double.NaN, 1}, 2, 0))
                .isInstanceOf(org.kfrelax.optim.NonFiniteException.class).hasMessageContaining("NaN");
        // factored damping (Cholesky, no eigendecomposition) reports a bad factor the same way
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KroneckerInverse.of(new double[] {1, 0, 0, 1}, 2,
                        new double[] {1, Double.NaN, Double.NaN, 1}, 2, Damping.factored(0.1), 0))
                .isInstanceOf(org.kfrelax.optim.NonFiniteException.class).hasMessageContaining("factor G");
    }

    @Test
    void rescaledEigenvaluesAreRayleighQuotientsInTheKeptBasis() {
        int n = 9;
        double[] m = randomSpd(n, 31);
        SymmetricEigen e = SymmetricEigen.of(m, n, 0);
        // in its own eigenbasis the Rayleigh quotients are the eigenvalues
        double[] same = e.rescaled(m, 0).eigenvalues();
        double[] d = e.eigenvalues();
        for (int k = 0; k < n; k++) {
            assertThat(same[k]).isCloseTo(d[k], org.assertj.core.data.Offset.offset(1e-12 * Math.abs(d[k]) + 1e-15));
        }
        // for another matrix: d_k = q_kᵀ M₂ q_k in the old vectors, which are kept as they are
        double[] m2 = randomSpd(n, 32);
        SymmetricEigen r = e.rescaled(m2, 0);
        double[] q = e.vectors();
        assertThat(r.vectors()).containsExactly(q);
        double[] got = r.eigenvalues();
        for (int k = 0; k < n; k++) {
            double want = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    want += q[i * n + k] * m2[i * n + j] * q[j * n + k];
                }
            }
            assertThat(got[k]).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-12 * want));
        }
        assertThat(r.trace()).isEqualTo(DenseOps.trace(m2, n));
        // the rescaled inverse is the Tikhonov inverse of the Kronecker product with those eigenvalues
        double[] g = randomSpd(4, 33);
        KroneckerInverse old = KroneckerInverse.of(m, n, g, 4, Damping.tikhonov(1e-2), 0);
        double[] g2 = randomSpd(4, 34);
        KroneckerInverse fresh = old.rescaled(m2, g2, Damping.tikhonov(1e-2), 0);
        assertThat(fresh.eigenA().vectors()).containsExactly(q);
        assertThat(fresh.eigenA().eigenvalues()).containsExactly(got);
        assertThat(fresh.eigenG().vectors()).containsExactly(old.eigenG().vectors());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.rescaled(new double[n * n - 1], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("80 values are not 9x9");
        double[] bad = m2.clone();
        bad[3] = Double.POSITIVE_INFINITY;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.rescaled(bad, 0))
                .isInstanceOf(org.kfrelax.optim.NonFiniteException.class).hasMessageContaining("NaN or Inf");
    }
}
