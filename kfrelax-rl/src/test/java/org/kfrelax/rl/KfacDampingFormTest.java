package org.kfrelax.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kfrelax.gym.Gym;
import org.kfrelax.state.TrainingState;

/**
 * {@code kfacDampingForm} reaches every K-FAC an agent builds. Observed through what each K-FAC
 * keeps after its first inverse refresh (its training state): eigendecompositions under Tikhonov
 * damping ({@code layerI.eigenA.*}), Cholesky-damped inverses under factored damping
 * ({@code layerI.inverseA}); the K-FACs are found by their per-layer {@code inverted} flags, so
 * one the option misses shows up with the other form's entries.
 */
class KfacDampingFormTest {

    /** The prefixes of the K-FAC optimizers in {@code agent}'s state, after it has trained a little. */
    private static Set<String> kfacs(Agent<?> agent, TrainingState s) {
        agent.saveState(s, "agent");
        Set<String> prefixes = new TreeSet<>();
        for (String n : s.names()) {
            if (n.endsWith(".layer0.inverted")) {
                prefixes.add(n.substring(0, n.length() - ".layer0.inverted".length()));
            }
        }
        return prefixes;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tikhonov", "factored"})
    void theFormReachesEveryKfacOfEveryAgent(String form) {
        String kept = form.equals("factored") ? ".inverseA" : ".eigenA.values";
        String other = form.equals("factored") ? ".eigenA.values" : ".inverseA";
        // acktr: policy and critic; kf-relax with every K-FAC it can have: surrogate, policy, critic of value-plus
        Map<AgentConfig, Set<String>> expected = Map.of(
                AgentConfig.builder(Algorithm.ACKTR).kfacDampingForm(form).build(),
                Set.of("agent.policyOpt", "agent.valueOpt"),
                AgentConfig.builder(Algorithm.KF_RELAX).kfacDampingForm(form).policyKfac(true).trustRegion(0.001)
                        .cvForm("value-plus").valueKfac(true).build(),
                Set.of("agent.policyOpt", "agent.cvOpt.kfac", "agent.valueOpt"),
                AgentConfig.builder(Algorithm.KF_LAX).kfacDampingForm(form).batchSteps(200).build(),
                Set.of("agent.cvOpt.kfac"));
        expected.forEach((config, prefixes) -> {
            Agent<?> agent = Agents.create(config, Gym.make(config.algo().continuous() ? "Pendulum-v1" : "CartPole-v1"), 3);
            agent.learn(Budget.episodes(2), st -> true);
            TrainingState s = new TrainingState();
            assertThat(kfacs(agent, s)).as(config.algo().toString()).isEqualTo(prefixes);
            for (String p : prefixes) {
                assertThat(s.getBoolean(p + ".layer0.inverted")).as(p).isTrue();
                assertThat(s.has(p + ".layer0" + kept)).as(p + " " + form).isTrue();
                assertThat(s.has(p + ".layer0" + other)).as(p + " " + form).isFalse();
            }
        });
    }

    @Test
    void namedInAnySpellingAndCheckedWithTheBadValueNamed() {
        assertThat(AgentConfig.builder(Algorithm.KF_RELAX).set("kfac-damping-form", "Factored").build().kfacDampingForm())
                .isEqualTo("factored");
        assertThat(AgentConfig.builder(Algorithm.KF_RELAX).set("kfac_damping_form", "tikhonov").build().kfacDampingForm())
                .isEqualTo("tikhonov");
        assertThatThrownBy(() -> AgentConfig.builder(Algorithm.ACKTR).kfacDampingForm("pi").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kfacDampingForm must be one of tikhonov, factored, got 'pi'");
        assertThatThrownBy(() -> AgentConfig.builder(Algorithm.ACKTR).kfacDampingForm(null).build())
                .hasMessage("kfacDampingForm must be one of tikhonov, factored, got nothing");
    }

    @Test
    void storedConfigsKeepTheirFormAndOnesWrittenBeforeTheKeyWereTikhonov() {
        AgentConfig f = AgentConfig.builder(Algorithm.KF_RELAX).kfacDampingForm("factored").build();
        assertThat(f.toMap()).containsEntry("kfacDampingForm", "factored");
        assertThat(AgentConfig.fromStored(f.toMap())).isEqualTo(f);
        AgentConfig t = AgentConfig.builder(Algorithm.ACKTR).kfacDampingForm("tikhonov").build();
        assertThat(AgentConfig.fromStored(t.toMap())).isEqualTo(t);
        for (Algorithm a : Algorithm.values()) {
            Map<String, Object> old = new java.util.LinkedHashMap<>(AgentConfig.defaults(a).toMap());
            old.remove("kfacDampingForm");
            assertThat(AgentConfig.fromStored(old).kfacDampingForm()).as(a.toString()).isEqualTo("tikhonov");
            // any spelling of the stored key wins over the value for files without it
            old.put("kfac_damping_form", "factored");
            assertThat(AgentConfig.fromStored(old).kfacDampingForm()).as(a.toString()).isEqualTo("factored");
        }
    }
}
