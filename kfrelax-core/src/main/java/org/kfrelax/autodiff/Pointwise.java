package org.kfrelax.autodiff;

/** Unary elementwise functions, each with its derivative written in differentiable operations. */
final class Pointwise {
    private Pointwise() {}

    private static Tensor unary(String op, Tensor a, double[] out, Node.Backward bw) {
        return Node.outputLike(op, a, out, bw, a);
    }

    /** Backward rule of the form g·f'(x, y) with f' given as a tensor expression. */
    private interface Derivative {
        Tensor of(Tensor x, Tensor y);
    }

    private static Node.Backward chain(Derivative d) {
        return (g, in, out, need) -> new Tensor[] {g.mul(d.of(in[0], out))};
    }

    static Tensor exp(Tensor a) {
        double[] x = a.data;
        double[] o = new double[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = Math.exp(x[i]);
        }
        return unary("exp", a, o, chain((xx, y) -> y));
    }

    static Tensor log(Tensor a) {
        double[] x = a.data;
        double[] o = new double[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = Math.log(x[i]);
        }
        return unary("log", a, o, (g, in, out, need) -> new Tensor[] {g.div(in[0])});
    }

    static Tensor log1p(Tensor a) {
        double[] x = a.data;
        double[] o = new double[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = Math.log1p(x[i]);
        }
        return unary("log1p", a, o, (g, in, out, need) -> new Tensor[] {g.div(in[0].add(1.0))});
    }

    static Tensor sqrt(Tensor a) {
        double[] x = a.data;
        double[] o = new double[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = Math.sqrt(x[i]);
        }
        return unary("sqrt", a, o, (g, in, out, need) -> new Tensor[] {g.div(out.mul(2.0))});
    }

    static Tensor square(Tensor a) {
        double[] x = a.data;
        double[] o = new double[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = x[i] * x[i];
        }
        return unary("square", a, o, chain((xx, y) -> xx.mul(2.0)));
    }

    static Tensor pow(Tensor a, double c) {
        if (c == 2.0) {
            return square(a);
        }
        if (c == 1.0) {
            return a;
        }
        double[] x = a.data;
        double[] o = new double[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = Math.pow(x[i], c);
        }
        return unary("pow", a, o, chain((xx, y) -> c == 0.0 ? Tensor.zerosLike(xx) : pow(xx, c - 1.0).mul(c)));
    }

    static Tensor abs(Tensor a) {
        double[] x = a.data;
        double[] o = new double[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = Math.abs(x[i]);
        }
        return unary("abs", a, o, chain((xx, y) -> sign(xx)));
    }

    static Tensor tanh(Tensor a) {
        double[] x = a.data;
        double[] o = new double[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = Math.tanh(x[i]);
        }
        return unary("tanh", a, o, (g, in, out, need) -> new Tensor[] {tanhBackward(g, out)});
    }

    /** g·(1 − y²): the backward of tanh as one operation, itself differentiable in g and y. */
    static Tensor tanhBackward(Tensor g, Tensor y) {
        double[] gd = g.data;
        double[] yd = y.data;
        double[] o = new double[gd.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = gd[i] * (1.0 - yd[i] * yd[i]);
        }
        // ∂/∂g = 1 − y²;  ∂/∂y = −2·g·y
        return Node.outputLike("tanhBackward", g, o, (gg, in, out, need) -> new Tensor[] {
            need[0] ? tanhBackward(gg, in[1]) : null,
            need[1] ? scaledProduct(gg, in[0], in[1], -2.0) : null}, g, y);
    }

    /**
     * ((a·b)·c)·k elementwise for a, b, c of one shape, in one pass: the y-derivative of
     * {@link #tanhBackward} (g'·g·y·(−2)) without three intermediate tensors. Its derivative in
     * each factor is the same operation on the other two, so it is differentiable to any order.
     */
    static Tensor scaledProduct(Tensor a, Tensor b, Tensor c, double k) {
        if (!a.sameShape(b) || !a.sameShape(c)) {
            throw new IllegalArgumentException("scaledProduct: shapes " + a.shape() + ", " + b.shape() + " and " + c.shape()
                    + " differ");
        }
        double[] ad = a.data;
        double[] bd = b.data;
        double[] cd = c.data;
        double[] o = new double[ad.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = ad[i] * bd[i] * cd[i] * k;
        }
        return Node.outputLike("scaledProduct", a, o, (g, in, out, need) -> new Tensor[] {
            need[0] ? scaledProduct(g, in[1], in[2], k) : null,
            need[1] ? scaledProduct(g, in[0], in[2], k) : null,
            need[2] ? scaledProduct(g, in[0], in[1], k) : null}, a, b, c);
    }

    static double sigmoid(double x) {
        return Logistic.sigmoid(x);
    }

    static double softplus(double x) {
        return Logistic.softplus(x);
    }

    static Tensor sigmoid(Tensor a) {
        double[] x = a.data;
        double[] o = new double[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = sigmoid(x[i]);
        }
        return unary("sigmoid", a, o, (g, in, out, need) -> new Tensor[] {sigmoidBackward(g, out)});
    }

    /** g·y·(1 − y): the backward of σ as one operation, itself differentiable in g and y. */
    static Tensor sigmoidBackward(Tensor g, Tensor y) {
        double[] gd = g.data;
        double[] yd = y.data;
        double[] o = new double[gd.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = gd[i] * yd[i] * (1.0 - yd[i]);
        }
        // ∂/∂g = y(1 − y);  ∂/∂y = g·(1 − 2y)
        return Node.outputLike("sigmoidBackward", g, o, (gg, in, out, need) -> new Tensor[] {
            need[0] ? sigmoidBackward(gg, in[1]) : null,
            need[1] ? gg.mul(in[0]).mul(in[1].mul(-2.0).add(1.0)) : null}, g, y);
    }

    /** relu(x) = max(x, 0); relu(NaN) = NaN, so that a NaN is not hidden from later checks. */
    static Tensor relu(Tensor a) {
        double[] x = a.data;
        double[] o = new double[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = Math.max(x[i], 0.0); // branch-free (signs are random: a branch mispredicts)
        }
        return unary("relu", a, o, (g, in, out, need) -> new Tensor[] {reluBackward(g, out)});
    }

    /**
     * g·H(y) with H(y) = 1 where y &gt; 0, else 0 (y = relu(x), so y &gt; 0 exactly where x &gt; 0):
     * the backward of relu as one operation, differentiable in g; relu'' = 0, so no gradient
     * flows to y.
     */
    static Tensor reluBackward(Tensor g, Tensor y) {
        double[] gd = g.data;
        double[] yd = y.data;
        double[] o = GradientBuffers.take(gd.length, false);
        for (int i = 0; i < o.length; i++) {
            o[i] = gd[i] * step(yd[i]);
        }
        return Node.outputLike("reluBackward", g, o, (gg, in, out, need) -> new Tensor[] {reluBackward(gg, y)}, g);
    }

    /**
     * H(y) for y ≥ 0 without a branch: 1 for y &gt; 0 (y·2²⁰⁰⁰ ≥ 1 for every positive double, the
     * smallest being 2⁻¹⁰⁷⁴), 0 for y = 0, NaN for NaN.
     */
    private static double step(double y) {
        return Math.min(1.0, y * 0x1p1000 * 0x1p1000);
    }

    static Tensor elu(Tensor a, double alpha) {
        double[] x = a.data;
        double[] o = new double[x.length];
        double[] m = new double[x.length];
        for (int i = 0; i < o.length; i++) {
            if (x[i] > 0) {
                o[i] = x[i];
                m[i] = 1.0;
            } else {
                o[i] = alpha * Math.expm1(x[i]);
            }
        }
        Tensor pos = Tensor.like(a, m);
        Tensor neg = pos.rsub(1.0);
        // x > 0: 1;  x ≤ 0: α·eˣ = y + α
        return unary("elu", a, o, chain((xx, y) -> pos.add(y.add(alpha).mul(neg))));
    }

    static Tensor softplus(Tensor a) {
        double[] x = a.data;
        double[] o = new double[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = softplus(x[i]);
        }
        return unary("softplus", a, o, chain((xx, y) -> sigmoid(xx)));
    }

    static Tensor logSigmoid(Tensor a) {
        double[] x = a.data;
        double[] o = new double[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = -softplus(-x[i]);
        }
        // d log σ(x) = 1 − σ(x) = σ(−x)
        return unary("logSigmoid", a, o, chain((xx, y) -> sigmoid(xx.neg())));
    }

    static Tensor clamp(Tensor a, double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp needs lo <= hi, got [" + lo + ", " + hi + "]");
        }
        double[] x = a.data;
        double[] o = new double[x.length];
        double[] m = new double[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = Math.min(Math.max(x[i], lo), hi);
            m[i] = (x[i] >= lo && x[i] <= hi) ? 1.0 : 0.0;
        }
        Tensor mask = Tensor.like(a, m);
        return unary("clamp", a, o, (g, in, out, need) -> new Tensor[] {g.mul(mask)});
    }

    static Tensor heaviside(Tensor a) {
        double[] x = a.data;
        double[] o = new double[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = x[i] >= 0 ? 1.0 : 0.0;
        }
        return Tensor.like(a, o);
    }

    static Tensor sign(Tensor a) {
        double[] x = a.data;
        double[] o = new double[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = Math.signum(x[i]);
        }
        return Tensor.like(a, o);
    }
}
