package org.kfrelax.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kfrelax.gym.Gym;

/** The typed config: algorithm names, builder defaults and validation, keys, action-space check. */
class AgentConfigTest {

    @Test
    void algorithmsByName() {
        assertThat(Algorithm.names()).containsExactly("a2c", "acktr", "relax", "kf-relax", "lax", "kf-lax");
        for (Algorithm a : Algorithm.values()) {
            assertThat(Algorithm.parse(a.toString())).isSameAs(a);
        }
        assertThat(Algorithm.LAX.continuous()).isTrue();
        assertThat(Algorithm.RELAX.continuous()).isFalse();
        assertThat(Algorithm.ACKTR.kfac()).isTrue();
        assertThat(Algorithm.A2C.kfac()).isFalse();
        assertThatThrownBy(() -> Algorithm.parse("ppo")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown algo 'ppo'; expected one of a2c, acktr, relax, kf-relax, lax, kf-lax");
    }

    @Test
    void theReferenceSetupsOfEachAlgorithm() {
        // the values the positional defaults held before the builder (see docs/TUNING.md)
        assertThat(AgentConfig.defaults(Algorithm.RELAX).toString()).isEqualTo("AgentConfig[algo=relax, hidden=[10, 10], "
                + "activation=relu, gamma=0.99, entropy=0.01, lr=0.01, optimizer=adam, adamBeta2=0.99999, "
                + "valueHidden=[10, 10], valueLr=0.01, cvHidden=[10, 10], cvLr=0.01, tauInit=0.5, kfacLr=0.25, "
                + "kfacDamping=0.01, kfacDampingForm=tikhonov, kfacDecay=0.95, kfacKlClip=0.001, policyKfac=false, trustRegion=0.01, "
                + "batchSteps=1000, gaeLambda=0.97, cvIterations=5, logStdInit=0.0, gradVarDecay=0.99, cvFisher=gauss-newton-output, "
                + "cvForm=scaled-softmax, valueSteps=1, valueKfac=false, timeAware=false, bootstrapTruncation=false]");
        AgentConfig kf = AgentConfig.defaults(Algorithm.KF_RELAX);
        assertThat(List.of(kf.cvLr(), kf.kfacDamping(), kf.trustRegion())).containsExactly(0.1, 0.1, 0.01);
        assertThat(AgentConfig.defaults(Algorithm.ACKTR).trustRegion()).isEqualTo(0.001);
        assertThat(AgentConfig.defaults(Algorithm.A2C).trustRegion()).isEqualTo(0.0);
        AgentConfig lax = AgentConfig.defaults(Algorithm.LAX);
        assertThat(lax.hidden()).containsExactly(32, 32);
        assertThat(List.of(lax.activation(), lax.entropy(), lax.valueLr(), lax.cvLr(), lax.kfacDamping(), lax.batchSteps()))
                .containsExactly("tanh", 0.0, 0.03, 0.003, 0.01, 500);
        AgentConfig kfLax = AgentConfig.defaults(Algorithm.KF_LAX);
        assertThat(List.of(kfLax.cvLr(), kfLax.kfacDamping(), kfLax.trustRegion())).containsExactly(0.1, 0.1, 0.01);
    }

    @Test
    void builderChangesOnlyWhatItIsToldAndToBuilderCopies() {
        AgentConfig d = AgentConfig.defaults(Algorithm.KF_RELAX);
        AgentConfig c = AgentConfig.builder(Algorithm.KF_RELAX).lr(0.003).cvHidden(32, 32).build();
        Map<String, Object> expected = d.toMap();
        expected.put("lr", 0.003);
        expected.put("cvHidden", new int[] {32, 32});
        assertThat(c.toString()).isEqualTo(AgentConfig.fromMap(expected).toString());
        assertThat(c.toBuilder().build()).isEqualTo(c).isNotEqualTo(d);
        assertThat(AgentConfig.fromMap(c.toMap())).isEqualTo(c);
    }

    @Test
    void buildNamesTheFieldTheValueAndTheExpectation() {
        assertThatThrownBy(() -> AgentConfig.builder(Algorithm.A2C).lr(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("lr must be positive and finite, got -1.0");
        assertThatThrownBy(() -> AgentConfig.builder(Algorithm.A2C).gamma(Double.NaN).build())
                .hasMessage("gamma must be in [0.0, 1.0], got NaN");
        assertThatThrownBy(() -> AgentConfig.builder(Algorithm.A2C).hidden().build())
                .hasMessage("hidden must list at least one hidden layer size, got []");
        assertThatThrownBy(() -> AgentConfig.builder(Algorithm.A2C).activation("sigmoid").build())
                .hasMessage("activation must be one of relu, tanh, elu, got 'sigmoid'");
        assertThatThrownBy(() -> AgentConfig.builder(Algorithm.A2C).batchSteps(0).build())
                .hasMessage("batchSteps must be a positive integer, got 0");
        assertThatThrownBy(() -> AgentConfig.builder(Algorithm.A2C).cvFisher("hessian").build())
                .hasMessage("cvFisher must be one of gauss-newton-output, gauss-newton-variance, empirical, got 'hessian'");
    }

    @Test
    void keysInAnySpellingAndLooseValues() {
        AgentConfig c = AgentConfig.builder(Algorithm.RELAX).set("value_lr", 0.5).set("cv-hidden", List.of(3, 4))
                .set("policyKfac", "true").set("batch_steps", "200").set("gamma", 1).build();
        assertThat(c.valueLr()).isEqualTo(0.5);
        assertThat(c.cvHidden()).containsExactly(3, 4);
        assertThat(c.policyKfac()).isTrue();
        assertThat(c.batchSteps()).isEqualTo(200);
        assertThat(c.gamma()).isEqualTo(1.0);
        AgentConfig.Builder b = AgentConfig.builder(Algorithm.RELAX);
        assertThatThrownBy(() -> b.set("learningRate", 1)).hasMessageStartingWith("unknown key 'learningRate'; valid keys: algo, hidden,");
        assertThatThrownBy(() -> b.set("lr", "fast")).hasMessage("lr must be a number, got 'fast'");
        assertThatThrownBy(() -> b.set("cvIterations", 2.5)).hasMessage("cvIterations must be a whole number, got 2.5");
        assertThatThrownBy(() -> b.set("hidden", List.of(3, "x"))).hasMessage("hidden must be a list of whole numbers, got [3, x]");
        assertThatThrownBy(() -> b.set("algo", "lax")).hasMessage("algo 'lax' does not match relax");
        assertThatThrownBy(() -> AgentConfig.fromMap(Map.of("lr", 0.1))).hasMessageStartingWith("algo: expected one of a2c,");
    }

    @Test
    void oneActionSpaceCheckForEveryWayOfMakingAnAgent() {
        assertThatThrownBy(() -> Agents.create(AgentConfig.defaults(Algorithm.RELAX), Gym.make("Pendulum-v1"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("relax needs a discrete action space, but Pendulum-v1 has Box(")
                .hasMessageEndingWith("; use one of lax, kf-lax");
        assertThatThrownBy(() -> Agents.create(AgentConfig.defaults(Algorithm.KF_LAX), Gym.make("CartPole-v1"), 0))
                .hasMessage("kf-lax needs a continuous (Box) action space, but CartPole-v1 has Discrete(2); "
                        + "use one of a2c, acktr, relax, kf-relax");
    }
}
