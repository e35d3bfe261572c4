package org.kfrelax.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.gym.Gym;

/** The surrogate's K-FAC curvature source (cvFisher) is configurable and takes effect. */
class CvFisherTest {

    private static AgentConfig withFisher(String algo, String fisher) {
        return AgentConfig.builder(Algorithm.parse(algo)).cvFisher(fisher).build();
    }

    private static List<String> train(AgentConfig c, Agent<?>[] out) {
        List<String> log = new ArrayList<>();
        Agent<?> agent = Agents.create(c, Gym.make("CartPole-v0"), 1);
        agent.learn(Budget.episodes(30), s -> log.add(s.steps() + " " + s.gradLogVar()));
        out[0] = agent;
        return log;
    }

    @Test
    void empiricalFisherTrainsDeterministicallyAndDiffersFromGaussNewton() {
        Agent<?>[] a = new Agent<?>[1];
        Agent<?>[] b = new Agent<?>[1];
        List<String> gn = train(withFisher("kf-relax", "gauss-newton"), new Agent<?>[1]);
        List<String> emp1 = train(withFisher("kf-relax", "empirical"), a);
        List<String> emp2 = train(withFisher("kf-relax", "empirical"), b);
        assertThat(emp1).hasSize(30).isEqualTo(emp2);
        assertThat(emp1).isNotEqualTo(gn);
        for (Tensor p : a[0].parameters().values()) {
            assertThat(p.isFinite()).isTrue();
        }
    }

    @Test
    void defaultIsGaussNewtonAndUnknownSourcesAreRejected() {
        assertThat(AgentConfig.defaults(Algorithm.KF_RELAX).cvFisher()).isEqualTo("gauss-newton-output");
        // configs written before cvFisher existed load with the default
        assertThat(AgentConfig.fromMap(java.util.Map.of("algo", "kf-relax")).cvFisher()).isEqualTo("gauss-newton-output");
        assertThatThrownBy(() -> withFisher("kf-relax", "hessian")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hessian");
    }
}
