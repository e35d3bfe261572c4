package org.kfrelax.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * First- and second-order finite-difference checks of every operation, including awkward
 * points (large logits, values near 0 for log, broadcasting).
 *
 * <p>Tolerances: central differences have truncation error O(h²·f''') and round-off
 * O(ε·|L|/h). First order uses h = 1e-6 (round-off ≈ 1e-10·|L|) with atol 1e-6, rtol 1e-5;
 * second order differentiates analytic gradients with h = 1e-5 and atol 1e-5, rtol 1e-4.
 * Every point is at least 0.05 away from the kinks of relu, abs and clamp, so the check never
 * straddles a non-differentiable point.
 */
class OpsGradCheckTest {

    record Case(String name, GradCheck.Function f, int[][] shapes, double[][] point) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final int[] S = {};

    private static int[] v(int n) {
        return new int[] {n};
    }

    private static int[] m(int r, int c) {
        return new int[] {r, c};
    }

    private static double[] rnd(int n, double lo, double hi, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextDouble(lo, hi);
        }
        return d;
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** A case whose inputs are drawn uniformly from [lo, hi]. */
    private static Case c(String name, double lo, double hi, GradCheck.Function f, int[]... shapes) {
        double[][] p = new double[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            p[i] = rnd(size(shapes[i]), lo, hi, name.hashCode() * 31L + i);
        }
        return new Case(name, f, shapes, p);
    }

    /** Values bounded away from 0 (magnitudes in [0.3, 2]) with random signs. */
    private static Case away(String name, GradCheck.Function f, int[]... shapes) {
        Case base = c(name, 0.3, 2.0, f, shapes);
        SplittableRandom r = new SplittableRandom(name.hashCode());
        for (double[] arr : base.point) {
            for (int i = 0; i < arr.length; i++) {
                if (r.nextBoolean()) {
                    arr[i] = -arr[i];
                }
            }
        }
        return base;
    }

    static Stream<Case> cases() {
        List<Case> cs = new ArrayList<>();
        // binary with broadcasting
        int[][][] pairs = {{m(2, 3), m(2, 3)}, {m(2, 3), v(3)}, {m(2, 3), m(2, 1)}, {m(2, 3), S}, {v(3), S},
            {S, m(2, 3)}, {m(1, 3), m(2, 1)}, {v(3), m(2, 3)}};
        for (int[][] p : pairs) {
            String sh = java.util.Arrays.toString(p[0]) + "," + java.util.Arrays.toString(p[1]);
            cs.add(c("add" + sh, -2, 2, x -> x[0].add(x[1]), p));
            cs.add(c("sub" + sh, -2, 2, x -> x[0].sub(x[1]), p));
            cs.add(c("mul" + sh, -2, 2, x -> x[0].mul(x[1]), p));
            cs.add(away("div" + sh, x -> x[0].div(x[1]), p));
        }
        cs.add(c("neg", -2, 2, x -> x[0].neg(), m(2, 3)));
        cs.add(c("addScalar", -2, 2, x -> x[0].add(1.5), m(2, 3)));
        cs.add(c("mulScalar", -2, 2, x -> x[0].mul(-2.5), v(4)));
        cs.add(c("rsub", -2, 2, x -> x[0].rsub(1.0).mul(x[0]), v(4)));
        // linear algebra
        cs.add(c("matmul", -1, 1, x -> x[0].matmul(x[1]), m(2, 3), m(3, 4)));
        cs.add(c("matmul vec*mat", -1, 1, x -> x[0].matmul(x[1]), v(3), m(3, 2)));
        cs.add(c("matmul mat*vec", -1, 1, x -> x[0].matmul(x[1]), m(2, 3), v(3)));
        cs.add(c("matmul vec*vec", -1, 1, x -> x[0].matmul(x[1]), v(3), v(3)));
        cs.add(c("matmulTransB", -1, 1, x -> x[0].matmulTransB(x[1]), m(2, 3), m(4, 3)));
        cs.add(c("matmulTransA", -1, 1, x -> x[0].matmulTransA(x[1]), m(3, 2), m(3, 4)));
        cs.add(c("matmulTransA outer", -1, 1, x -> x[0].matmulTransA(x[1]), v(3), v(2)));
        cs.add(c("matmulTransA skinny right", -1, 1, x -> x[0].matmulTransA(x[1]), m(5, 4), m(5, 2)));
        cs.add(c("transpose", -1, 1, x -> x[0].transpose().mul(x[0].transpose()), m(2, 3)));
        cs.add(c("affine batch", -1, 1, x -> Tensor.affine(x[0], x[1], x[2]).tanh(), m(3, 2), m(2, 4), v(4)));
        cs.add(c("affine vector", -1, 1, x -> Tensor.affine(x[0], x[1], x[2]).tanh(), v(2), m(2, 4), v(4)));
        // reductions and shape
        cs.add(c("sum", -1, 1, x -> x[0].sum().square(), m(2, 3)));
        cs.add(c("sum(0)", -1, 1, x -> x[0].sum(0).square(), m(2, 3)));
        cs.add(c("sum(0) wide", -1, 1, x -> x[0].sum(0).square(), m(3, 5)));
        cs.add(c("sum(1)", -1, 1, x -> x[0].sum(1).square(), m(2, 3)));
        cs.add(c("sumKeep(0)", -1, 1, x -> x[0].sumKeep(0).mul(x[0]), m(2, 3)));
        cs.add(c("sumKeep(1)", -1, 1, x -> x[0].sumKeep(1).mul(x[0]), m(2, 3)));
        cs.add(c("sum(1) of vector", -1, 1, x -> x[0].sum(1).mul(x[0]), v(3)));
        cs.add(c("mean", -1, 1, x -> x[0].mean().mul(x[0]), m(2, 3)));
        cs.add(c("mean(0)", -1, 1, x -> x[0].mean(0).square(), m(2, 3)));
        cs.add(c("reshape", -1, 1, x -> x[0].reshape(3, 2).matmul(x[0]), m(2, 3)));
        cs.add(c("flatten", -1, 1, x -> x[0].flatten().square(), m(2, 3)));
        cs.add(c("broadcastTo", -1, 1, x -> x[0].broadcastTo(2, 3, 2).square(), m(1, 2)));
        // pointwise
        cs.add(c("exp", -2, 2, x -> x[0].exp(), m(2, 3)));
        cs.add(c("log", 0.2, 3, x -> x[0].log(), m(2, 3)));
        cs.add(new Case("log near 0", x -> x[0].log(), new int[][] {v(3)}, new double[][] {{0.01, 0.02, 0.05}}));
        cs.add(c("log1p", -0.5, 2, x -> x[0].log1p(), v(4)));
        cs.add(c("sqrt", 0.2, 3, x -> x[0].sqrt(), v(4)));
        cs.add(c("square", -2, 2, x -> x[0].square(), v(4)));
        cs.add(c("pow 3", -2, 2, x -> x[0].pow(3.0), v(4)));
        cs.add(c("pow 0.5", 0.2, 2, x -> x[0].pow(0.5), v(4)));
        cs.add(c("pow -1.5", 0.2, 2, x -> x[0].pow(-1.5), v(4)));
        cs.add(away("abs", x -> x[0].abs().mul(x[0]), v(5)));
        cs.add(c("tanh", -2, 2, x -> x[0].tanh(), m(2, 3)));
        // third order through the fused tanh/sigmoid backward ops: the checked function is itself a gradient
        cs.add(c("grad of tanh", -2, 2, x -> Autodiff.grad(new Tensor[] {x[0].tanh().mul(x[1]).sum()},
                new Tensor[] {x[0]}, null, true)[0], v(3), v(3)));
        cs.add(c("grad of sigmoid", -2, 2, x -> Autodiff.grad(new Tensor[] {x[0].sigmoid().mul(x[1]).sum()},
                new Tensor[] {x[0]}, null, true)[0], v(3), v(3)));
        cs.add(away("grad of relu", x -> Autodiff.grad(new Tensor[] {x[0].relu().mul(x[1]).sum()},
                new Tensor[] {x[0]}, null, true)[0].mul(x[1]), v(4), v(4)));
        cs.add(c("scaledProduct", -2, 2, x -> Pointwise.scaledProduct(x[0], x[1], x[2], -2.0).mul(x[0]), m(2, 3), m(2, 3),
                m(2, 3)));
        cs.add(c("sigmoid", -4, 4, x -> x[0].sigmoid(), m(2, 3)));
        cs.add(away("relu", x -> x[0].relu().mul(x[0]), v(6)));
        cs.add(away("elu", x -> x[0].elu().mul(x[0]), v(6)));
        cs.add(away("elu alpha 0.5", x -> x[0].elu(0.5), v(6)));
        cs.add(c("softplus", -4, 4, x -> x[0].softplus(), v(5)));
        cs.add(new Case("softplus large", x -> x[0].softplus(), new int[][] {v(4)}, new double[][] {{-40, -25, 25, 40}}));
        cs.add(c("logSigmoid", -4, 4, x -> x[0].logSigmoid(), v(5)));
        cs.add(new Case("logSigmoid large", x -> x[0].logSigmoid(), new int[][] {v(4)},
                new double[][] {{-500, -30, 30, 500}}));
        cs.add(new Case("clamp", x -> x[0].clamp(-1, 1).mul(x[0]), new int[][] {v(5)},
                new double[][] {{-1.7, -0.6, 0.1, 0.8, 1.4}}));
        // row-wise log-sum-exp family
        cs.add(c("logSoftmax", -2, 2, x -> x[0].logSoftmax(), m(3, 4)));
        cs.add(c("logSoftmax vector", -2, 2, x -> x[0].logSoftmax(), v(4)));
        cs.add(new Case("logSoftmax large logits", x -> x[0].logSoftmax(), new int[][] {m(2, 3)},
                new double[][] {{1000, 0, -1000, 50, 51, 49}}));
        cs.add(c("softmax", -2, 2, x -> x[0].softmax(), m(3, 4)));
        cs.add(new Case("softmax large logits", x -> x[0].softmax(), new int[][] {m(2, 3)},
                new double[][] {{300, 301, 299, -300, -299, -301}}));
        // the fused backward ops, checked as functions of (g, y) themselves: second order here is
        // the third derivative of (log-)softmax
        cs.add(c("logSoftmaxBackward", -2, 2, x -> Reductions.logSoftmaxBackward(x[0], x[1]), m(3, 4), m(3, 4)));
        cs.add(c("logSoftmaxBackward vector", -2, 2, x -> Reductions.logSoftmaxBackward(x[0], x[1]), v(4), v(4)));
        cs.add(c("softmaxBackward", -2, 2, x -> Reductions.softmaxBackward(x[0], x[1]), m(3, 4), m(3, 4)));
        cs.add(c("softmaxBackward vector", -2, 2, x -> Reductions.softmaxBackward(x[0], x[1]), v(4), v(4)));
        cs.add(c("logSoftmax double backward", -2, 2,
                x -> Autodiff.grad(new Tensor[] {x[0].logSoftmax()}, new Tensor[] {x[0]}, new Tensor[] {x[1]}, true)[0],
                m(2, 3), m(2, 3)));
        cs.add(c("softmax double backward", -2, 2,
                x -> Autodiff.grad(new Tensor[] {x[0].softmax()}, new Tensor[] {x[0]}, new Tensor[] {x[1]}, true)[0],
                m(2, 3), m(2, 3)));
        cs.add(c("logSumExp", -2, 2, x -> x[0].logSumExp(), m(3, 4)));
        cs.add(c("logSumExp vector", -2, 2, x -> x[0].logSumExp(), v(4)));
        cs.add(new Case("logSumExp large", x -> x[0].logSumExp(), new int[][] {m(1, 3)},
                new double[][] {{700, 699, -700}}));
        // indexing
        cs.add(c("sliceCols", -1, 1, x -> x[0].sliceCols(1, 3).square(), m(2, 4)));
        cs.add(c("sliceCols vector", -1, 1, x -> x[0].sliceCols(1, 3).square(), v(4)));
        cs.add(c("sliceRows", -1, 1, x -> x[0].sliceRows(1, 3).square(), m(3, 2)));
        cs.add(c("row", -1, 1, x -> x[0].row(1).square(), m(3, 2)));
        cs.add(c("concatCols", -1, 1, x -> Tensor.concatCols(x[0], x[1]).square(), m(2, 2), m(2, 3)));
        cs.add(c("concatCols vector+matrix", -1, 1, x -> Tensor.concatCols(x[0], x[1]).square(), v(2), m(1, 3)));
        cs.add(c("concatRows", -1, 1, x -> Tensor.concatRows(x[0], x[1]).square(), m(2, 2), v(2)));
        cs.add(c("gather", -1, 1, x -> x[0].gather(new int[] {2, 0, 1}).square(), m(3, 3)));
        cs.add(c("gather logSoftmax", -2, 2, x -> x[0].logSoftmax().gather(new int[] {1, 0}), m(2, 3)));
        cs.add(c("where", -1, 1, x -> x[0].square().where(Tensor.matrix(2, 2, 1, 0, 0, 1), x[1].exp()), m(2, 2), m(2, 2)));
        // composites: shared inputs (accumulation), a tiny MLP
        cs.add(c("shared input", -1, 1, x -> x[0].mul(x[0]).add(x[0].tanh().mul(x[0])), v(3)));
        cs.add(c("mlp", -1, 1, x -> Tensor.affine(Tensor.affine(x[0], x[1], x[2]).tanh(), x[3], x[4]).logSoftmax(),
                m(2, 3), m(3, 4), v(4), m(4, 2), v(2)));
        return cs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void firstOrder(Case c) {
        GradCheck.Result r = GradCheck.gradcheck(c.f(), c.point(), c.shapes(), 1e-6, 1e-6, 1e-5);
        assertThat(r.passed()).as(c.name() + ": " + r).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void secondOrder(Case c) {
        GradCheck.Result r = GradCheck.gradgradcheck(c.f(), c.point(), c.shapes(), 1e-5, 1e-5, 1e-4);
        assertThat(r.passed()).as(c.name() + ": " + r).isTrue();
    }
}
