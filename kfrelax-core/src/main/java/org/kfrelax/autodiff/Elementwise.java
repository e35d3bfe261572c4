package org.kfrelax.autodiff;

/** Binary elementwise operations with numpy-style broadcasting over ranks 0–2. */
final class Elementwise {
    private Elementwise() {}

    private interface Kernel {
        double apply(double x, double y);
    }

    /** Result shape of broadcasting a with b, or an exception naming both shapes. */
    static int[] broadcastShape(Tensor a, Tensor b, String op) {
        int rows = broadcastDim(a.rows, b.rows);
        int cols = broadcastDim(a.cols, b.cols);
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(op + ": shapes " + a.shape() + " and " + b.shape()
                    + " do not broadcast");
        }
        int rank = Math.max(a.rank, b.rank);
        if (rows > 1) {
            rank = 2;
        }
        return new int[] {rank, rows, cols};
    }

    private static int broadcastDim(int x, int y) {
        if (x == y) {
            return x;
        }
        if (x == 1) {
            return y;
        }
        if (y == 1) {
            return x;
        }
        return -1;
    }

    private static double[] compute(Tensor a, Tensor b, int rows, int cols, Kernel k) {
        double[] ad = a.data;
        double[] bd = b.data;
        int n = rows * cols;
        double[] out = new double[n];
        if (ad.length == n && bd.length == n) {
            for (int i = 0; i < n; i++) {
                out[i] = k.apply(ad[i], bd[i]);
            }
        } else if (bd.length == 1) {
            double y = bd[0];
            for (int i = 0; i < n; i++) {
                out[i] = k.apply(ad[i], y);
            }
        } else if (ad.length == 1) {
            double x = ad[0];
            for (int i = 0; i < n; i++) {
                out[i] = k.apply(x, bd[i]);
            }
        } else {
            int ars = a.rows == 1 ? 0 : a.cols;
            int acs = a.cols == 1 ? 0 : 1;
            int brs = b.rows == 1 ? 0 : b.cols;
            int bcs = b.cols == 1 ? 0 : 1;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    out[i * cols + j] = k.apply(ad[i * ars + j * acs], bd[i * brs + j * bcs]);
                }
            }
        }
        return out;
    }

    /**
     * {@code a op b} for op one of + − × ÷, as plain loops per operator (a shared lambda call
     * site would be megamorphic and stop the JIT from vectorizing): the same-shape and
     * scalar-right cases over the whole array, other broadcasts row by row. Each element is
     * one IEEE operation on the broadcast operands.
     */
    private static double[] arith(Tensor a, Tensor b, int rows, int cols, char op) {
        double[] ad = a.data;
        double[] bd = b.data;
        int n = rows * cols;
        if (ad.length == n && bd.length == n) {
            double[] o = GradientBuffers.take(n, false);
            switch (op) {
                case '+' -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = ad[i] + bd[i];
                    }
                }
                case '-' -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = ad[i] - bd[i];
                    }
                }
                case '*' -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = ad[i] * bd[i];
                    }
                }
                default -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = ad[i] / bd[i];
                    }
                }
            }
            return o;
        }
        if (bd.length == 1 && ad.length == n) {
            double y = bd[0];
            double[] o = GradientBuffers.take(n, false);
            switch (op) {
                case '+' -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = ad[i] + y;
                    }
                }
                case '-' -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = ad[i] - y;
                    }
                }
                case '*' -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = ad[i] * y;
                    }
                }
                default -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = ad[i] / y;
                    }
                }
            }
            return o;
        }
        // any other broadcast: row by row, each operand read with stride 0 along a broadcast axis
        int ars = a.rows == 1 ? 0 : a.cols;
        int acs = a.cols == 1 ? 0 : 1;
        int brs = b.rows == 1 ? 0 : b.cols;
        int bcs = b.cols == 1 ? 0 : 1;
        double[] o = GradientBuffers.take(n, false);
        for (int i = 0; i < rows; i++) {
            arithRow(ad, i * ars, acs, bd, i * brs, bcs, o, i * cols, cols, op);
        }
        return o;
    }

    /** o[oi + j] = a[ai + j·as] op b[bi + j·bs] for j &lt; len. */
    private static void arithRow(double[] a, int ai, int as, double[] b, int bi, int bs, double[] o, int oi, int len,
                                 char op) {
        switch (op) {
            case '+' -> {
                for (int j = 0; j < len; j++) {
                    o[oi + j] = a[ai + j * as] + b[bi + j * bs];
                }
            }
            case '-' -> {
                for (int j = 0; j < len; j++) {
                    o[oi + j] = a[ai + j * as] - b[bi + j * bs];
                }
            }
            case '*' -> {
                for (int j = 0; j < len; j++) {
                    o[oi + j] = a[ai + j * as] * b[bi + j * bs];
                }
            }
            default -> {
                for (int j = 0; j < len; j++) {
                    o[oi + j] = a[ai + j * as] / b[bi + j * bs];
                }
            }
        }
    }

    /** Sums {@code g} down to {@code target}'s shape (the backward of broadcasting). */
    static Tensor unbroadcast(Tensor g, Tensor target) {
        if (g.sameShape(target)) {
            return g;
        }
        Tensor r = g;
        if (r.rows != target.rows) {
            // straight to a vector when that is the target (a bias): no reshape node after the sum
            r = Reductions.sumAxis(r, 0, target.rank == 2 || r.cols != target.cols);
        }
        if (r.cols != target.cols) {
            r = Reductions.sumAxis(r, 1, true);
        }
        return r.sameShape(target) ? r : Reductions.reshape(r, target.rank, target.rows, target.cols);
    }

    static Tensor add(Tensor a, Tensor b) {
        int[] s = broadcastShape(a, b, "add");
        return Node.output("add", arith(a, b, s[1], s[2], '+'), s[0], s[1], s[2],
                (g, in, out, need) -> new Tensor[] {
                    need[0] ? unbroadcast(g, in[0]) : null,
                    need[1] ? unbroadcast(g, in[1]) : null}, a, b);
    }

    static Tensor sub(Tensor a, Tensor b) {
        int[] s = broadcastShape(a, b, "sub");
        return Node.output("sub", arith(a, b, s[1], s[2], '-'), s[0], s[1], s[2],
                (g, in, out, need) -> new Tensor[] {
                    need[0] ? unbroadcast(g, in[0]) : null,
                    need[1] ? unbroadcast(g.neg(), in[1]) : null}, a, b);
    }

    static Tensor mul(Tensor a, Tensor b) {
        int[] s = broadcastShape(a, b, "mul");
        return Node.output("mul", arith(a, b, s[1], s[2], '*'), s[0], s[1], s[2],
                (g, in, out, need) -> new Tensor[] {
                    need[0] ? unbroadcast(g.mul(in[1]), in[0]) : null,
                    need[1] ? unbroadcast(g.mul(in[0]), in[1]) : null}, a, b);
    }

    static Tensor div(Tensor a, Tensor b) {
        int[] s = broadcastShape(a, b, "div");
        return Node.output("div", arith(a, b, s[1], s[2], '/'), s[0], s[1], s[2],
                (g, in, out, need) -> new Tensor[] {
                    need[0] ? unbroadcast(g.div(in[1]), in[0]) : null,
                    // d(a/b)/db = −a/b² = −out/b
                    need[1] ? unbroadcast(g.mul(out).div(in[1]).neg(), in[1]) : null}, a, b);
    }

    static Tensor addScalar(Tensor a, double c) {
        double[] ad = a.data;
        double[] o = new double[ad.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = ad[i] + c;
        }
        return Node.outputLike("addScalar", a, o, (g, in, out, need) -> new Tensor[] {g}, a);
    }

    static Tensor mulScalar(Tensor a, double c) {
        double[] ad = a.data;
        double[] o = GradientBuffers.take(ad.length, false);
        for (int i = 0; i < o.length; i++) {
            o[i] = ad[i] * c;
        }
        return Node.outputLike("mulScalar", a, o, (g, in, out, need) -> new Tensor[] {mulScalar(g, c)}, a);
    }

    /** {@code mask ? x : y}; the mask is a constant (no gradient flows to it). */
    static Tensor where(Tensor mask, Tensor x, Tensor y) {
        int[] s = broadcastShape(x, y, "where");
        if (mask.rows != s[1] || mask.cols != s[2]) {
            throw new IllegalArgumentException("where: mask shape " + mask.shape() + " does not match "
                    + x.shape() + " and " + y.shape());
        }
        Tensor m = mask.detach();
        double[] xs = compute(x, m, s[1], s[2], (xv, mv) -> mv != 0.0 ? xv : 0.0);
        double[] ys = compute(y, m, s[1], s[2], (yv, mv) -> mv != 0.0 ? 0.0 : yv);
        for (int i = 0; i < xs.length; i++) {
            xs[i] += ys[i];
        }
        Tensor notM = m.rsub(1.0);
        return Node.output("where", xs, s[0], s[1], s[2],
                (g, in, out, need) -> new Tensor[] {
                    need[0] ? unbroadcast(g.mul(m), in[0]) : null,
                    need[1] ? unbroadcast(g.mul(notM), in[1]) : null}, x, y);
    }
}
