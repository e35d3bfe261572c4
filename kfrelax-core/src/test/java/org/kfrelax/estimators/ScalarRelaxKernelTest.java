package org.kfrelax.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Bernoulli;
import org.kfrelax.random.Pcg64;

/**
 * The fused scalar RELAX path equals the autodiff-graph path (same seeds): estimates and
 * variance gradients over 200 training iterations (so the surrogate updates agree too), to
 * 1e-10 absolute / 1e-9 relative (rounding differences between the two orders of operations).
 */
class ScalarRelaxKernelTest {

    @Test
    void fusedPathMatchesGraphPath() {
        compare(() -> Relax.relax(1, 0.01, new Pcg64(11)));
    }

    @Test
    void fusedKfRelaxMatchesGraphPath() {
        // K-FAC (Gauss-Newton) steps from the fused estimate and replayed forward passes
        compare(() -> Relax.kfRelax(1, KfacSurrogateOptimizer.defaults(4), new Pcg64(11)));
    }

    private static void compare(java.util.function.Supplier<Relax> make) {
        DifferentiableObjective f = x -> x.sub(0.45).square().sum(1); // (b − 0.45)²
        for (int batch : new int[] {1, 3}) {
            Relax fast = make.get();
            Relax slow = make.get().withoutKernel();
            assertThat(fast.usesKernel()).isTrue();
            assertThat(slow.usesKernel()).isFalse();
            Pcg64 r1 = new Pcg64(5);
            Pcg64 r2 = new Pcg64(5);
            Tensor l1 = Tensor.paramVector(0.3);
            Tensor l2 = Tensor.paramVector(0.3);
            for (int it = 0; it < 200; it++) {
                Estimate a = fast.estimate(new Tensor[] {l1}, new Bernoulli(l1), f, batch, r1, true);
                Estimate b = slow.estimate(new Tensor[] {l2}, new Bernoulli(l2), f, batch, r2, true);
                assertThat(a.gradient()[0].item()).as("estimate at %d", it).isCloseTo(b.gradient()[0].item(), within(1e-10));
                for (int k = 0; k < a.varianceGradient().length; k++) {
                    double[] x = a.varianceGradient()[k].toArray();
                    double[] y = b.varianceGradient()[k].toArray();
                    assertThat(a.varianceGradient()[k].shape()).isEqualTo(b.varianceGradient()[k].shape());
                    for (int j = 0; j < x.length; j++) {
                        assertThat(x[j]).as("variance gradient %d[%d] at %d", k, j, it).isCloseTo(y[j], within(1e-9 * (1 + Math.abs(y[j]))));
                    }
                }
                fast.update(a);
                slow.update(b);
                // move the logit a little so several θ are covered
                l1.data()[0] -= 0.05 * a.gradient()[0].item() + 0.002;
                l2.data()[0] -= 0.05 * b.gradient()[0].item() + 0.002;
            }
        }
    }
}
