package org.kfrelax.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.Gym;
import org.kfrelax.random.Pcg64;

/** Save and load in the library: the same parameters and config come back, typed by the env. */
class SavedAgentTest {
    @TempDir
    Path tmp;

    @Test
    void aSavedAgentLoadsWithItsConfigAndParameters() throws IOException {
        Env<Integer> env = Gym.makeDiscrete("CartPole-v1");
        AgentConfig config = AgentConfig.builder(Algorithm.RELAX).lr(0.003).cvHidden(7).build();
        Agent<Integer> agent = Agents.create(config, env, 3);
        agent.learn(Budget.episodes(3), s -> true);
        SavedAgent.save(tmp.resolve("m"), agent, 3);

        SavedAgent.Loaded<Integer> loaded = SavedAgent.load(tmp.resolve("m"), Gym.makeDiscrete("CartPole-v1"));
        assertThat(loaded.meta().config()).isEqualTo(config);
        assertThat(loaded.meta().env()).isEqualTo("CartPole-v1");
        assertThat(loaded.meta().seed()).isEqualTo(3);
        agent.parameters().forEach((k, v) -> assertThat(loaded.agent().parameters().get(k).data()).isEqualTo(v.data()));
        float[] obs = {0.01f, -0.02f, 0.03f, 0.04f};
        for (int i = 0; i < 20; i++) {
            assertThat(loaded.agent().act(obs, new Pcg64(i))).isEqualTo(agent.act(obs, new Pcg64(i)));
        }
        // untyped, from the registry
        assertThat(SavedAgent.load(tmp.resolve("m")).agent().env().id()).isEqualTo("CartPole-v1");
    }

    @Test
    void aSavedAgentIsRefusedByAnEnvItDoesNotFit() throws IOException {
        Agent<Integer> agent = Agents.create(AgentConfig.defaults(Algorithm.A2C), Gym.makeDiscrete("CartPole-v1"), 0);
        SavedAgent.save(tmp, agent, 0);
        assertThatThrownBy(() -> SavedAgent.load(tmp, Gym.makeContinuous("Pendulum-v1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a2c needs a discrete action space");
        assertThatThrownBy(() -> SavedAgent.load(tmp, Gym.makeDiscrete("Acrobot-v1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("params.kfp");
        Files.writeString(tmp.resolve(SavedAgent.META), Files.readString(tmp.resolve(SavedAgent.META))
                .replace("\"seed\"", "\"extra\" : 1, \"seed\""));
        assertThatThrownBy(() -> SavedAgent.readMeta(tmp)).hasMessageContaining("unknown key 'extra'; valid keys: format");
    }
}
