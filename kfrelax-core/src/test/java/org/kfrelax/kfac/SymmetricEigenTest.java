package org.kfrelax.kfac;

import static org.assertj.core.api.Assertions.assertThat;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.junit.jupiter.api.Test;
import org.kfrelax.random.Pcg64;

/**
 * Factors whose entries have decayed into the subnormal range, where EJML's symmetric QR
 * algorithm gives up: {@link SymmetricEigen#of} still decomposes them (to working precision).
 */
class SymmetricEigenTest {

    /**
     * A K-FAC factor as the running average builds it, m ← 0.95·m + 0.05·g gᵀ with standard
     * normal g (Pcg64(7)), after {@code updates} updates, where units {@code live}..n−1 stop
     * contributing (g_i = 0) after the first 100: their rows and columns then only decay.
     */
    static double[] decayedFactor(int n, int live, int updates) {
        Pcg64 rng = new Pcg64(7);
        double[] m = new double[n * n];
        double[] g = new double[n];
        for (int step = 1; step <= updates; step++) {
            for (int i = 0; i < n; i++) {
                double x = rng.nextGaussian();
                g[i] = step > 100 && i >= live ? 0.0 : x;
            }
            for (int i = 0; i < n * n; i++) {
                m[i] = 0.95 * m[i] + 0.05 * g[i / n] * g[i % n];
            }
        }
        return m;
    }

    static boolean ejmlDecomposes(double[] m, int n) {
        DMatrixRMaj mat = new DMatrixRMaj(n, n);
        System.arraycopy(m, 0, mat.data, 0, n * n);
        return DecompositionFactory_DDRM.eig(n, true, true).decompose(mat);
    }

    /** max |(Q diag(d) Qᵀ − m)_ij| and max |(QᵀQ − I)_ij|. */
    static double[] errors(SymmetricEigen e, double[] m, int n) {
        double[] q = e.vectors();
        double[] d = e.values();
        double rec = 0;
        double orth = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                double o = 0;
                for (int k = 0; k < n; k++) {
                    s += q[i * n + k] * d[k] * q[j * n + k];
                    o += q[k * n + i] * q[k * n + j];
                }
                rec = Math.max(rec, Math.abs(s - m[i * n + j]));
                orth = Math.max(orth, Math.abs(o - (i == j ? 1 : 0)));
            }
        }
        return new double[] {rec, orth};
    }

    static double maxAbs(double[] m) {
        double max = 0;
        for (double x : m) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }

    @Test
    void factorWithDecayedUnitsIsDecomposed() {
        int n = 10;
        // 3 live units; 7 units stopped 13,900 updates ago: 0.95^13900 ≈ 1e-310, subnormal entries
        double[] m = decayedFactor(n, 3, 14_000);
        assertThat(maxAbs(m)).isGreaterThan(0.1);
        assertThat(m[9 * n + 9]).isPositive().isLessThan(Double.MIN_NORMAL);
        // the case is real: EJML alone gives up on this matrix (if it ever stops doing so, this
        // test no longer exercises the fallback and must be rebuilt)
        assertThat(ejmlDecomposes(m, n)).isFalse();

        SymmetricEigen e = SymmetricEigen.of(m, n, 0);
        double[] err = errors(e, m, n);
        // working precision: the decomposition's own backward error is ~ n·ε·max|m_ij|
        assertThat(err[0]).isLessThan(1e-13 * maxAbs(m));
        assertThat(err[1]).isLessThan(1e-13);
        // 3 eigenvalues of the live block, 7 (numerically) zero ones
        double[] d = e.eigenvalues();
        java.util.Arrays.sort(d);
        for (int k = 0; k < 7; k++) {
            assertThat(Math.abs(d[k])).isLessThan(1e-15 * maxAbs(m));
        }
        for (int k = 7; k < n; k++) {
            assertThat(d[k]).isGreaterThan(1e-3);
        }
        assertThat(e.trace()).isEqualTo(DenseOps.trace(m, n));
    }

    @Test
    void factorDecayedWhollyIntoSubnormalsIsDecomposedWithItsScale() {
        int n = 10;
        // every unit stopped: the whole factor is 0.95^13900 times the one it was, all subnormal
        double[] m = decayedFactor(n, 0, 14_000);
        assertThat(maxAbs(m)).isPositive().isLessThan(Double.MIN_NORMAL);
        assertThat(ejmlDecomposes(m, n)).isFalse();

        SymmetricEigen e = SymmetricEigen.of(m, n, 0);
        // subnormals carry few significant bits, so the check is relative to the smallest
        // subnormal steps rather than to ε: the reconstruction is within a few units of
        // Double.MIN_VALUE · n, and the eigenvalues are of m's scale, not 2^-e times it
        double[] err = errors(e, m, n);
        assertThat(err[0]).isLessThan(1e-3 * maxAbs(m));
        assertThat(err[1]).isLessThan(1e-13);
        double[] d = e.eigenvalues();
        java.util.Arrays.sort(d);
        assertThat(d[n - 1]).isBetween(0.5 * maxAbs(m), 2.0 * n * maxAbs(m));
    }

    @Test
    void ordinaryFactorTakesTheDirectPathUnchanged() {
        // a matrix EJML decomposes: same eigenvalues as EJML's own, bit for bit
        int n = 6;
        double[] m = KroneckerInverseTest.randomSpd(n, 3);
        DMatrixRMaj mat = new DMatrixRMaj(n, n);
        System.arraycopy(m, 0, mat.data, 0, n * n);
        var eig = DecompositionFactory_DDRM.eig(n, true, true);
        assertThat(eig.decompose(mat)).isTrue();
        double[] d = SymmetricEigen.of(m, n, 0).eigenvalues();
        for (int k = 0; k < n; k++) {
            assertThat(d[k]).isEqualTo(eig.getEigenvalue(k).real);
        }
    }
}
