package org.kfrelax.autodiff;

import org.kfrelax.linalg.Dense;

/**
 * Matrix products and transposition. Three kernels — A·B, A·Bᵀ and Aᵀ·B — are closed under
 * differentiation: each one's backward rule is written with the others, so no explicit
 * transposes are materialized in backward passes.
 */
final class LinearAlgebra {
    private LinearAlgebra() {}

    /** Matrix product with vectors promoted: left as a 1×k row, right as a k×1 column. */
    static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank == 2 && b.rank == 2) {
            return mm(a, b);
        }
        Tensor a2 = a.rank == 2 ? a : Reductions.reshape(a, 2, 1, a.data.length);
        Tensor b2 = b.rank == 2 ? b : Reductions.reshape(b, 2, b.data.length, 1);
        Tensor c = mm(a2, b2);
        if (a.rank < 2 && b.rank < 2) {
            return Reductions.reshape(c, 0, 1, 1);
        }
        return Reductions.reshape(c, 1, 1, c.data.length);
    }

    static Tensor matmulTransB(Tensor a, Tensor b) {
        return promoteRows(a, b, true);
    }

    static Tensor matmulTransA(Tensor a, Tensor b) {
        return promoteRows(a, b, false);
    }

    /** Vectors act as 1×k rows for the transposed products. */
    private static Tensor promoteRows(Tensor a, Tensor b, boolean transB) {
        Tensor a2 = a.rank == 2 ? a : Reductions.reshape(a, 2, 1, a.data.length);
        Tensor b2 = b.rank == 2 ? b : Reductions.reshape(b, 2, 1, b.data.length);
        Tensor c = transB ? mmNT(a2, b2) : mmTN(a2, b2);
        if (transB && a.rank < 2) {
            return Reductions.reshape(c, b.rank < 2 ? 0 : 1, 1, c.data.length);
        }
        return c;
    }

    static Tensor mm(Tensor a, Tensor b) {
        if (a.cols != b.rows) {
            throw new IllegalArgumentException("matmul: shapes " + a.shape() + " and " + b.shape()
                    + " are not aligned (" + a.cols + " != " + b.rows + ")");
        }
        double[] c = GradientBuffers.take(a.rows * b.cols, true);
        kernelNN(a.data, b.data, c, a.rows, a.cols, b.cols);
        return Node.output("matmul", c, 2, a.rows, b.cols,
                (g, in, out, need) -> new Tensor[] {
                    need[0] ? mmNT(g, in[1]) : null,
                    need[1] ? mmTN(in[0], g) : null}, a, b);
    }

    static Tensor mmNT(Tensor a, Tensor b) {
        if (a.cols != b.cols) {
            throw new IllegalArgumentException("matmulTransB: shapes " + a.shape() + " and " + b.shape()
                    + " are not aligned (" + a.cols + " != " + b.cols + ")");
        }
        double[] c = GradientBuffers.take(a.rows * b.rows, true);
        kernelNT(a.data, b.data, c, a.rows, a.cols, b.rows);
        return Node.output("matmulTransB", c, 2, a.rows, b.rows,
                (g, in, out, need) -> new Tensor[] {
                    need[0] ? mm(g, in[1]) : null,
                    need[1] ? mmTN(g, in[0]) : null}, a, b);
    }

    static Tensor mmTN(Tensor a, Tensor b) {
        if (a.rows != b.rows) {
            throw new IllegalArgumentException("matmulTransA: shapes " + a.shape() + " and " + b.shape()
                    + " are not aligned (" + a.rows + " != " + b.rows + ")");
        }
        double[] c = productTN(a.data, b.data, a.rows, a.cols, b.cols);
        return Node.output("matmulTransA", c, 2, a.cols, b.cols,
                (g, in, out, need) -> new Tensor[] {
                    need[0] ? mmNT(in[1], g) : null,
                    need[1] ? mm(in[0], g) : null}, a, b);
    }

    /**
     * a(k×m)ᵀ · b(k×n) as a new m×n array. With fewer than 4 columns in b and more in a, the
     * kernel runs on the swapped operands (bᵀa, whose inner loop is over m, not n) and the small
     * result is transposed: each element is the same sum over k in the same order.
     */
    private static double[] productTN(double[] a, double[] b, int k, int m, int n) {
        double[] c = new double[m * n];
        if (n >= 4 || m <= n) {
            kernelTN(a, b, c, k, m, n);
            return c;
        }
        double[] ct = new double[n * m];
        kernelTN(b, a, ct, k, n, m);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                c[i * n + j] = ct[j * m + i];
            }
        }
        return c;
    }

    static Tensor transpose(Tensor a) {
        if (a.rank < 2) {
            return a;
        }
        int m = a.rows;
        int n = a.cols;
        double[] o = new double[a.data.length];
        Dense.transpose(a.data, m, n, o);
        return Node.output("transpose", o, 2, n, m, (g, in, out, need) -> new Tensor[] {transpose(g)}, a);
    }

    /** x·W + b with x a batch (m×k) or a single example (k), W k×n, b of length n. */
    static Tensor affine(Tensor x, Tensor w, Tensor b) {
        if (x.rank < 2) {
            Tensor y = affine(Reductions.reshape(x, 2, 1, x.data.length), w, b);
            return Reductions.reshape(y, 1, 1, y.data.length);
        }
        if (w.rank != 2 || x.cols != w.rows) {
            throw new IllegalArgumentException("affine: input " + x.shape() + " and weight " + w.shape()
                    + " are not aligned");
        }
        if (b.data.length != w.cols || b.rows != 1) {
            throw new IllegalArgumentException("affine: bias " + b.shape() + " does not match weight " + w.shape());
        }
        int m = x.rows;
        int n = w.cols;
        double[] c = new double[m * n];
        double[] bd = b.data;
        for (int i = 0; i < m; i++) {
            System.arraycopy(bd, 0, c, i * n, n);
        }
        kernelNN(x.data, w.data, c, m, x.cols, n);
        return Node.output("affine", c, 2, m, n,
                (g, in, out, need) -> new Tensor[] {
                    need[0] ? mmNT(g, in[1]) : null,
                    need[1] ? mmTN(in[0], g) : null,
                    need[2] ? Elementwise.unbroadcast(g, in[2]) : null}, x, w, b);
    }

    /** c += a(m×k) · b(k×n), row-major ({@link Dense#addMul}). */
    static void kernelNN(double[] a, double[] b, double[] c, int m, int k, int n) {
        Dense.addMul(a, b, c, m, k, n);
    }

    /** c += a(m×k) · b(n×k)ᵀ ({@link Dense#addMulTransB}). */
    static void kernelNT(double[] a, double[] b, double[] c, int m, int k, int n) {
        Dense.addMulTransB(a, b, c, m, k, n);
    }

    /** c += a(k×m)ᵀ · b(k×n) ({@link Dense#addMulTransA}). */
    static void kernelTN(double[] a, double[] b, double[] c, int k, int m, int n) {
        Dense.addMulTransA(a, b, c, k, m, n);
    }
}
