package org.kfrelax.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Bernoulli;
import org.kfrelax.dist.Categorical;
import org.kfrelax.dist.Distribution;
import org.kfrelax.dist.Gaussian;
import org.kfrelax.random.Pcg64;

/**
 * The variance gradient ∂((1/P) Σ_j ĝ_j²)/∂ψ ({@link VarianceLoss}) of every estimator with own
 * parameters matches central finite differences of the mean squared estimate with the noise
 * held fixed (same seed). Step
 * h = 1e-5; tolerance 1e-6·(1 + |value|) (central differences err by O(h²) ≈ 1e-10 times the
 * third derivative, plus rounding ≈ 1e-16/h).
 */
class VarianceGradientTest {

    private static double squaredEstimate(Estimator e, Tensor[] theta, Distribution d, Objective f, int batch, long seed) {
        Estimate est = e.estimate(theta, d, f, batch, new Pcg64(seed), false);
        double s = 0;
        int count = 0;
        for (Tensor g : est.gradient()) {
            for (double x : g.toArray()) {
                s += x * x;
                count++;
            }
        }
        return s / count;
    }

    private static void check(Estimator e, Tensor[] theta, Function<Tensor[], Distribution> family, Objective f, int batch) {
        for (long seed = 1; seed <= 3; seed++) {
            Estimate est = e.estimate(theta, family.apply(theta), f, batch, new Pcg64(seed), true);
            List<Tensor> ps = e.parameters();
            assertThat(est.varianceGradient()).hasSize(ps.size());
            for (int k = 0; k < ps.size(); k++) {
                double[] p = ps.get(k).data();
                for (int j = 0; j < p.length; j++) {
                    double old = p[j];
                    double h = 1e-5;
                    p[j] = old + h;
                    double up = squaredEstimate(e, theta, family.apply(theta), f, batch, seed);
                    p[j] = old - h;
                    double down = squaredEstimate(e, theta, family.apply(theta), f, batch, seed);
                    p[j] = old;
                    double fd = (up - down) / (2 * h);
                    double an = est.varianceGradient()[k].get(j);
                    assertThat(an).as("%s parameter %d[%d] seed %d", e.name(), k, j, seed)
                            .isCloseTo(fd, within(1e-6 * (1 + Math.abs(fd))));
                }
            }
        }
    }

    @Test
    void relaxOnThreeBernoullis() {
        Tensor[] theta = {Tensor.paramVector(0.4, -1.1, 2.0)};
        check(Relax.relax(3, 0.01, new Pcg64(1)), theta, t -> new Bernoulli(t[0]), TestProblems.THREE_BERNOULLIS, 2);
    }

    @Test
    void relaxScalarKernelAndGraph() {
        DifferentiableObjective f = x -> x.sub(0.499).square().sum(1);
        Tensor[] theta = {Tensor.paramVector(-0.3)};
        check(Relax.relax(1, 0.01, new Pcg64(2)), theta, t -> new Bernoulli(t[0]), f, 1);
        check(Relax.relax(1, 0.01, new Pcg64(2)).withoutKernel(), theta, t -> new Bernoulli(t[0]), f, 3);
    }

    @Test
    void relaxOnCategoricalAndDiscreteLax() {
        Tensor[] theta = {Tensor.paramVector(0.5, -0.2, 1.0, 0.0)};
        check(Relax.relax(4, 0.01, new Pcg64(3)), theta, t -> new Categorical(t[0]), TestProblems.FOUR_CLASSES, 2);
        check(DiscreteLax.create(4, 0.01, new Pcg64(3)), theta, t -> new Categorical(t[0]), TestProblems.FOUR_CLASSES, 2);
    }

    @Test
    void rebar() {
        Tensor[] theta = {Tensor.paramVector(0.4, -1.1, 2.0)};
        check(new Rebar(0.01), theta, t -> new Bernoulli(t[0]), TestProblems.THREE_BERNOULLIS, 2);
        check(new Rebar(0.01, Rebar.Coupling.TIED), theta, t -> new Bernoulli(t[0]), TestProblems.THREE_BERNOULLIS, 2);
    }

    @Test
    void laxOnGaussian() {
        Tensor[] theta = {Tensor.paramVector(0.3, -0.5), Tensor.paramVector(-0.2, 0.1)};
        Objective f = x -> Math.sin(3 * x[0]) + x[1] * x[1] * x[0];
        check(Lax.lax(2, 0.01, new Pcg64(4)), theta, t -> new Gaussian(t[0], t[1]), f, 2);
    }
}
