package org.kfrelax.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;

/**
 * The fixed-policy variance instrument against exact values on {@link TinyMdp}: with two steps,
 * two actions and two successor states there are 8 trajectories, so for every estimator that
 * is a deterministic function of the episode (all but the RELAX ones, which draw noise) the
 * exact E[ĝ], tr Cov[ĝ] = E‖ĝ‖² − ‖E ĝ‖² and Var(‖ĝ − E ĝ‖²) come from enumeration, using the
 * very estimator functions the instrument measures.
 */
class FixedPolicyVarianceTest {
    static final int N = 4000;

    /** An A2C agent on TinyMdp with γ = 1, a policy far from uniform and a non-trivial critic. */
    private static A2c snapshotAgent() {
        AgentConfig c = AgentConfig.builder(Algorithm.A2C).gamma(1.0).build();
        A2c agent = new A2c(new TinyMdp(), c, 5);
        for (Tensor p : agent.parameters().values()) {
            double[] v = p.data();
            for (int i = 0; i < v.length; i++) {
                v[i] += 0.4 * Math.sin(3.0 * i + v.length);
            }
        }
        return agent;
    }

    /** The 8 trajectories of TinyMdp as episodes, with their probabilities under the agent's policy. */
    private static List<Object[]> trajectories(DiscreteAgent agent) {
        Tensor x = Tensor.matrix(3, 3, 1, 0, 0, 0, 1, 0, 0, 0, 1);
        double[] pi = agent.policy.forward(x).softmax().data();
        List<Object[]> out = new ArrayList<>();
        double[] u = {0.5, 0.5};
        for (int a0 = 0; a0 < 2; a0++) {
            for (int k = 0; k < 2; k++) {
                int s1 = 1 + k;
                for (int a1 = 0; a1 < 2; a1++) {
                    EpisodeBuffer ep = new EpisodeBuffer(3, 2);
                    ep.add(toDouble(TinyMdp.obs(0)), a0, u, TinyMdp.REWARD[0][a0]);
                    ep.add(toDouble(TinyMdp.obs(s1)), a1, u, TinyMdp.REWARD[s1][a1]);
                    double p = pi[a0] * TinyMdp.transition(a0, k) * pi[s1 * 2 + a1];
                    out.add(new Object[] {ep, p});
                }
            }
        }
        return out;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }


    /** {tr Cov, Var(‖ĝ − E ĝ‖²)} and E[ĝ] of an estimator by enumeration. */
    private static double[][] exact(List<Object[]> trajs, Function<EpisodeBuffer, Tensor[]> f) {
        List<double[]> gs = new ArrayList<>();
        double[] mean = null;
        for (Object[] t : trajs) {
            double[] g = Tensor.values(f.apply((EpisodeBuffer) t[0]));
            gs.add(g);
            if (mean == null) {
                mean = new double[g.length];
            }
            for (int j = 0; j < g.length; j++) {
                mean[j] += (double) t[1] * g[j];
            }
        }
        double var = 0;
        double[] d = new double[trajs.size()];
        for (int i = 0; i < d.length; i++) {
            double s = 0;
            for (int j = 0; j < mean.length; j++) {
                double e = gs.get(i)[j] - mean[j];
                s += e * e;
            }
            d[i] = s;
            var += (double) trajs.get(i)[1] * s;
        }
        double varD = 0;
        for (int i = 0; i < d.length; i++) {
            varD += (double) trajs.get(i)[1] * (d[i] - var) * (d[i] - var);
        }
        return new double[][] {{var, varD}, mean};
    }

    @Test
    void measuredVariancesMatchExactOnesAndEveryEstimatorIsUnbiased() {
        A2c agent = snapshotAgent();
        FixedPolicyVariance.Snapshot snap = FixedPolicyVariance.Snapshot.of(agent, "tiny", 0);
        FixedPolicyVariance.Settings settings = new FixedPolicyVariance.Settings(N, 400, new int[] {16}, 400, 64, 0.01, 11);
        List<Object[]> trajs = trajectories(agent);
        double total = 0;
        for (Object[] t : trajs) {
            total += (double) t[1];
        }
        assertThat(total).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        double[] exactGradient = Tensor.values(Autodiff.grad(RelaxUnbiasedTest.exactReturn(agent),
                agent.policy.parameters().toArray(Tensor[]::new)));

        FixedPolicyVariance.Result result;
        Map<String, double[][]> exacts = new java.util.LinkedHashMap<>();
        try (FixedPolicyVariance.Built b = FixedPolicyVariance.build(snap, TinyMdp::new, 2, settings, s -> {})) {
            for (var e : b.estimators().entrySet()) {
                if (!e.getKey().contains("relax")) {
                    exacts.put(e.getKey(), exact(trajs, e.getValue()));
                }
            }
            result = FixedPolicyVariance.evaluate(snap, b);
        }
        assertThat(exacts.keySet()).containsExactly("reinforce", "a2c", "a2c-as-trained", "fitted-v", "fitted-vt",
                "fitted-q");
        assertThat(result.estimators()).extracting(FixedPolicyVariance.EstimatorResult::estimator).containsExactly(
                "reinforce", "a2c", "relax", "kf-relax", "a2c-as-trained", "fitted-v", "fitted-vt", "fitted-q");
        for (FixedPolicyVariance.EstimatorResult r : result.estimators()) {
            double[][] ex = exacts.get(r.estimator());
            if (ex == null) {
                continue;
            }
            // exact unbiasedness: E[ĝ] by enumeration equals ∇J (γ = 1) up to rounding
            for (int j = 0; j < exactGradient.length; j++) {
                assertThat(ex[1][j]).as(r.estimator() + " E[ĝ] component " + j)
                        .isCloseTo(exactGradient[j], org.assertj.core.data.Offset.offset(1e-12));
            }
            double exactVar = ex[0][0];
            double exactSe = Math.sqrt(ex[0][1] / N);
            System.out.printf("%-16s exact %.6f measured %.6f ± %.6f (exact SE %.6f), z = %.2f%n", r.estimator(),
                    exactVar, r.variance(), r.se(), exactSe, (r.variance() - exactVar) / exactSe);
            // Tolerance: 4 exact standard errors of V̂ (V̂'s sampling distribution is close to
            // normal at N = 4000 with a bounded d_i; |z| > 4 has probability 6e-5; the seed is fixed)
            assertThat(Math.abs(r.variance() - exactVar)).as(r.estimator() + " variance").isLessThan(4 * exactSe);
            // the reported SE estimates the exact one: a sample sd from 4000 bounded draws is within
            // a few percent; 15 % is several of its own standard errors
            assertThat(r.se()).as(r.estimator() + " SE").isBetween(0.85 * exactSe, 1.15 * exactSe);
        }
        // the RELAX estimators (noise not enumerable) and all others: means agree with reinforce's;
        // 172 components × 7 estimators ≈ 1200 z-scores, of which the largest |z| exceeds 5 with
        // probability ≈ 1200 · 5.7e-7 < 1e-3 if all are unbiased
        assertThat(result.comparisons()).isEqualTo(7 * result.parameters());
        assertThat(result.maxAbsZ()).isLessThan(5.0);
        // the exact variances themselves order as expected: any baseline here beats none
        assertThat(exacts.get("fitted-v")[0][0]).isLessThan(exacts.get("reinforce")[0][0]);
    }

    @Test
    void theFitGapIsTheRatioToTheFittedValueOracle() {
        A2c agent = snapshotAgent();
        FixedPolicyVariance.Snapshot snap = FixedPolicyVariance.Snapshot.of(agent, "tiny", 0);
        FixedPolicyVariance.Settings settings = new FixedPolicyVariance.Settings(50, 20, new int[] {8}, 50, 16, 0.01, 3);
        FixedPolicyVariance.Result r = FixedPolicyVariance.measure(snap, TinyMdp::new, 2, settings, s -> {});
        double v = r.estimators().stream().filter(e -> e.estimator().equals("fitted-v")).findFirst().orElseThrow()
                .variance();
        for (FixedPolicyVariance.EstimatorResult e : r.estimators()) {
            assertThat(e.fitGap()).isCloseTo(e.variance() / v, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(e.logVariance()).isCloseTo(Math.log(e.variance()), org.assertj.core.data.Offset.offset(1e-12));
        }
        // deterministic given the seed
        FixedPolicyVariance.Result again = FixedPolicyVariance.measure(snap, TinyMdp::new, 2, settings, s -> {});
        assertThat(again).isEqualTo(r);
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> new FixedPolicyVariance.Settings(1, 10, new int[] {8}, 10, 8, 0.01, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("episodes must be at least 2, got 1");
        assertThatThrownBy(() -> new FixedPolicyVariance.Settings(10, 10, new int[] {8}, 10, 8, Double.NaN, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }
}
