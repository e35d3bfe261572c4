package org.kfrelax.rl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;

/**
 * The per-episode RELAX estimate is unbiased: on {@link TinyMdp}, whose exact policy gradient
 * comes from enumerating all trajectories, the mean of many RELAX estimates matches it, as
 * does the mean of the plain score-function estimate Σ_t ∇log π(a_t|s_t)·R_t.
 */
class RelaxUnbiasedTest {

    /** Exact J(θ) = Σ_traj p(traj) R(traj) as a differentiable graph, γ = 1. */
    static Tensor exactReturn(DiscreteAgent agent) {
        Tensor x = Tensor.matrix(3, 3, 1, 0, 0, 0, 1, 0, 0, 0, 1);
        Tensor pi = agent.policy.forward(x).softmax();
        Tensor j = Tensor.scalar(0);
        for (int a0 = 0; a0 < 2; a0++) {
            for (int k = 0; k < 2; k++) {
                int s1 = 1 + k;
                for (int a1 = 0; a1 < 2; a1++) {
                    double r = TinyMdp.REWARD[0][a0] + TinyMdp.REWARD[s1][a1];
                    Tensor p = pi.sliceRows(0, 1).sliceCols(a0, a0 + 1)
                            .mul(pi.sliceRows(s1, s1 + 1).sliceCols(a1, a1 + 1))
                            .mul(TinyMdp.transition(a0, k));
                    j = j.add(p.sum().mul(r));
                }
            }
        }
        return j;
    }

    @Test
    void relaxAndScoreFunctionMeansMatchTheExactGradient() {
        // γ = 1 so that Σ_t ∇log π·R_t is exactly unbiased for J = E[Σ_t r_t]; τ = 0.3 and a
        // random (untrained) surrogate, which must not bias the estimate whatever it is
        AgentConfig c = AgentConfig.builder(Algorithm.RELAX).gamma(1.0).tauInit(0.3).trustRegion(0.0).build();
        Relax agent = new Relax(new TinyMdp(), c, 7);
        // a policy far from uniform, so the gradient is not trivially small
        for (Tensor p : agent.policy.parameters()) {
            double[] v = p.data();
            for (int i = 0; i < v.length; i++) {
                v[i] += 0.4 * Math.sin(3.0 * i + v.length);
            }
        }
        Tensor[] params = agent.policy.parameters().toArray(Tensor[]::new);
        Tensor[] exact = Autodiff.grad(exactReturn(agent), params);

        int n = 40_000;
        int dim = 0;
        for (Tensor p : params) {
            dim += p.size();
        }
        double[] sumR = new double[dim];
        double[] sqR = new double[dim];
        double[] sumS = new double[dim];
        double[] sqS = new double[dim];
        for (int e = 0; e < n; e++) {
            EpisodeBuffer ep = agent.sampleEpisode();
            accumulate(agent.gradientEstimate(ep), sumR, sqR);
            Tensor logpa = agent.policy.forward(ep.observations()).logSoftmax().gather(ep.actions());
            Tensor ret = Tensor.vector(Returns.discounted(ep.rewards, ep.length, 1.0));
            accumulate(Autodiff.grad(logpa.mul(ret).sum(), params), sumS, sqS);
        }
        double[] ex = Tensor.values(exact);
        double maxZRelax = 0;
        double maxZScore = 0;
        for (int i = 0; i < dim; i++) {
            maxZRelax = Math.max(maxZRelax, z(sumR[i], sqR[i], n, ex[i]));
            maxZScore = Math.max(maxZScore, z(sumS[i], sqS[i], n, ex[i]));
        }
        // Tolerance: every component's mean lies within 4.5 standard errors of the exact value
        // (with ~150 components a |z| above 4.5 by chance has probability ~1e-3; the seed is fixed).
        assertThat(maxZScore).as("score-function estimator (sanity check of the exact gradient)").isLessThan(4.5);
        assertThat(maxZRelax).as("RELAX estimator").isLessThan(4.5);
        // and the exact gradient is not trivially zero
        double norm = 0;
        for (double v : ex) {
            norm += v * v;
        }
        assertThat(Math.sqrt(norm)).isGreaterThan(0.05);
    }

    private static double z(double sum, double sq, int n, double exact) {
        double mean = sum / n;
        double var = Math.max(sq / n - mean * mean, 1e-30);
        return Math.abs(mean - exact) / Math.sqrt(var / n);
    }

    private static void accumulate(Tensor[] g, double[] sum, double[] sq) {
        int k = 0;
        for (Tensor t : g) {
            for (double v : t.data()) {
                sum[k] += v;
                sq[k] += v * v;
                k++;
            }
        }
    }

}
