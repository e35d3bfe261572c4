package org.kfrelax.estimators;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Bernoulli;
import org.kfrelax.dist.Categorical;
import org.kfrelax.random.Pcg64;
import org.kfrelax.random.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Every unbiased estimator against the exact gradient by enumeration. Tolerance: the mean of
 * N estimates must lie within 4 standard errors of the exact gradient in every component, at
 * several θ (a true mean misses by more than 4 SE with probability ≈ 6e-5 per component, so a
 * failure means bias; the seeds are fixed, so the test is deterministic). The biased
 * estimators must miss by more than 10 standard errors.
 */
class UnbiasednessTest {
    private static final double[][] BERNOULLI_THETAS = {{0.0, 0.0, 0.0}, {1.2, -0.7, 0.3}, {-2.0, 1.5, 2.5}};
    private static final double[][] CATEGORICAL_THETAS = {{0.0, 0.0, 0.0, 0.0}, {1.0, -0.5, 0.3, -1.5}, {-1.0, 2.0, 0.5, 0.0}};

    /** Every component of the mean ms[0] lies within 4 standard errors ms[1] of the exact gradient. */
    private static void assertWithinFourStdErr(String what, double[][] ms, double[] exact) {
        for (int j = 0; j < exact.length; j++) {
            assertThat(Math.abs(ms[0][j] - exact[j]))
                    .as("%s component %d: mean %s exact %s se %s", what, j, ms[0][j], exact[j], ms[1][j])
                    .isLessThanOrEqualTo(4 * ms[1][j]);
        }
    }

    /** An estimator with non-trivial own parameters: trained a few steps at another θ first. */
    private static Estimator prepared(String name, int dim, boolean bernoulli) {
        Estimator e = Estimators.create(name, dim, Estimators.Settings.defaults(7));
        if (!e.parameters().isEmpty()) {
            Tensor t = Tensor.paramVector(new double[dim]);
            Rng rng = new Pcg64(99);
            for (int i = 0; i < 20; i++) {
                Estimate est = e.estimate(new Tensor[] {t}, bernoulli ? new Bernoulli(t) : new Categorical(t),
                        bernoulli ? TestProblems.THREE_BERNOULLIS : TestProblems.FOUR_CLASSES, 1, rng, true);
                e.update(est);
            }
        }
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"reinforce", "reinforce-baseline", "rloo", "rebar", "relax", "kf-relax", "discrete-lax",
        "arm", "disarm"})
    void bernoulliEstimatesAreUnbiased(String name) {
        Estimator e = prepared(name, 3, true);
        if (name.equals("reinforce-baseline")) {
            e.update(new Estimate(new Tensor[0], new Tensor[0], 0.8)); // a non-zero baseline
        }
        int batch = name.equals("rloo") ? 4 : 1;
        int n = 4000;
        Rng rng = new Pcg64(12345);
        for (double[] theta : BERNOULLI_THETAS) {
            double[] exact = TestProblems.exactBernoulliGradient(theta, TestProblems.THREE_BERNOULLIS);
            Tensor t = Tensor.paramVector(theta);
            double[][] ms = TestProblems.meanAndStdErr(
                    TestProblems.estimates(e, t, Bernoulli::new, TestProblems.THREE_BERNOULLIS, n, batch, rng));
            assertWithinFourStdErr(name + " at theta " + List.of(theta[0], theta[1], theta[2]), ms, exact);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reinforce", "rloo", "rebar", "relax", "kf-relax", "discrete-lax"})
    void categoricalEstimatesAreUnbiased(String name) {
        Estimator e = prepared(name, 4, false);
        int batch = name.equals("rloo") ? 3 : 1;
        int n = 4000;
        Rng rng = new Pcg64(54321);
        for (double[] theta : CATEGORICAL_THETAS) {
            double[] exact = TestProblems.exactCategoricalGradient(theta, TestProblems.FOUR_CLASSES);
            Tensor t = Tensor.paramVector(theta);
            double[][] ms = TestProblems.meanAndStdErr(
                    TestProblems.estimates(e, t, Categorical::new, TestProblems.FOUR_CLASSES, n, batch, rng));
            assertWithinFourStdErr(name, ms, exact);
        }
    }

    /**
     * Gaussian: f(a) = sin(a₀) + a₁², E[f] = sin(μ₀)e^{−σ₀²/2} + μ₁² + σ₁², so
     * ∂/∂μ = (cos(μ₀)e^{−σ₀²/2}, 2μ₁) and ∂/∂log σ = (−σ₀² sin(μ₀)e^{−σ₀²/2}, 2σ₁²).
     */
    @ParameterizedTest
    @ValueSource(strings = {"reinforce", "lax", "kf-lax"})
    void gaussianEstimatesAreUnbiased(String name) {
        Estimator e = Estimators.create(name, 2, Estimators.Settings.defaults(7));
        Objective f = a -> Math.sin(a[0]) + a[1] * a[1];
        Rng rng = new Pcg64(777);
        double[][] params = {{0.3, -0.5, -0.2, 0.1}, {1.5, 0.8, 0.4, -0.6}};
        for (double[] q : params) {
            Tensor mu = Tensor.paramVector(q[0], q[1]);
            Tensor ls = Tensor.paramVector(q[2], q[3]);
            if (!e.parameters().isEmpty()) {   // train the surrogate a little so it is not at its initialization
                for (int i = 0; i < 20; i++) {
                    e.update(e.estimate(new Tensor[] {mu, ls}, new org.kfrelax.dist.Gaussian(mu, ls), f, 1, rng, true));
                }
            }
            double s0 = Math.exp(q[2]);
            double s1 = Math.exp(q[3]);
            double damp = Math.exp(-s0 * s0 / 2);
            double[] exact = {Math.cos(q[0]) * damp, 2 * q[1], -s0 * s0 * Math.sin(q[0]) * damp, 2 * s1 * s1};
            int n = 2500;
            double[][] samples = new double[n][];
            for (int i = 0; i < n; i++) {
                Estimate est = e.estimate(new Tensor[] {mu, ls}, new org.kfrelax.dist.Gaussian(mu, ls), f, 1, rng, false);
                double[] g0 = est.gradient()[0].toArray();
                double[] g1 = est.gradient()[1].toArray();
                samples[i] = new double[] {g0[0], g0[1], g1[0], g1[1]};
            }
            double[][] ms = TestProblems.meanAndStdErr(samples);
            assertWithinFourStdErr(name, ms, exact);
        }
    }

    @Test
    void concreteAndStraightThroughAreBiased() {
        double[] theta = {1.2, -0.7, 0.3};
        double[] exact = TestProblems.exactBernoulliGradient(theta, TestProblems.THREE_BERNOULLIS);
        for (Estimator e : List.of(new Concrete(1.0), new StraightThrough(1.0))) {
            assertThat(e.isUnbiased()).isFalse();
            Tensor t = Tensor.paramVector(theta);
            double[][] ms = TestProblems.meanAndStdErr(
                    TestProblems.estimates(e, t, Bernoulli::new, TestProblems.THREE_BERNOULLIS, 4000, 1, new Pcg64(3)));
            double worst = 0;
            for (int j = 0; j < 3; j++) {
                worst = Math.max(worst, Math.abs(ms[0][j] - exact[j]) / ms[1][j]);
            }
            System.out.printf("%s: mean %s exact %s%n", e.name(), java.util.Arrays.toString(ms[0]), java.util.Arrays.toString(exact));
            assertThat(worst).as("%s bias in standard errors", e.name()).isGreaterThan(10);
        }
    }
}
