package org.kfrelax.rl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.gym.Gym;
import org.kfrelax.random.Pcg64;

/**
 * The hand-differentiated RELAX update ({@link RelaxEpisodeKernel}) computes what the autodiff
 * graph computes: ĝ, the entropy gradient and ∇φ of the variance loss (incl. log τ and scale),
 * for every activation, several depths and 2 and 3 actions; and whole training runs through
 * either path end with the same parameters.
 *
 * <p>Tolerance: both paths evaluate the same formulas in double precision, in different
 * orders; the differences seen are ~1e-15 relative. A relative error of 1e-9 (of each tensor's
 * largest entry) leaves room for cancellation, while a missing or wrong term (e.g. dropping
 * σ'' or the τ chain rule) changes the results at 1e-3 relative or more.
 */
class RelaxKernelTest {
    private static final double TOL = 1e-9;

    @ParameterizedTest
    @CsvSource({
        "CartPole-v0, relu, 10 10", "CartPole-v0, tanh, 10 10", "CartPole-v0, elu, 7 5",
        "CartPole-v0, relu, 6", "Acrobot-v1, tanh, 8 8 8", "Acrobot-v1, relu, 12",
        "Acrobot-v1, elu, 9 4"})
    void kernelEqualsGraph(String env, String activation, String hidden) {
        int[] h = java.util.Arrays.stream(hidden.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
        AgentConfig c = config("relax", activation, h, "gauss-newton");
        Relax agent = new Relax(Gym.makeDiscrete(env), c, 5);
        // move away from the initial values so that every term is exercised
        Pcg64 rng = new Pcg64(11);
        for (Map.Entry<String, Tensor> e : agent.parameters().entrySet()) {
            double[] d = e.getValue().data();
            for (int i = 0; i < d.length; i++) {
                d[i] += 0.3 * rng.nextGaussian();
            }
        }
        agent.parameters().get("cv.logTau").data()[0] = Math.log(0.7);
        agent.parameters().get("cv.scale").data()[0] = 1.6;
        for (int episode = 0; episode < 3; episode++) {
            EpisodeBuffer ep = agent.sampleEpisode();
            double[] v = new double[ep.length * ep.nActions];
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.nextOpenDouble();
            }
            Tensor[][] byKernel = agent.gradients(ep, v, true);
            Tensor[][] byGraph = agent.gradients(ep, v, false);
            String[] what = {"g", "entropy gradient", "variance gradient"};
            for (int w = 0; w < 3; w++) {
                for (int i = 0; i < byGraph[w].length; i++) {
                    assertClose(byKernel[w][i].data(), byGraph[w][i].data(),
                            env + " " + activation + " " + hidden + " episode " + episode + " " + what[w] + " [" + i + "]");
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"relax", "kf-relax"})
    void trainingThroughEitherPathEndsAtTheSameParameters(String algo) {
        AgentConfig c = AgentConfig.defaults(Algorithm.parse(algo));
        Relax byKernel = new Relax(Gym.makeDiscrete("CartPole-v0"), c, 2, true);
        Relax byGraph = new Relax(Gym.makeDiscrete("CartPole-v0"), c, 2, false);
        assertTrainAlike(byKernel, byGraph, algo);
    }

    /** Trains both agents for 60 episodes; asserts equal episode lengths and parameters within {@link #TOL}. */
    static void assertTrainAlike(Agent<?> byKernel, Agent<?> byGraph, String what) {
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        byKernel.learn(Budget.episodes(60), s -> a.append(s.steps()).append(' ') != null);
        byGraph.learn(Budget.episodes(60), s -> b.append(s.steps()).append(' ') != null);
        assertThat(a.toString()).as(what + " episode lengths").isEqualTo(b.toString());
        for (String k : byGraph.parameters().keySet()) {
            assertClose(byKernel.parameters().get(k).data(), byGraph.parameters().get(k).data(), what + " " + k);
        }
    }

    @Test
    void theComparisonDetectsADifference() {
        double[] x = {1.0, 2.0};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertClose(new double[] {1.0, 2.001}, x, "planted"))
                .isInstanceOf(AssertionError.class);
    }

    static void assertClose(double[] actual, double[] expected, String what) {
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        assertThat(scale).as(what + " is all zero or not finite").isGreaterThan(0).isFinite();
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i]) / scale).as(what + " entry " + i + ": " + actual[i] + " vs " + expected[i])
                    .isLessThanOrEqualTo(TOL);
        }
    }

    private static AgentConfig config(String algo, String activation, int[] h, String cvFisher) {
        return AgentConfig.builder(Algorithm.parse(algo)).hidden(h).activation(activation).valueHidden(h).cvHidden(h)
                .cvFisher(cvFisher).build();
    }
}
