package org.kfrelax.dist;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.random.Rng;

/** Constant noise matrices drawn row by row (row-major order, so results depend only on the seed). */
final class Noise {
    private Noise() {}

    /** A batch×dim matrix of uniforms on the open interval (0, 1). */
    static Tensor uniform(int batch, int dim, Rng rng) {
        double[] d = new double[batch * dim];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextOpenDouble();
        }
        return Tensor.matrix(batch, dim, d);
    }

    /** A batch×dim matrix of standard normals. */
    static Tensor gaussian(int batch, int dim, Rng rng) {
        double[] d = new double[batch * dim];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextGaussian();
        }
        return Tensor.matrix(batch, dim, d);
    }

    /** Checks that {@code x} is a batch×dim matrix (or a vector of dim, taken as one row). */
    static Tensor rows(Tensor x, int dim, String what) {
        if (x.rank() == 1 && x.cols() == dim) {
            return x.reshape(1, dim);
        }
        if (x.rank() != 2 || x.cols() != dim) {
            throw new IllegalArgumentException(what + " must be a batch×" + dim + " matrix, got shape " + x.shape());
        }
        return x;
    }

    /** Checks distribution parameters: a non-empty vector or matrix, finite. */
    static void checkParams(Tensor p, String what) {
        if (p.rank() == 0) {
            throw new IllegalArgumentException(what + " must be a vector or a matrix (one row per sample), got a scalar");
        }
        if (!p.isFinite()) {
            throw new IllegalArgumentException(what + " contain NaN or Inf: " + p);
        }
    }

    /** Checks that every entry of a uniform noise tensor lies in the open interval (0, 1). */
    static Tensor openUnit(Tensor u, String what) {
        double[] d = u.data();
        for (int i = 0; i < d.length; i++) {
            if (!(d[i] > 0.0 && d[i] < 1.0)) {
                throw new IllegalArgumentException(what + " must lie in (0, 1), got " + d[i] + " at index " + i);
            }
        }
        return u;
    }

    /** Checks that every entry is finite. */
    static Tensor finite(Tensor x, String what) {
        double[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            if (!Double.isFinite(d[i])) {
                throw new IllegalArgumentException(what + " must be finite, got " + d[i] + " at index " + i);
            }
        }
        return x;
    }

    /** Checks that every entry is 0 or 1. */
    static Tensor binary(Tensor b, String what) {
        double[] d = b.data();
        for (int i = 0; i < d.length; i++) {
            if (d[i] != 0.0 && d[i] != 1.0) {
                throw new IllegalArgumentException(what + " must be 0 or 1, got " + d[i] + " at index " + i);
            }
        }
        return b;
    }

    /** Checks that every row holds exactly one 1 and otherwise zeros. */
    static Tensor oneHotRows(Tensor b, String what) {
        binary(b, what);
        double[] d = b.data();
        int k = b.cols();
        for (int i = 0; i < b.rows(); i++) {
            double s = 0.0;
            for (int j = 0; j < k; j++) {
                s += d[i * k + j];
            }
            if (s != 1.0) {
                throw new IllegalArgumentException(what + " must have exactly one 1 per row, row " + i + " has " + (int) s);
            }
        }
        return b;
    }
}
