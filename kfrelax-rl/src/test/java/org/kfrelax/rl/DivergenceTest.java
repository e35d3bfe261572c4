package org.kfrelax.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kfrelax.gym.Gym;
import org.kfrelax.optim.NonFiniteException;

/**
 * Numerical divergence ends training with a {@link NonFiniteException} that says why, whatever
 * detects it; K-FAC's skipped updates are counted and reported to the listener.
 */
class DivergenceTest {

    /** An episode listener that keeps the warnings and the episodes it saw. */
    static final class Recorder implements EpisodeListener {
        final List<String> warnings = new ArrayList<>();
        long episodes;

        @Override
        public boolean onEpisode(EpisodeStats stats) {
            episodes = stats.episode();
            return true;
        }

        @Override
        public void onWarning(String message) {
            warnings.add(message);
        }
    }

    @Test
    void acktrWithAbsurdKfacSettingsDivergesInsteadOfSkippingForever() {
        // issue 12's reproducer: before, every K-FAC step was skipped (NaN gradients) for the
        // whole budget and training "finished" with a policy that always picked action 0
        AgentConfig c = AgentConfig.builder(Algorithm.ACKTR).kfacLr(1e9).kfacDamping(1e-300).trustRegion(100)
                .kfacKlClip(1e300).build();
        Agent<?> agent = Agents.create(c, Gym.make("CartPole-v1"), 0);
        Recorder r = new Recorder();
        assertThatThrownBy(() -> agent.learn(Budget.episodes(300), r)).isInstanceOf(NonFiniteException.class)
                .hasMessageMatching("(?s).*(NaN|Inf|not finite).*");
        assertThat(r.episodes).isLessThan(300);
        assertThat(agent.skippedUpdates()).isEqualTo(r.warnings.size());
        for (String w : r.warnings) {
            assertThat(w).startsWith("K-FAC: ").doesNotContain("\n");
        }
        for (var p : agent.parameters().values()) {
            assertThat(p.isFinite()).isTrue();
        }
    }

    @Test
    void nonFiniteLogitsOfAKfacPolicyAreDivergenceNotBadInput() {
        // before: "Categorical logits contain NaN or Inf" as an IllegalArgumentException (bad input)
        AgentConfig c = AgentConfig.builder(Algorithm.KF_RELAX).policyKfac(true).kfacLr(1e9).kfacDamping(1e-300)
                .trustRegion(100).kfacKlClip(1e300).build();
        Agent<?> agent = Agents.create(c, Gym.make("CartPole-v1"), 0);
        assertThatThrownBy(() -> agent.learn(Budget.episodes(300), s -> true)).isInstanceOf(NonFiniteException.class)
                .hasMessageContaining("not finite");
    }

    @Test
    void oneNonFiniteGradientDoesNotPoisonTheVarianceMetric() {
        // before: the NaN entered the moving averages and every later grad_logvar was NaN (empty cells)
        GradVariance v = new GradVariance(0.9);
        v.add(new org.kfrelax.autodiff.Tensor[] {org.kfrelax.autodiff.Tensor.vector(1.0, 2.0)});
        v.add(new org.kfrelax.autodiff.Tensor[] {org.kfrelax.autodiff.Tensor.vector(3.0, -1.0)});
        double before = v.logVariance();
        assertThat(v.add(new org.kfrelax.autodiff.Tensor[] {org.kfrelax.autodiff.Tensor.vector(Double.NaN, 0.0)})).isFalse();
        assertThat(v.logVariance()).isEqualTo(before);
        assertThat(v.add(new org.kfrelax.autodiff.Tensor[] {org.kfrelax.autodiff.Tensor.vector(0.0, 1.0)})).isTrue();
        assertThat(v.logVariance()).isFinite();
    }

    @ParameterizedTest
    @CsvSource({"a2c, CartPole-v1, 4", "lax, Pendulum-v1, 3"})
    void aPolicyWithFiniteButOverflowingOutputRefusesToAct(String algo, String env, int dim) {
        // finite weights of 1e308 overflow the output: before, the discrete policy picked action 0
        // (NaN log-probabilities) and the continuous one sent the clipped bound to the environment
        Agent<?> agent = Agents.create(AgentConfig.defaults(Algorithm.parse(algo)), Gym.make(env), 1);
        for (String name : List.of("policy.0.weight", "policy.1.weight", "policy.2.weight")) {
            java.util.Arrays.fill(agent.parameters().get(name).data(), 1e308);
        }
        float[] o = new float[dim];
        java.util.Arrays.fill(o, 0.5f);
        assertThatThrownBy(() -> agent.act(o, new org.kfrelax.random.Pcg64(2))).isInstanceOf(NonFiniteException.class)
                .hasMessageContaining("not finite at observation [0.5");
    }

    @Test
    void healthyRunsSkipNothing() {
        Agent<?> agent = Agents.create(AgentConfig.defaults(Algorithm.ACKTR), Gym.make("CartPole-v1"), 0);
        Recorder r = new Recorder();
        agent.learn(Budget.episodes(50), r);
        assertThat(agent.skippedUpdates()).isZero();
        assertThat(r.warnings).isEmpty();
    }
}
