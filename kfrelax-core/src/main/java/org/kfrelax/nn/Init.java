package org.kfrelax.nn;

import org.kfrelax.random.Rng;

/** Weight initializations for an in×out weight matrix (row-major, used as x·W). */
public final class Init {
    private Init() {}

    /** All zeros. */
    public static double[] zeros(int in, int out) {
        return new double[in * out];
    }

    /**
     * Xavier/Glorot uniform: U(−a, a) with a = gain·sqrt(6 / (in + out)) (Glorot and Bengio 2010).
     */
    public static double[] xavierUniform(int in, int out, double gain, Rng rng) {
        double a = gain * Math.sqrt(6.0 / (in + out));
        double[] w = new double[in * out];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.uniform(-a, a);
        }
        return w;
    }

    /**
     * Orthogonal with gain (Saxe et al. 2014): orthonormalize a Gaussian matrix (modified
     * Gram-Schmidt, signs fixed so the factor R has a positive diagonal) and scale by gain.
     * The result has orthonormal rows or columns, whichever there are fewer of.
     */
    public static double[] orthogonal(int in, int out, double gain, Rng rng) {
        int tall = Math.max(in, out);
        int narrow = Math.min(in, out);
        // q: tall×narrow with orthonormal columns
        double[][] cols = new double[narrow][tall];
        for (int c = 0; c < narrow; c++) {
            for (int r = 0; r < tall; r++) {
                cols[c][r] = rng.nextGaussian();
            }
        }
        for (int c = 0; c < narrow; c++) {
            double[] v = cols[c];
            for (int p = 0; p < c; p++) {
                double dot = 0.0;
                for (int r = 0; r < tall; r++) {
                    dot += cols[p][r] * v[r];
                }
                for (int r = 0; r < tall; r++) {
                    v[r] -= dot * cols[p][r];
                }
            }
            double norm = 0.0;
            for (double x : v) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            if (norm < 1e-12) {
                throw new IllegalStateException("orthogonal init: degenerate random matrix");
            }
            for (int r = 0; r < tall; r++) {
                v[r] /= norm;
            }
        }
        double[] w = new double[in * out];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                // in >= out: W[i][j] = q[i][j] (columns orthonormal); else W = qᵀ (rows orthonormal)
                w[i * out + j] = gain * (in >= out ? cols[j][i] : cols[i][j]);
            }
        }
        return w;
    }
}
