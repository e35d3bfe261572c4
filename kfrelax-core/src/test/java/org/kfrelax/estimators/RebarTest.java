package org.kfrelax.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Bernoulli;
import org.kfrelax.dist.Categorical;
import org.kfrelax.random.Pcg64;
import org.kfrelax.random.Rng;

/**
 * REBAR on one Bernoulli unit, where its control variate
 * c = −f(σ_λ(z̃))(b − p) + ∇θ f(σ_λ(z)) − ∇θ f(σ_λ(z̃)) has E[c | b] = −f(½)(b − p) for every λ
 * and either coupling (Rebar's Javadoc), and the tied coupling. Per-sample estimates come from
 * one batch of B samples with one logit row per sample (the gradient of row i is ĝ_i / B);
 * the hard samples b_i are redrawn from the same seed by the documented sampling protocol (u
 * first). Statistical tolerances are stated at each assertion; seeds are fixed.
 */
class RebarTest {
    private static final int B = 40_000;

    private static DifferentiableObjective square(double t) {
        return x -> x.sub(t).square().sum(1);
    }

    /** Per-sample REBAR estimates ĝ_i (η = 1, the given λ), the b_i, and r_i = f(b_i)(b_i − p). */
    private record Samples(double[] g, double[] b, double[] r, double p) {
        /** c_i = (ĝ_i − r_i)/η with η = 1. */
        double[] c() {
            double[] c = new double[g.length];
            for (int i = 0; i < c.length; i++) {
                c[i] = g[i] - r[i];
            }
            return c;
        }
    }

    private static Samples draw(Rebar.Coupling coupling, double logit, double temperature, double t, long seed) {
        Rebar rebar = new Rebar(0.01, coupling);
        rebar.parameters().get(1).data()[0] = Math.log(temperature); // λ as optimizers set it, through the backing array
        double[] l = new double[B];
        Arrays.fill(l, logit);
        Tensor logits = Tensor.paramMatrix(B, 1, l);
        Bernoulli d = new Bernoulli(logits);
        double[] g = rebar.estimate(new Tensor[] {logits}, d, square(t), B, new Pcg64(seed), false).gradient()[0].toArray();
        double[] b = d.hard(d.relaxed(d.noise(B, new Pcg64(seed)))).toArray();
        double p = 1 / (1 + Math.exp(-logit));
        double[] r = new double[B];
        for (int i = 0; i < B; i++) {
            g[i] *= B;
            r[i] = (b[i] - t) * (b[i] - t) * (b[i] - p);
        }
        return new Samples(g, b, r, p);
    }

    /** Mean and standard error of the entries of x whose b equals {@code which}. */
    private static double[] meanAndStdErrWhere(double[] x, double[] b, double which) {
        double s = 0;
        double ss = 0;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (b[i] == which) {
                s += x[i];
                ss += x[i] * x[i];
                n++;
            }
        }
        double m = s / n;
        return new double[] {m, Math.sqrt((ss / n - m * m) / (n - 1))};
    }

    /**
     * E[c | b] = −f(½)(b − p) at t = 0.2 (f(½) = 0.09), p = σ(−0.8) ≈ 0.31, for λ in {0.25, 0.5, 2}.
     * Tolerance 4 standard errors of the conditional mean (≈ 12,000 and 28,000 samples per b); the
     * test also requires the predicted value to be more than 8 standard errors from 0, so a control
     * variate with another conditional mean (e.g. −E[f(σ_λ(z̃)) | b](b − p)) would fail it.
     */
    @ParameterizedTest
    @EnumSource(Rebar.Coupling.class)
    void controlVariateIsTheBaselineEtaFOfOneHalfOnAverage(Rebar.Coupling coupling) {
        double t = 0.2;
        double fHalf = (0.5 - t) * (0.5 - t);
        for (double lambda : new double[] {0.25, 0.5, 2.0}) {
            Samples s = draw(coupling, -0.8, lambda, t, 11);
            double[] c = s.c();
            for (double b : new double[] {0, 1}) {
                double[] ms = meanAndStdErrWhere(c, s.b(), b);
                double predicted = -fHalf * (b - s.p());
                assertThat(Math.abs(predicted)).as("the check discriminates").isGreaterThan(8 * ms[1]);
                assertThat(ms[0]).as("%s λ %s: E[c | b = %s] (se %s)", coupling, lambda, b, ms[1])
                        .isCloseTo(predicted, within(4 * ms[1]));
            }
        }
    }

    /**
     * On the toy (t = 0.499, p = 0.5) the best η for a fixed λ removes the fraction corr(r, c)² of
     * REINFORCE's variance; with f(½) = 10⁻⁶ the true value is ≈ 10⁻¹⁴, the sample value's noise
     * ≈ 1/B = 2.5·10⁻⁵: asserted below 10⁻³. Control: at t = 0.2 the same statistic is above
     * 10⁻² (there f(½) = 0.09 is a useful baseline), so the test can tell the two apart.
     */
    @ParameterizedTest
    @EnumSource(Rebar.Coupling.class)
    void onTheToyNoEtaReducesReinforceVariance(Rebar.Coupling coupling) {
        for (double lambda : new double[] {0.1, 0.5, 2.0}) {
            assertThat(bestEtaReduction(draw(coupling, 0.0, lambda, 0.499, 21)))
                    .as("%s λ %s at t = 0.499", coupling, lambda).isLessThan(1e-3);
        }
        assertThat(bestEtaReduction(draw(coupling, 0.0, 2.0, 0.2, 21))).as("%s at t = 0.2", coupling).isGreaterThan(1e-2);
    }

    /** corr(r, c)²: the fraction of Var(r) removed by the variance-minimizing η. */
    private static double bestEtaReduction(Samples s) {
        double[] r = s.r();
        double[] c = s.c();
        double mr = Arrays.stream(r).average().orElseThrow();
        double mc = Arrays.stream(c).average().orElseThrow();
        double rc = 0;
        double rr = 0;
        double cc = 0;
        for (int i = 0; i < r.length; i++) {
            rc += (r[i] - mr) * (c[i] - mc);
            rr += (r[i] - mr) * (r[i] - mr);
            cc += (c[i] - mc) * (c[i] - mc);
        }
        return rc * rc / (rr * cc);
    }

    /** The tied noise gives z̃ = z in value, for shared and per-row logits, up to 1e-9 (rounding of O(|ℓ|) terms). */
    @Test
    void tiedNoiseReproducesTheRelaxedSample() {
        double[] logits = {-30, -3, -0.2, 0, 0.7, 5, 30};
        Rng rng = new Pcg64(5);
        Bernoulli shared = new Bernoulli(Tensor.vector(logits));
        Tensor u = shared.noise(500, rng);
        assertTiedMatches(shared, u);
        double[] rows = new double[500 * logits.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = logits[i % logits.length] * (1 + (i / logits.length) % 3); // per-row logits differ by row
        }
        assertTiedMatches(new Bernoulli(Tensor.matrix(500, logits.length, rows)), u);
    }

    private static void assertTiedMatches(Bernoulli d, Tensor u) {
        Tensor z = d.relaxed(u);
        Tensor b = d.hard(z);
        double[] zt = d.conditional(b, Rebar.tiedNoise(d, u, b)).toArray();
        double[] zz = z.toArray();
        for (int i = 0; i < zz.length; i++) {
            assertThat(zt[i]).as("entry %d", i).isCloseTo(zz[i], within(1e-9 * (1 + Math.abs(zz[i]))));
        }
    }

    /** Tied REBAR is unbiased: the mean of 4000 estimates within 4 standard errors of the exact gradient (as UnbiasednessTest). */
    @Test
    void tiedCouplingIsUnbiased() {
        Rebar e = new Rebar(0.01, Rebar.Coupling.TIED);
        Tensor t0 = Tensor.paramVector(0, 0, 0);
        Rng train = new Pcg64(99);
        for (int i = 0; i < 20; i++) { // move η and λ off their initial values
            e.update(e.estimate(new Tensor[] {t0}, new Bernoulli(t0), TestProblems.THREE_BERNOULLIS, 1, train, true));
        }
        Rng rng = new Pcg64(4321);
        for (double[] theta : List.of(new double[] {0, 0, 0}, new double[] {1.2, -0.7, 0.3}, new double[] {-2.0, 1.5, 2.5})) {
            double[] exact = TestProblems.exactBernoulliGradient(theta, TestProblems.THREE_BERNOULLIS);
            double[][] ms = TestProblems.meanAndStdErr(TestProblems.estimates(e, Tensor.paramVector(theta), Bernoulli::new,
                    TestProblems.THREE_BERNOULLIS, 4000, 1, rng));
            for (int j = 0; j < exact.length; j++) {
                assertThat(ms[0][j]).as("component %d at %s", j, Arrays.toString(theta)).isCloseTo(exact[j], within(4 * ms[1][j]));
            }
        }
    }

    @Test
    void tiedCouplingNeedsBernoulliAndNamesAreParsed() {
        Tensor t = Tensor.paramVector(0.1, 0.2, 0.3, 0.4);
        assertThatThrownBy(() -> new Rebar(0.01, Rebar.Coupling.TIED).estimate(new Tensor[] {t}, new Categorical(t),
                TestProblems.FOUR_CLASSES, 1, new Pcg64(1), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tied").hasMessageContaining("Bernoulli");
        assertThat(Rebar.Coupling.parse("tied")).isEqualTo(Rebar.Coupling.TIED);
        assertThat(Rebar.Coupling.parse("independent")).isEqualTo(Rebar.Coupling.INDEPENDENT);
        assertThatThrownBy(() -> Rebar.Coupling.parse("same")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'same'").hasMessageContaining("independent or tied");
        assertThatThrownBy(() -> new Rebar(0.01, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
