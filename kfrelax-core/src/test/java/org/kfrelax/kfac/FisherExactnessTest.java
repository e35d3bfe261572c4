package org.kfrelax.kfac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.nn.Activation;
import org.kfrelax.nn.Linear;
import org.kfrelax.nn.Mlp;
import org.kfrelax.random.Pcg64;

/**
 * The factors against exact curvature matrices computed independently with autodiff Jacobians.
 * Parameter vectors are vec([W; b]) row-major (index i·out + j), matching A ⊗ G.
 */
class FisherExactnessTest {

    /** vec([∇W; ∇b]) of a scalar w.r.t. one layer's parameters. */
    private static double[] layerGradient(Tensor scalar, Linear layer) {
        Tensor[] g = Autodiff.grad(scalar, layer.weight(), layer.bias());
        double[] v = new double[g[0].size() + g[1].size()];
        System.arraycopy(g[0].data(), 0, v, 0, g[0].size());
        System.arraycopy(g[1].data(), 0, v, g[0].size(), g[1].size());
        return v;
    }

    private static void addOuter(double[] m, double[] v, double w) {
        int n = v.length;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i * n + j] += w * v[i] * v[j];
            }
        }
    }

    private static double[] softmax(Tensor logitsRow) {
        double[] l = logitsRow.toArray();
        double max = Double.NEGATIVE_INFINITY;
        for (double v : l) {
            max = Math.max(max, v);
        }
        double z = 0;
        for (int i = 0; i < l.length; i++) {
            l[i] = Math.exp(l[i] - max);
            z += l[i];
        }
        for (int i = 0; i < l.length; i++) {
            l[i] /= z;
        }
        return l;
    }

    private static Tensor repeatRows(double[] x, int rows, int cols, int times) {
        double[] r = new double[rows * cols * times];
        for (int t = 0; t < times; t++) {
            System.arraycopy(x, 0, r, t * rows * cols, rows * cols);
        }
        return Tensor.matrix(rows * times, cols, r);
    }

    private static Linear randomLayer(int in, int out, long seed) {
        Linear l = Linear.of(in, out, Gaussians.draw(in * out, seed));
        System.arraycopy(Gaussians.draw(out, seed + 1), 0, l.bias().data(), 0, out);
        return l;
    }

    @Test
    void batchOfOneSampledLabelGivesThePerExampleFisherExactly() {
        Linear layer = randomLayer(3, 4, 1);
        Kfac kfac = Kfac.builder(List.of(layer)).build();
        Tensor x = Tensor.matrix(1, 3, Gaussians.draw(3, 2));
        Tensor logits = layer.forward(x);
        int y = 2;
        Tensor logp = logits.logSoftmax().gather(new int[] {y}).sum();
        kfac.updateFactors(logp.neg());
        double[] v = layerGradient(logp, layer);
        double[] exact = new double[v.length * v.length];
        addOuter(exact, v, 1.0);
        double[] kron = KroneckerInverseTest.kron(kfac.factors(0).a(), 4, kfac.factors(0).g(), 4);
        // a rank-one identity (ā⊗g)(ā⊗g)ᵀ = āāᵀ⊗ggᵀ: equal up to rounding
        assertThat(KroneckerInverseTest.relativeError(kron, exact)).isLessThan(1e-12);
    }

    @Test
    void oneExampleWithEnumeratedLabelsGivesTheExactFisher() {
        int classes = 4;
        Linear layer = randomLayer(3, classes, 3);
        double[] x = Gaussians.draw(3, 4);
        Tensor one = Tensor.matrix(1, 3, x);
        double[] p = softmax(layer.forward(one));
        // exact Fisher of one example: Σ_y p_y ∇log p(y|x) ∇log p(y|x)ᵀ
        int size = (3 + 1) * classes;
        double[] exact = new double[size * size];
        for (int y = 0; y < classes; y++) {
            Tensor logp = layer.forward(one).logSoftmax().gather(new int[] {y}).sum();
            addOuter(exact, layerGradient(logp, layer), p[y]);
        }
        // K-FAC with the label distribution enumerated: row y carries label y and weight sqrt(C·p_y),
        // so (1/C) Σ_y (sqrt(C p_y) g_y)(...)ᵀ = Σ_y p_y g_y g_yᵀ (the batch-size-1 true-Fisher G)
        Kfac kfac = Kfac.builder(List.of(layer)).build();
        Tensor logits = layer.forward(repeatRows(x, 1, 3, classes));
        int[] labels = new int[classes];
        double[] w = new double[classes];
        for (int y = 0; y < classes; y++) {
            labels[y] = y;
            w[y] = Math.sqrt(classes * p[y]);
        }
        kfac.updateFactors(logits.logSoftmax().gather(labels).mul(Tensor.vector(w)).mean().neg());
        double[] kron = KroneckerInverseTest.kron(kfac.factors(0).a(), 4, kfac.factors(0).g(), classes);
        assertThat(KroneckerInverseTest.relativeError(kron, exact)).isLessThan(1e-12);   // rounding only
    }

    @Test
    void deepLinearNetworkFactorsEqualBlockDiagonalGaussNewton() {
        int[] sizes = {3, 4, 3, 2};
        Mlp mlp = Mlp.create(sizes, Activation.IDENTITY, new Pcg64(5));
        for (int l = 0; l < 3; l++) {
            Linear layer = mlp.layers().get(l);
            System.arraycopy(Gaussians.draw(layer.out(), 50 + l), 0, layer.bias().data(), 0, layer.out());
        }
        int m = 5;
        int k = 2;
        double[] xs = Gaussians.draw(m * 3, 6);
        double gamma = 1e-2;
        Kfac kfac = Kfac.builder(mlp.layers()).damping(gamma).build();
        // Gaussian Fisher loss with each example repeated once per output and noise rows √K e_k:
        // the batch noise covariance is exactly I, so G is exact (no Monte-Carlo error)
        double[] noise = new double[m * k * k];
        for (int t = 0; t < k; t++) {
            for (int i = 0; i < m; i++) {
                noise[((t * m) + i) * k + t] = Math.sqrt(k);
            }
        }
        Tensor out = mlp.forward(repeatRows(xs, m, 3, k));
        kfac.updateFactors(FisherLoss.gaussian(out, Tensor.matrix(m * k, k, noise)));
        kfac.refreshInverses();

        double[] targets = Gaussians.draw(m * k, 7);
        Tensor x = Tensor.matrix(m, 3, xs);
        Tensor loss = mlp.forward(x).sub(Tensor.matrix(m, k, targets)).square().sum().mul(0.5 / m);
        for (int l = 0; l < 3; l++) {
            Linear layer = mlp.layers().get(l);
            int size = (layer.in() + 1) * layer.out();
            double[] gn = new double[size * size];
            for (int i = 0; i < m; i++) {
                Tensor fi = mlp.forward(Tensor.matrix(1, 3, java.util.Arrays.copyOfRange(xs, 3 * i, 3 * i + 3)));
                for (int o = 0; o < k; o++) {
                    addOuter(gn, layerGradient(fi.sliceCols(o, o + 1).sum(), layer), 1.0 / m);
                }
            }
            KfacFactors f = kfac.factors(l);
            double[] kron = KroneckerInverseTest.kron(f.a(), f.dimA(), f.g(), f.dimG());
            assertThat(KroneckerInverseTest.relativeError(kron, gn)).as("layer %d", l).isLessThan(1e-12);

            // and the preconditioned gradient is the damped Gauss-Newton step of this block
            double[] grad = layerGradient(loss, layer);
            for (int i = 0; i < size; i++) {
                gn[i * size + i] += gamma;
            }
            double[] want = KroneckerInverseTest.denseSolve(gn, grad);
            double[] got = kfac.inverse(l).apply(grad);
            assertThat(KroneckerInverseTest.relativeError(got, want)).as("layer %d step", l).isLessThan(1e-10);
        }
    }

    @Test
    void monteCarloTrueFisherConvergesToExactFisher() {
        int[] sizes = {3, 5, 4};
        Mlp mlp = Mlp.create(sizes, Activation.TANH, new Pcg64(8));
        int m = 6;
        double[] xs = Gaussians.draw(m * 3, 9);
        // exact G_l = (1/m) Σ_i Σ_y p_iy g g^T with g = ∂(−log p(y|x_i))/∂(pre-activation of layer l)
        double[][] exactG = new double[2][];
        exactG[0] = new double[5 * 5];
        exactG[1] = new double[4 * 4];
        for (int i = 0; i < m; i++) {
            Tensor xi = Tensor.matrix(1, 3, java.util.Arrays.copyOfRange(xs, 3 * i, 3 * i + 3));
            Linear l0 = mlp.layers().get(0);
            Linear l1 = mlp.layers().get(1);
            Tensor pre0 = l0.forward(xi);
            Tensor logits = l1.forward(pre0.tanh());   // mlp.forward(xi), keeping the pre-activations
            Tensor[] pre = {pre0, logits};
            double[] p = softmax(logits);
            for (int y = 0; y < 4; y++) {
                Tensor nll = logits.logSoftmax().gather(new int[] {y}).sum().neg();
                Tensor[] g = Autodiff.grad(new Tensor[] {nll}, pre, null, false);
                for (int l = 0; l < 2; l++) {
                    addOuter(exactG[l], g[l].data(), p[y] / m);
                }
            }
        }
        int[] samples = {4, 64, 1024};
        double[][] err = new double[2][samples.length];
        int seeds = 8;
        for (int s = 0; s < samples.length; s++) {
            for (int seed = 0; seed < seeds; seed++) {
                Kfac kfac = Kfac.builder(mlp.layers()).build();
                Tensor out = mlp.forward(repeatRows(xs, m, 3, samples[s]));
                kfac.updateFactors(FisherLoss.categorical(out, new Pcg64(100 + seed)));
                for (int l = 0; l < 2; l++) {
                    double e = KroneckerInverseTest.relativeError(kfac.factors(l).g(), exactG[l]);
                    err[l][s] += e * e / seeds;
                }
                if (s == 0 && seed == 0) {
                    // A does not depend on the sampled labels: exact already
                    double[] a0 = KfacFactors.secondMoment(xs, m, 3, true);
                    assertThat(KroneckerInverseTest.relativeError(kfac.factors(0).a(), a0)).isLessThan(1e-12);
                }
            }
            for (int l = 0; l < 2; l++) {
                err[l][s] = Math.sqrt(err[l][s]);   // root-mean-square over the seeds
            }
        }
        // The Monte-Carlo estimate is unbiased, so its RMS error shrinks exactly like 1/sqrt(samples):
        // x16 samples -> x0.25. Over 8 fixed seeds (RMS estimated to ~25%) we require each 16-fold
        // increase to at least halve it, and 1024 samples per example to be within 6% of the exact G.
        for (int l = 0; l < 2; l++) {
            assertThat(err[l][1]).as("layer %d errors %s", l, java.util.Arrays.toString(err[l])).isLessThan(0.5 * err[l][0]);
            assertThat(err[l][2]).as("layer %d errors %s", l, java.util.Arrays.toString(err[l])).isLessThan(0.5 * err[l][1]);
            assertThat(err[l][2]).as("layer %d errors %s", l, java.util.Arrays.toString(err[l])).isLessThan(0.06);
        }
    }
}
