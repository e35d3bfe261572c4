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
            // each column's running sum in a register, four columns per pass over the rows (a sum
            // kept in o[j] would wait on its own store every row); rows added in order from 0
            int j = 0;
            for (; j + 3 < n; j += 4) {
                double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
                for (int i = 0, b = j; i < m; i++, b += n) {
                    s0 += x[b];
                    s1 += x[b + 1];
                    s2 += x[b + 2];
                    s3 += x[b + 3];
                }
                o[j] = s0;
                o[j + 1] = s1;
                o[j + 2] = s2;
                o[j + 3] = s3;
            }
            for (; j < n; j++) {
                double s = 0.0;
                for (int i = 0, b = j; i < m; i++, b += n) {
                    s += x[b];
                }
                o[j] = s;
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
        double[] o = GradientBuffers.take(rows * cols, false);
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
        return Node.outputLike("logSoftmax", a, o,
                (g, in, out, need) -> new Tensor[] {logSoftmaxBackward(g, out)}, a);
    }

    /** Σ_j of row i of {@code a} for each i (one sum for a vector), added from 0 in column order. */
    private static double[] rowSumArray(double[] a, int m, int n) {
        double[] s = new double[m];
        for (int i = 0; i < m; i++) {
            double t = 0.0;
            int base = i * n;
            for (int j = 0; j < n; j++) {
                t += a[base + j];
            }
            s[i] = t;
        }
        return s;
    }

    /**
     * The backward of y = logSoftmax(x) as one operation: dx = g − e^y ⊙ Σ_row g (e^y is the
     * softmax). Each element is the same arithmetic, in the same order, as the composition
     * {@code g.sub(y.exp().mul(rowSums(g)))}. Its own backward, for upstream h:
     * dg = h − Σ_row (h ⊙ e^y), dy = −h ⊙ e^y ⊙ Σ_row g, written in differentiable operations.
     */
    static Tensor logSoftmaxBackward(Tensor g, Tensor y) {
        int m = y.rows;
        int n = y.cols;
        double[] gd = g.data;
        double[] yd = y.data;
        double[] s = rowSumArray(gd, m, n);
        double[] o = GradientBuffers.take(gd.length, false);
        for (int i = 0; i < m; i++) {
            int base = i * n;
            double si = s[i];
            for (int j = 0; j < n; j++) {
                o[base + j] = gd[base + j] - Math.exp(yd[base + j]) * si;
            }
        }
        return Node.outputLike("logSoftmaxBackward", y, o, (h, in, out, need) -> {
            Tensor p = need[0] || need[1] ? in[1].exp() : null;
            return new Tensor[] {
                need[0] ? h.sub(rowSums(h.mul(p))) : null,
                need[1] ? h.mul(p).mul(rowSums(in[0])).neg() : null};
        }, g, y);
    }

    static Tensor softmax(Tensor a) {
        double[] lse = rowLogSumExp(a);
        int n = a.cols;
        double[] x = a.data;
        double[] o = new double[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = Math.exp(x[i] - lse[i / n]);
        }
        return Node.outputLike("softmax", a, o,
                (g, in, out, need) -> new Tensor[] {softmaxBackward(g, out)}, a);
    }

    /**
     * The backward of y = softmax(x) as one operation: dx = y ⊙ (g − Σ_row g ⊙ y), each element
     * the same arithmetic, in the same order, as {@code y.mul(g.sub(rowSums(g.mul(y))))}. Its
     * own backward, for upstream h: dg = softmaxBackward(h, y) (the map g ↦ dx is symmetric),
     * dy = h ⊙ (g − Σ_row g ⊙ y) − Σ_row (h ⊙ y) ⊙ g.
     */
    static Tensor softmaxBackward(Tensor g, Tensor y) {
        int m = y.rows;
        int n = y.cols;
        double[] gd = g.data;
        double[] yd = y.data;
        double[] o = new double[gd.length];
        for (int i = 0; i < m; i++) {
            int base = i * n;
            double s = 0.0;
            for (int j = 0; j < n; j++) {
                s += gd[base + j] * yd[base + j];
            }
            for (int j = 0; j < n; j++) {
                o[base + j] = yd[base + j] * (gd[base + j] - s);
            }
        }
        return Node.outputLike("softmaxBackward", y, o, (h, in, out, need) -> new Tensor[] {
            need[0] ? softmaxBackward(h, in[1]) : null,
            need[1] ? h.mul(in[0].sub(rowSums(in[0].mul(in[1])))).sub(rowSums(h.mul(in[1])).mul(in[0])) : null}, g, y);
    }
}
