package org.kfrelax.autodiff;

/** Sums, reshaping and broadcasting, and the row-wise log-sum-exp family. */
final class Reductions {
    private Reductions() {}

    static Tensor sumAll(Tensor a) {
        double s = 0.0;
        for (double v : a.data) {
            s += v;
        }
        return Node.output("sum", new double[] {s}, 0, 1, 1,
                (g, in, out, need) -> new Tensor[] {broadcastTo(g, in[0].rank, in[0].rows, in[0].cols)}, a);
    }

    /** Sum over rows (axis 0) or columns (axis 1); keep=true keeps a size-1 dimension. */
    static Tensor sumAxis(Tensor a, int axis, boolean keep) {
        a.axisLength(axis);
        int m = a.rows;
        int n = a.cols;
        double[] x = a.data;
        double[] o;
        int rank;
        int rows;
        int cols;
        if (axis == 0) {
            o = new double[n];
            if (n < 4) {
                // few columns: one running sum per column in a register (same order of additions)
                for (int j = 0; j < n; j++) {
                    double s = 0.0;
                    for (int i = 0; i < m; i++) {
                        s += x[i * n + j];
                    }
                    o[j] = s;
                }
            } else {
                for (int i = 0; i < m; i++) {
                    int base = i * n;
                    for (int j = 0; j < n; j++) {
                        o[j] += x[base + j];
                    }
                }
            }
            rows = 1;
            cols = n;
            rank = keep ? 2 : (a.rank == 0 ? 0 : 1);
        } else {
            o = new double[m];
            for (int i = 0; i < m; i++) {
                double s = 0.0;
                int base = i * n;
                for (int j = 0; j < n; j++) {
                    s += x[base + j];
                }
                o[i] = s;
            }
            rows = keep ? m : 1;
            cols = keep ? 1 : m;
            rank = keep ? 2 : (a.rank <= 1 ? 0 : 1);
        }
        return Node.output("sum(axis=" + axis + ")", o, rank, rows, cols, (g, in, out, need) -> {
            Tensor gk = axis == 0 ? reshape(g, 2, 1, in[0].cols) : reshape(g, 2, in[0].rows, 1);
            return new Tensor[] {broadcastTo(gk, in[0].rank, in[0].rows, in[0].cols)};
        }, a);
    }

    static Tensor reshape(Tensor a, int rank, int rows, int cols) {
        if (rank < 0 || rank > 2 || rows <= 0 || cols <= 0 || (rank < 2 && rows != 1) || (rank == 0 && cols != 1)) {
            throw new IllegalArgumentException("reshape: invalid target rank " + rank + " with dims " + rows + "x" + cols);
        }
        if (rows * cols != a.data.length) {
            throw new IllegalArgumentException("reshape: cannot reshape " + a.shape() + " (" + a.data.length
                    + " elements) to " + rows + "x" + cols);
        }
        if (a.rank == rank && a.rows == rows && a.cols == cols) {
            return a;
        }
        return Node.output("reshape", a.data, rank, rows, cols,
                (g, in, out, need) -> new Tensor[] {reshape(g, in[0].rank, in[0].rows, in[0].cols)}, a);
    }

    static Tensor broadcastTo(Tensor a, int rank, int rows, int cols) {
        if ((a.rows != rows && a.rows != 1) || (a.cols != cols && a.cols != 1)) {
            throw new IllegalArgumentException("broadcastTo: cannot broadcast " + a.shape() + " to "
                    + rows + "x" + cols);
        }
        if (a.rank == rank && a.rows == rows && a.cols == cols) {
            return a;
        }
        double[] x = a.data;
        double[] o = new double[rows * cols];
        if (x.length == 1) {
            java.util.Arrays.fill(o, x[0]);
        } else {
            int rs = a.rows == 1 ? 0 : a.cols;
            int cs = a.cols == 1 ? 0 : 1;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    o[i * cols + j] = x[i * rs + j * cs];
                }
            }
        }
        return Node.output("broadcastTo", o, rank, rows, cols,
                (g, in, out, need) -> new Tensor[] {Elementwise.unbroadcast(g, in[0])}, a);
    }

    /** Sum of each row kept as a column (m×1), or a scalar for a vector. */
    static Tensor rowSums(Tensor a) {
        return a.rank == 2 ? sumAxis(a, 1, true) : sumAll(a);
    }

    /** The row-wise values of {@code v} (one per row) shaped to broadcast against {@code a}'s rows. */
    private static Tensor asColumn(Tensor v, Tensor a) {
        return a.rank == 2 ? reshape(v, 2, a.rows, 1) : reshape(v, 0, 1, 1);
    }

    private static double[] rowLogSumExp(Tensor a) {
        int m = a.rows;
        int n = a.cols;
        double[] x = a.data;
        double[] o = new double[m];
        for (int i = 0; i < m; i++) {
            int base = i * n;
            double mx = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                mx = Math.max(mx, x[base + j]);
            }
            if (mx == Double.NEGATIVE_INFINITY || mx == Double.POSITIVE_INFINITY) {
                o[i] = mx;
                continue;
            }
            double s = 0.0;
            for (int j = 0; j < n; j++) {
                s += Math.exp(x[base + j] - mx);
            }
            o[i] = mx + Math.log(s);
        }
        return o;
    }

    static Tensor logSumExp(Tensor a) {
        double[] o = rowLogSumExp(a);
        int rank = a.rank == 2 ? 1 : 0;
        return Node.output("logSumExp", o, rank, 1, o.length, (g, in, out, need) -> {
            // d lse / dx = softmax(x) = exp(x − lse)
            Tensor p = in[0].sub(asColumn(out, in[0])).exp();
            return new Tensor[] {p.mul(asColumn(g, in[0]))};
        }, a);
    }

    static Tensor logSoftmax(Tensor a) {
        double[] lse = rowLogSumExp(a);
        int n = a.cols;
        double[] x = a.data;
        double[] o = new double[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = x[i] - lse[i / n];
        }
        // d/dx: g − softmax·Σ_row g, with softmax = exp(y)
        return Node.outputLike("logSoftmax", a, o,
                (g, in, out, need) -> new Tensor[] {g.sub(out.exp().mul(rowSums(g)))}, a);
    }

    static Tensor softmax(Tensor a) {
        double[] lse = rowLogSumExp(a);
        int n = a.cols;
        double[] x = a.data;
        double[] o = new double[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = Math.exp(x[i] - lse[i / n]);
        }
        // d/dx: y ⊙ (g − Σ_row g ⊙ y)
        return Node.outputLike("softmax", a, o,
                (g, in, out, need) -> new Tensor[] {out.mul(g.sub(rowSums(g.mul(out))))}, a);
    }
}
