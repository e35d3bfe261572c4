package org.kfrelax.kfac;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.nn.Activation;
import org.kfrelax.nn.Linear;
import org.kfrelax.nn.Mlp;
import org.kfrelax.random.Pcg64;

/**
 * ACKTR's trust region: the step actually applied to the parameters, d, measured under the damped
 * curvature it was preconditioned with, dᵀ(A ⊗ G + γI)d = η² s² ⟨ΔW_nat, ∇W⟩, never exceeds δ,
 * and equals δ whenever the step was clipped (the clip is tight, not merely conservative).
 */
class TrustRegionTest {

    @Test
    void appliedStepNeverExceedsKlClip() {
        double delta = 1e-3;
        double gamma = 1e-2;
        double lr = 0.5;
        Pcg64 rng = new Pcg64(21);
        Mlp mlp = Mlp.create(new int[] {4, 8, 3}, Activation.TANH, rng);
        // momentum 0, so the applied step is exactly η·s·ΔW_nat; inverses from the current factors
        // (a new eigendecomposition at every step: the curvature below is the factors' own)
        Kfac kfac = Kfac.builder(mlp.layers()).learningRate(lr).momentum(0).damping(gamma).klClip(delta)
                .inverseUpdatePeriod(1).eigenbasisUpdatePeriod(1).build();
        double[] xs = new double[32 * 4];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = rng.nextGaussian();
        }
        Tensor x = Tensor.matrix(32, 4, xs);
        int[] labels = new int[32];
        for (int i = 0; i < 32; i++) {
            labels[i] = i % 3;
        }
        double[] gradScales = {1e-4, 1e-2, 1, 1e2, 1e4};
        int clipped = 0;
        int unclipped = 0;
        for (int it = 0; it < 25; it++) {
            Tensor out = mlp.forward(x);
            kfac.updateFactors(FisherLoss.categorical(out, rng));
            Tensor loss = out.logSoftmax().gather(labels).mean().neg();
            Tensor[] grads = Autodiff.grad(loss, kfac.parameters().toArray(new Tensor[0]));
            double c = gradScales[it % gradScales.length];
            for (int i = 0; i < grads.length; i++) {
                grads[i] = grads[i].mul(c);
            }
            double[][] before = new double[grads.length][];
            for (int i = 0; i < grads.length; i++) {
                before[i] = kfac.parameters().get(i).toArray();
            }
            kfac.step(grads);
            double quad = 0;
            for (int l = 0; l < 2; l++) {
                Linear layer = mlp.layers().get(l);
                double[] w0 = before[2 * l];
                double[] b0 = before[2 * l + 1];
                double[] w = layer.weight().data();
                double[] b = layer.bias().data();
                double[] d = new double[w.length + b.length];
                for (int j = 0; j < w.length; j++) {
                    d[j] = w0[j] - w[j];
                }
                for (int j = 0; j < b.length; j++) {
                    d[w.length + j] = b0[j] - b[j];
                }
                KfacFactors f = kfac.factors(l);
                double[] k = KroneckerInverseTest.kron(f.a(), f.dimA(), f.g(), f.dimG());
                int n = d.length;
                for (int i = 0; i < n; i++) {
                    double row = gamma * d[i];
                    for (int j = 0; j < n; j++) {
                        row += k[i * n + j] * d[j];
                    }
                    quad += d[i] * row;
                }
            }
            // 1e-9 relative: the two sides differ only by rounding in a few hundred products
            assertThat(quad).as("iteration %d, gradient scale %s", it, c).isLessThanOrEqualTo(delta * (1 + 1e-9));
            if (kfac.lastScale() < 1) {
                clipped++;
                assertThat(Math.abs(quad - delta)).isLessThan(1e-9 * delta);
            } else {
                unclipped++;
                assertThat(Math.abs(quad - kfac.lastQuadraticForm())).isLessThan(1e-9 * delta);
            }
        }
        assertThat(clipped).as("some steps must hit the bound").isGreaterThan(0);
        assertThat(unclipped).as("some steps must be inside the bound").isGreaterThan(0);
    }
}
