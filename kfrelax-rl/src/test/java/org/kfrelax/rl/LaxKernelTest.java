package org.kfrelax.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.kfac.FisherLoss;
import org.kfrelax.kfac.Kfac;
import org.kfrelax.nn.Mlp;
import org.kfrelax.random.Pcg64;

/**
 * The hand-differentiated {@link LaxKernel} gives the same ĝ and ∇φ mean ĝ² as the autodiff
 * path ({@link Lax#autodiffGradients}, double backprop through the engine): both compute the
 * same sums in a different order, so they agree to rounding. Tolerance 1e-10 relative to the
 * largest component of each gradient (rounding of sums over 300 rows is ~1e-14 relative; a
 * wrong term, e.g. a dropped f'' contribution, is of the order of the gradient itself).
 */
class LaxKernelTest {

    @ParameterizedTest
    @CsvSource({
        "tanh, 3, 1, 32;32, 32;32",
        "tanh, 2, 2, 8, 16;8;4",
        "relu, 3, 1, 16;16, 16;16",
        "elu, 4, 2, 10;10, 12;6",
        "elu, 1, 3, 5, 7",
    })
    void kernelEqualsAutodiff(String activation, int obsDim, int actDim, String hidden, String cvHidden) {
        Pcg64 rng = new Pcg64(7);
        Mlp mean = Nets.mlp(obsDim, sizes(hidden), actDim, activation, 0.5, rng);
        Mlp cv = Nets.mlp(obsDim + actDim, sizes(cvHidden), 1, activation, 1.0, rng);
        double[] ls = new double[actDim];
        for (int d = 0; d < actDim; d++) {
            ls[d] = -0.3 + 0.2 * d;
        }
        Tensor logStd = Tensor.param(Tensor.vector(ls));
        // nonzero biases so that ReLU/ELU units sit on both sides of 0
        for (Tensor p : mean.parameters()) {
            perturb(p, rng);
        }
        for (Tensor p : cv.parameters()) {
            perturb(p, rng);
        }
        int n = 300;
        double[] x = new double[n * obsDim];
        double[] eps = new double[n * actDim];
        double[] adv = new double[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * rng.nextGaussian();
        }
        for (int i = 0; i < eps.length; i++) {
            eps[i] = rng.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            adv[i] = rng.nextGaussian();
        }
        LaxKernel kernel = new LaxKernel(mean, logStd, cv);
        kernel.setBatch(x, eps, n);
        LaxKernel.Gradients k = kernel.gradients(adv);
        Tensor[][] ref = Lax.autodiffGradients(mean, logStd, cv, Tensor.matrix(n, obsDim, x.clone()),
                Tensor.matrix(n, actDim, eps.clone()), Tensor.vector(adv.clone()));

        assertClose("policy", k.policy(), ref[0]);
        assertClose("cv", k.cv(), ref[1]);
        double sumSq = 0;
        int count = 0;
        for (Tensor g : ref[0]) {
            for (double v : g.data()) {
                sumSq += v * v;
            }
            count += g.size();
        }
        assertThat(k.loss()).isCloseTo(sumSq / count, within(1e-10 * sumSq / count));
        Tensor mu = mean.forward(Tensor.matrix(n, obsDim, x.clone()));
        double[] kmu = kernel.mean();
        for (int i = 0; i < kmu.length; i++) {
            assertThat(kmu[i]).isCloseTo(mu.data()[i], within(1e-12));
        }
    }

    /** kf-lax's surrogate curvature from the kernel equals the recorded graph path's (same noise draws). */
    @Test
    void surrogateFactorsEqualTheGraphPath() {
        double[][] factors = new double[2][];
        for (int path = 0; path < 2; path++) {
            Pcg64 rng = new Pcg64(11);
            Mlp mean = Nets.mlp(3, new int[] {16, 16}, 1, "tanh", 0.5, rng);
            Mlp cv = Nets.mlp(4, new int[] {16, 16}, 1, "tanh", 1.0, rng);
            Tensor logStd = Tensor.param(Tensor.vector(-0.2));
            int n = 200;
            double[] x = new double[n * 3];
            double[] eps = new double[n];
            double[] adv = new double[n];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextGaussian();
            }
            for (int i = 0; i < n; i++) {
                eps[i] = rng.nextGaussian();
                adv[i] = rng.nextGaussian();
            }
            Kfac kfac = Kfac.builder(cv.layers()).build();
            LaxKernel kernel = new LaxKernel(mean, logStd, cv);
            kernel.setBatch(x, eps, n);
            Pcg64 noise = new Pcg64(5);
            if (path == 0) {
                kfac.startRecording();
                Tensor raw = cv.forward(Tensor.concatCols(Tensor.matrix(n, 3, x), kernel.actions()));
                kfac.updateFactors(FisherLoss.gaussian(raw, noise));
            } else {
                kernel.gradients(adv);
                kernel.foldCvFactors(kfac, noise);
            }
            double[] all = new double[0];
            for (int l = 0; l < cv.layers().size(); l++) {
                all = concat(all, kfac.factors(l).a());
                all = concat(all, kfac.factors(l).g());
            }
            factors[path] = all;
            assertThat(kfac.factors(0).updates()).as("factor updates").isEqualTo(1);
        }
        assertThat(factors[1]).hasSameSizeAs(factors[0]);
        for (int i = 0; i < factors[0].length; i++) {
            assertThat(factors[1][i]).as("factor entry " + i).isCloseTo(factors[0][i], within(1e-12 * (1 + Math.abs(factors[0][i]))));
        }
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The value network's squared-error gradient on plain arrays equals the autodiff one. */
    @Test
    void squaredErrorGradientsEqualAutodiff() {
        Pcg64 rng = new Pcg64(13);
        Mlp value = Nets.mlp(3, new int[] {16, 8}, 1, "tanh", 1.0, rng);
        int n = 150;
        double[] x = new double[n * 3];
        double[] target = new double[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            target[i] = -50 + 10 * rng.nextGaussian();
        }
        double[][] k = LaxKernel.squaredErrorGradients(new MlpKernel(value), x, target);
        Tensor loss = value.forward(Tensor.matrix(n, 3, x)).flatten().sub(Tensor.vector(target)).square().mean();
        assertClose("value", k, org.kfrelax.autodiff.Autodiff.grad(loss, value.parameters().toArray(Tensor[]::new)));
    }

    private static void assertClose(String what, double[][] kernel, Tensor[] ref) {
        assertThat(kernel.length).as(what + " parameter count").isEqualTo(ref.length);
        for (int i = 0; i < ref.length; i++) {
            double[] r = ref[i].data();
            assertThat(kernel[i]).as(what + " " + i).hasSize(r.length);
            double scale = 0;
            for (double v : r) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertThat(scale).as(what + " " + i + " is not trivially zero").isGreaterThan(1e-8);
            for (int j = 0; j < r.length; j++) {
                assertThat(kernel[i][j]).as(what + " parameter " + i + " component " + j).isCloseTo(r[j], within(1e-10 * scale));
            }
        }
    }

    private static void perturb(Tensor p, Pcg64 rng) {
        double[] d = p.data();
        for (int i = 0; i < d.length; i++) {
            d[i] += 0.3 * rng.nextGaussian();
        }
    }

    private static int[] sizes(String s) {
        String[] parts = s.split(";");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i].trim());
        }
        return out;
    }
}
