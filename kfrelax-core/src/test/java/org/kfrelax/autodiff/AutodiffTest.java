package org.kfrelax.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AutodiffTest {

    @Test
    void checkerCatchesAWrongGradient() {
        // f(x) = stopGradient(x)·x has analytic gradient x but true derivative 2x
        GradCheck.Result r = GradCheck.gradcheck(x -> x[0].detach().mul(x[0]), new double[][] {{0.5, -1.0}},
                new int[][] {{2}}, 1e-6, 1e-6, 1e-5);
        assertThat(r.passed()).isFalse();
    }

    @Test
    void simpleGradients() {
        Tensor x = Tensor.param(3.0);
        Tensor y = x.square().mul(x).add(x.mul(2.0)); // x³ + 2x
        Tensor[] g = Autodiff.grad(y, x);
        assertThat(g[0].item()).isEqualTo(29.0); // 3x² + 2
        assertThat(g[0].requiresGrad()).isFalse();
    }

    @Test
    void higherOrderDerivativesOfAPolynomial() {
        Tensor x = Tensor.param(2.0);
        Tensor y = x.pow(4.0); // y' = 4x³, y'' = 12x², y''' = 24x
        Tensor d1 = Autodiff.grad(y, new Tensor[] {x}, true)[0];
        Tensor d2 = Autodiff.grad(d1, new Tensor[] {x}, true)[0];
        Tensor d3 = Autodiff.grad(d2, new Tensor[] {x}, true)[0];
        assertThat(d1.item()).isCloseTo(32.0, within(1e-12));
        assertThat(d2.item()).isCloseTo(48.0, within(1e-12));
        assertThat(d3.item()).isCloseTo(48.0, within(1e-12));
    }

    @Test
    void unusedInputsGetZerosOrNull() {
        Tensor x = Tensor.paramVector(1, 2);
        Tensor unused = Tensor.paramVector(3, 4, 5);
        Tensor y = x.square().sum();
        Tensor[] g = Autodiff.grad(y, x, unused);
        assertThat(g[1].toArray()).containsExactly(0, 0, 0);
        Tensor[] g2 = Autodiff.grad(new Tensor[] {y}, new Tensor[] {x, unused}, null, false, true);
        assertThat(g2[1]).isNull();
    }

    @Test
    void manyLeavesSwitchToTheIndexedLookup() {
        Tensor[] ps = new Tensor[80];
        Tensor y = null;
        for (int i = 0; i < ps.length; i++) {
            ps[i] = Tensor.param(i);
            Tensor term = ps[i].square();
            y = y == null ? term : y.add(term);
        }
        Tensor[] g = Autodiff.grad(y, ps);
        for (int i = 0; i < ps.length; i++) {
            assertThat(g[i].item()).isEqualTo(2.0 * i);
        }
    }

    @Test
    void graphCanBeDifferentiatedRepeatedly() {
        Tensor w = Tensor.paramMatrix(2, 2, 1, 2, 3, 4);
        Tensor y = Tensor.vector(1, -1).matmul(w).tanh().sum();
        double[] first = Autodiff.grad(y, w)[0].toArray();
        double[] second = Autodiff.grad(y, w)[0].toArray();
        assertThat(second).containsExactly(first);
    }

    @Test
    void gradientWithRespectToAnIntermediate() {
        Tensor x = Tensor.param(1.5);
        Tensor h = x.mul(3.0);
        Tensor y = h.square();
        Tensor[] g = Autodiff.grad(y, h, x);
        assertThat(g[0].item()).isEqualTo(9.0); // 2h
        assertThat(g[1].item()).isEqualTo(27.0); // 2h·3
    }

    @Test
    void gradOutputsWeightVectorOutputs() {
        Tensor x = Tensor.paramVector(1, 2, 3);
        Tensor y = x.square();
        Tensor[] g = Autodiff.grad(new Tensor[] {y}, new Tensor[] {x}, new Tensor[] {Tensor.vector(1, 0, 2)}, false);
        assertThat(g[0].toArray()).containsExactly(2, 0, 12);
        assertThatThrownBy(() -> Autodiff.grad(y, x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[3]");
    }

    @Test
    void stopGradientAndHeavisideBlockGradients() {
        Tensor x = Tensor.paramVector(0.5, -0.5);
        Tensor y = x.stopGradient().mul(x).add(x.heaviside().mul(x)).sum();
        Tensor[] g = Autodiff.grad(y, x);
        assertThat(g[0].toArray()).containsExactly(0.5 + 1.0, -0.5 + 0.0);
    }

    @Test
    void shapeMismatchNamesBothShapesAndTheOperation() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(3, 2);
        assertThatThrownBy(() -> a.add(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add").hasMessageContaining("[2, 3]").hasMessageContaining("[3, 2]");
        assertThatThrownBy(() -> a.matmul(a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("matmul").hasMessageContaining("[2, 3]");
        assertThatThrownBy(() -> Tensor.concatCols(a, b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[3, 2]");
    }

    @Test
    void gradOfAConstantInputIsRejected() {
        Tensor c = Tensor.scalar(1);
        Tensor x = Tensor.param(2.0);
        assertThatThrownBy(() -> Autodiff.grad(x.mul(c), c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not require a gradient");
    }

    @Test
    void noGraphIsRecordedWithoutCreateGraph() {
        Tensor x = Tensor.paramVector(0.3, 0.7);
        Tensor y = x.tanh().mul(x).sum();
        Tensor[] g = Autodiff.grad(y, x);
        assertThat(g[0].requiresGrad()).isFalse();
        assertThat(g[0].hasNode()).isFalse();
        Tensor[] gg = Autodiff.grad(y, new Tensor[] {x}, true);
        assertThat(gg[0].requiresGrad()).isTrue();
    }

    @Test
    void hessianOfSmallMlpMatchesFiniteDifferences() {
        // scalar output of a 3→4→1 tanh MLP as a function of its first-layer weights (12 params)
        SplittableRandom r = new SplittableRandom(11);
        double[] w1 = new double[12];
        for (int i = 0; i < w1.length; i++) {
            w1[i] = r.nextDouble(-1, 1);
        }
        Tensor x = Tensor.matrix(2, 3, 0.5, -0.2, 0.9, -1.0, 0.3, 0.1);
        Tensor b1 = Tensor.vector(0.1, -0.1, 0.2, 0.0);
        Tensor w2 = Tensor.matrix(4, 1, 0.7, -0.4, 0.3, 0.9);
        Tensor b2 = Tensor.vector(0.05);
        java.util.function.Function<Tensor, Tensor> f = w -> Tensor.affine(Tensor.affine(x, w, b1).tanh(), w2, b2).square().sum();

        Tensor w = Tensor.paramMatrix(3, 4, w1);
        Tensor g = Autodiff.grad(f.apply(w), new Tensor[] {w}, true)[0];
        double[][] hess = new double[12][];
        for (int i = 0; i < 12; i++) {
            Tensor sel = Tensor.zeros(3, 4);
            sel.data()[i] = 1.0;
            hess[i] = Autodiff.grad(g.mul(sel).sum(), w)[0].toArray();
        }
        // central differences of the analytic gradient; h = 1e-5 gives error ~1e-9 here
        double h = 1e-5;
        for (int j = 0; j < 12; j++) {
            double[] up = w1.clone();
            double[] dn = w1.clone();
            up[j] += h;
            dn[j] -= h;
            Tensor wu = Tensor.paramMatrix(3, 4, up);
            Tensor wd = Tensor.paramMatrix(3, 4, dn);
            double[] gu = Autodiff.grad(f.apply(wu), wu)[0].toArray();
            double[] gd = Autodiff.grad(f.apply(wd), wd)[0].toArray();
            for (int i = 0; i < 12; i++) {
                double fd = (gu[i] - gd[i]) / (2 * h);
                assertThat(hess[i][j]).as("H[%d][%d]", i, j).isCloseTo(fd, within(1e-7));
            }
        }
        // symmetry of the exact Hessian
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 12; j++) {
                assertThat(hess[i][j]).isCloseTo(hess[j][i], within(1e-12));
            }
        }
    }

    /**
     * The RELAX shape: θ feeds a relaxed sample into a surrogate network with parameters φ;
     * d/dφ ||∇θ F(θ, φ)||² (double backprop) matches central differences in φ.
     */
    @Test
    void gradientOfSquaredGradientNormMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(5);
        double[] theta0 = {0.3, -0.6};
        double[] phi0 = new double[2 * 5 + 5 + 5 + 1];
        for (int i = 0; i < phi0.length; i++) {
            phi0[i] = r.nextDouble(-1, 1);
        }
        Tensor noise = Tensor.matrix(3, 2, 0.2, -0.4, 1.1, 0.5, -0.7, 0.9);

        java.util.function.ToDoubleFunction<double[]> sqNorm = phi -> {
            Tensor th = Tensor.paramVector(theta0);
            Tensor[] ps = phiParams(phi);
            Tensor gth = Autodiff.grad(new Tensor[] {relaxLike(th, ps, noise)}, new Tensor[] {th}, null, true)[0];
            return gth.square().sum().item();
        };

        Tensor th = Tensor.paramVector(theta0);
        Tensor[] ps = phiParams(phi0);
        Tensor gth = Autodiff.grad(new Tensor[] {relaxLike(th, ps, noise)}, new Tensor[] {th}, null, true)[0];
        Tensor[] gphi = Autodiff.grad(gth.square().sum(), ps);
        double[] analytic = new double[phi0.length];
        int k = 0;
        for (Tensor t : gphi) {
            for (double d : t.toArray()) {
                analytic[k++] = d;
            }
        }
        double h = 1e-6;
        for (int i = 0; i < phi0.length; i++) {
            double[] up = phi0.clone();
            double[] dn = phi0.clone();
            up[i] += h;
            dn[i] -= h;
            double fd = (sqNorm.applyAsDouble(up) - sqNorm.applyAsDouble(dn)) / (2 * h);
            assertThat(analytic[i]).as("dφ[%d]", i).isCloseTo(fd, within(1e-6 + 1e-5 * Math.abs(fd)));
        }
        assertThat(analytic).isNotEqualTo(new double[phi0.length]);
    }

    private static Tensor[] phiParams(double[] phi) {
        double[] w1 = java.util.Arrays.copyOfRange(phi, 0, 10);
        double[] b1 = java.util.Arrays.copyOfRange(phi, 10, 15);
        double[] w2 = java.util.Arrays.copyOfRange(phi, 15, 20);
        double[] b2 = java.util.Arrays.copyOfRange(phi, 20, 21);
        return new Tensor[] {Tensor.paramMatrix(2, 5, w1), Tensor.paramVector(b1), Tensor.paramMatrix(5, 1, w2),
            Tensor.paramVector(b2)};
    }

    /** Σ over rows of c_φ(σ(θ + noise)) · log σ(θ): a score term plus a surrogate term. */
    private static Tensor relaxLike(Tensor theta, Tensor[] phi, Tensor noise) {
        Tensor z = noise.add(theta).sigmoid();
        Tensor c = Tensor.affine(Tensor.affine(z, phi[0], phi[1]).tanh(), phi[2], phi[3]);
        return c.sum().add(theta.logSigmoid().sum().mul(c.sum().rsub(1.0)));
    }

    @Test
    void twoThreadsDifferentiateIndependently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<double[]> a = pool.submit(() -> work(1));
            Future<double[]> b = pool.submit(() -> work(2));
            assertThat(a.get()).containsExactly(work(1));
            assertThat(b.get()).containsExactly(work(2));
        } finally {
            pool.shutdown();
        }
    }

    private static double[] work(int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] acc = new double[16];
        Tensor w = Tensor.paramMatrix(4, 4, r.doubles(16, -1, 1).toArray());
        for (int it = 0; it < 2000; it++) {
            Tensor x = Tensor.matrix(3, 4, r.doubles(12, -1, 1).toArray());
            Tensor g = Autodiff.grad(new Tensor[] {x.matmul(w).tanh().sum()}, new Tensor[] {w}, null, true)[0];
            double[] d = Autodiff.grad(g.square().sum(), w)[0].data();
            for (int i = 0; i < 16; i++) {
                acc[i] += d[i];
            }
        }
        return acc;
    }
}
