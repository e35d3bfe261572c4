package org.kfrelax.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The engine's shape-specialized loops give exactly the values of the plain definitions: each
 * element is the same IEEE operation (or the same sum in the same order), so the comparisons
 * are bit-for-bit (any NaN matching any NaN), with negative zeros, infinities and NaN among
 * the inputs.
 */
class FastPathTest {
    private static final double[] SPECIAL = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NaN, -3.5, 1e-310};

    private static Tensor random(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = i < SPECIAL.length && seed % 2 == 0 ? SPECIAL[i] : r.nextDouble(-2, 2);
        }
        return Tensor.matrix(rows, cols, d);
    }

    private static void assertSameBits(double[] actual, double[] expected, String what) {
        assertThat(actual).as(what).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            if (Double.isNaN(expected[i])) {
                assertThat(actual[i]).as(what + " entry " + i).isNaN();
                continue;
            }
            assertThat(Double.doubleToRawLongBits(actual[i])).as(what + " entry " + i + ": " + actual[i] + " vs " + expected[i])
                    .isEqualTo(Double.doubleToRawLongBits(expected[i]));
        }
    }

    @Test
    void broadcastArithmeticEqualsElementByElement() {
        int[][][] shapes = {{{5, 3}, {5, 1}}, {{5, 1}, {5, 3}}, {{5, 3}, {1, 3}}, {{1, 3}, {5, 3}}, {{5, 1}, {1, 3}},
            {{1, 1}, {5, 3}}, {{1, 3}, {5, 1}}};
        long seed = 0;
        for (int[][] s : shapes) {
            Tensor a = random(s[0][0], s[0][1], seed++);
            Tensor b = random(s[1][0], s[1][1], seed++);
            int rows = Math.max(s[0][0], s[1][0]);
            int cols = Math.max(s[0][1], s[1][1]);
            for (char op : new char[] {'+', '-', '*', '/'}) {
                double[] expected = new double[rows * cols];
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        double x = a.data[(a.rows == 1 ? 0 : i) * a.cols + (a.cols == 1 ? 0 : j)];
                        double y = b.data[(b.rows == 1 ? 0 : i) * b.cols + (b.cols == 1 ? 0 : j)];
                        expected[i * cols + j] = switch (op) {
                            case '+' -> x + y;
                            case '-' -> x - y;
                            case '*' -> x * y;
                            default -> x / y;
                        };
                    }
                }
                Tensor out = switch (op) {
                    case '+' -> a.add(b);
                    case '-' -> a.sub(b);
                    case '*' -> a.mul(b);
                    default -> a.div(b);
                };
                assertSameBits(out.data, expected, a.shape() + " " + op + " " + b.shape());
            }
        }
    }

    @Test
    void columnSumsEqualSequentialSums() {
        for (int cols : new int[] {1, 2, 3, 4, 7}) {
            Tensor a = random(9, cols, cols);
            double[] expected = new double[cols];
            for (int j = 0; j < cols; j++) {
                double s = 0.0;
                for (int i = 0; i < 9; i++) {
                    s += a.data[i * cols + j];
                }
                expected[j] = s;
            }
            assertSameBits(a.sum(0).data, expected, "sum(0) of 9x" + cols);
        }
    }

    @Test
    void transposedProductWithSkinnyRightOperandEqualsTheKernel() {
        for (int n : new int[] {1, 2, 3, 5}) {
            Tensor a = random(13, 6, 2L * n + 1);
            Tensor b = random(13, n, 2L * n + 3);
            double[] expected = new double[6 * n];
            LinearAlgebra.kernelTN(a.data, b.data, expected, 13, 6, n);
            assertSameBits(a.matmulTransA(b).data, expected, "aᵀb with b 13x" + n);
        }
    }

    @Test
    void tanhSecondDerivativeEqualsTheProductOfItsFactors() {
        Tensor x = Tensor.param(random(3, 4, 5));
        Tensor w = Tensor.param(random(3, 4, 9));
        Tensor gx = Autodiff.grad(new Tensor[] {x.tanh().mul(w).sum()}, new Tensor[] {x}, null, true)[0];
        Tensor v = random(3, 4, 11);
        Tensor[] second = Autodiff.grad(new Tensor[] {gx}, new Tensor[] {x}, new Tensor[] {v}, false);
        // d/dx [w·(1 − y²)] along v = (v·w·y·(−2))·(1 − y²), the last factor from y = tanh(x)
        double[] expected = new double[12];
        for (int i = 0; i < 12; i++) {
            double y = Math.tanh(x.data[i]);
            expected[i] = v.data[i] * w.data[i] * y * -2.0 * (1.0 - y * y);
        }
        assertSameBits(second[0].data, expected, "second derivative of tanh");
        Tensor a = random(2, 3, 1);
        Tensor b = random(2, 3, 3);
        Tensor c = random(2, 3, 4);
        double[] plain = new double[6];
        for (int i = 0; i < 6; i++) {
            plain[i] = a.data[i] * b.data[i] * c.data[i] * -2.0;
        }
        assertSameBits(Pointwise.scaledProduct(a, b, c, -2.0).data, plain, "scaledProduct");
    }

    @Test
    void reluBackwardEqualsGradientTimesMask() {
        Tensor x = Tensor.param(random(4, 5, 2));
        Tensor g = random(4, 5, 7);
        Tensor[] grad = Autodiff.grad(new Tensor[] {x.relu()}, new Tensor[] {x}, new Tensor[] {g}, false);
        double[] expected = new double[20];
        double[] forward = new double[20];
        for (int i = 0; i < 20; i++) {
            boolean nan = Double.isNaN(x.data[i]);
            forward[i] = nan ? Double.NaN : x.data[i] > 0 ? x.data[i] : 0.0;
            expected[i] = nan ? Double.NaN : g.data[i] * (x.data[i] > 0 ? 1.0 : 0.0);
        }
        assertSameBits(x.relu().data, forward, "relu");
        assertSameBits(grad[0].data, expected, "relu backward");
        // the smallest positive double and infinity count as positive
        Tensor edge = Tensor.param(Tensor.vector(Double.MIN_VALUE, Double.POSITIVE_INFINITY, -Double.MIN_VALUE));
        Tensor[] ge = Autodiff.grad(new Tensor[] {edge.relu()}, new Tensor[] {edge}, new Tensor[] {Tensor.vector(2, 3, 5)}, false);
        assertSameBits(ge[0].data, new double[] {2, 3, 0}, "relu backward at the edges");
    }

    @Test
    void softmaxBackwardsEqualTheirCompositions() {
        for (long seed : new long[] {2, 3, 6}) {
            Tensor g = random(4, 5, seed);
            Tensor y = random(4, 5, seed + 10);
            assertSameBits(Reductions.logSoftmaxBackward(g, y).data,
                    g.sub(y.exp().mul(Reductions.rowSums(g))).data, "logSoftmaxBackward, seed " + seed);
            assertSameBits(Reductions.softmaxBackward(g, y).data,
                    y.mul(g.sub(Reductions.rowSums(g.mul(y)))).data, "softmaxBackward, seed " + seed);
            Tensor gv = Tensor.vector(random(1, 5, seed).data);
            Tensor yv = Tensor.vector(random(1, 5, seed + 10).data);
            assertSameBits(Reductions.logSoftmaxBackward(gv, yv).data,
                    gv.sub(yv.exp().mul(Reductions.rowSums(gv))).data, "logSoftmaxBackward vector, seed " + seed);
            assertSameBits(Reductions.softmaxBackward(gv, yv).data,
                    yv.mul(gv.sub(Reductions.rowSums(gv.mul(yv)))).data, "softmaxBackward vector, seed " + seed);
        }
        // through the graph: the gradient of logSoftmax is the fused op applied to (g, y)
        Tensor x = Tensor.param(random(3, 4, 5));
        Tensor g = random(3, 4, 9);
        Tensor y = x.logSoftmax();
        Tensor[] gx = Autodiff.grad(new Tensor[] {y}, new Tensor[] {x}, new Tensor[] {g}, false);
        assertSameBits(gx[0].data, g.sub(y.detach().exp().mul(Reductions.rowSums(g))).data, "grad of logSoftmax");
    }
}
