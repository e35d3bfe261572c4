package org.kfrelax.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.gym.Gym;
import org.kfrelax.nn.ParamFile;
import org.kfrelax.state.StateFile;
import org.kfrelax.state.TrainingState;

/**
 * An agent stopped after K episodes, saved (parameters through {@link ParamFile}, training state
 * through {@link StateFile}, both as bytes) and restored into a fresh agent built from the same
 * config, environment id and seed, trains on exactly as the uninterrupted agent: the same
 * episodes (length, return, total steps, gradient log-variance, bit for bit) and the same final
 * parameters. K is chosen to cut through the interesting state: between K-FAC inverse refreshes
 * (every 20 steps, Kfac's default), and for lax in the middle of a 500-step batch (K·200 steps on Pendulum).
 * The K-FAC agents are run with each damping form as well as with the default.
 */
class ResumeTest {

    @ParameterizedTest
    @CsvSource({"a2c, CartPole-v1, 13, 30,", "acktr, CartPole-v1, 13, 30,", "relax, CartPole-v1, 13, 30,",
            "kf-relax, CartPole-v1, 13, 30,", "lax, Pendulum-v1, 4, 9,", "kf-lax, Pendulum-v1, 4, 9,",
            "acktr, CartPole-v1, 13, 30, tikhonov", "acktr, CartPole-v1, 13, 30, factored",
            "kf-relax, CartPole-v1, 13, 30, tikhonov", "kf-relax, CartPole-v1, 13, 30, factored",
            "kf-lax, Pendulum-v1, 4, 9, tikhonov", "kf-lax, Pendulum-v1, 4, 9, factored"})
    void resumedRunEqualsUninterruptedRun(String algo, String envId, int k, int n, String dampingForm) {
        AgentConfig.Builder builder = AgentConfig.builder(Algorithm.parse(algo));
        AgentConfig c = (dampingForm == null ? builder : builder.kfacDampingForm(dampingForm)).build();
        long seed = 5;
        List<String> straight = new ArrayList<>();
        Agent<?> whole = Agents.create(c, Gym.make(envId), seed);
        whole.learn(Budget.episodes(n), s -> straight.add(line(s)));

        List<String> pieces = new ArrayList<>();
        Agent<?> first = Agents.create(c, Gym.make(envId), seed);
        first.learn(Budget.episodes(k), s -> pieces.add(line(s)));
        byte[] params = ParamFile.encode(first.parameters());
        TrainingState saved = new TrainingState();
        first.saveState(saved, "agent");
        byte[] state = StateFile.encode(saved);

        Agent<?> resumed = Agents.create(c, Gym.make(envId), seed);
        ParamFile.loadBytes(params, "params", resumed.parameters());
        resumed.loadState(StateFile.decode(state, "state"), "agent");
        resumed.learn(Budget.episodes(n - k), s -> pieces.add(line(s)));

        assertThat(pieces).as(algo).hasSize(n).isEqualTo(straight);
        Map<String, Tensor> a = whole.parameters();
        Map<String, Tensor> b = resumed.parameters();
        for (String name : a.keySet()) {
            assertThat(b.get(name).data()).as(algo + " " + name).containsExactly(a.get(name).data());
        }
    }

    @Test
    void withoutTheStateTheRunDiffers() {
        // the control: parameters alone (a fresh optimizer, fresh generators) do not continue the run
        AgentConfig c = AgentConfig.defaults(Algorithm.KF_RELAX);
        List<String> straight = new ArrayList<>();
        Agent<?> whole = Agents.create(c, Gym.make("CartPole-v1"), 5);
        whole.learn(Budget.episodes(20), s -> straight.add(line(s)));
        Agent<?> first = Agents.create(c, Gym.make("CartPole-v1"), 5);
        List<String> pieces = new ArrayList<>();
        first.learn(Budget.episodes(10), s -> pieces.add(line(s)));
        Agent<?> paramsOnly = Agents.create(c, Gym.make("CartPole-v1"), 5);
        ParamFile.loadBytes(ParamFile.encode(first.parameters()), "params", paramsOnly.parameters());
        paramsOnly.learn(Budget.episodes(10), s -> pieces.add(line(s)));
        assertThat(pieces.subList(10, 20)).isNotEqualTo(straight.subList(10, 20));
    }

    @Test
    void stateOfAnotherAlgorithmIsRejected() {
        Agent<?> a2c = Agents.create(AgentConfig.defaults(Algorithm.A2C), Gym.make("CartPole-v1"), 0);
        a2c.learn(Budget.episodes(2), s -> true);
        TrainingState saved = new TrainingState();
        a2c.saveState(saved, "agent");
        Agent<?> relax = Agents.create(AgentConfig.defaults(Algorithm.RELAX), Gym.make("CartPole-v1"), 0);
        assertThatThrownBy(() -> relax.loadState(saved, "agent")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("training state");
    }

    private static String line(EpisodeStats s) {
        return s.episode() + " " + s.steps() + " " + s.ret() + " " + s.totalSteps() + " " + s.gradLogVar();
    }
}
