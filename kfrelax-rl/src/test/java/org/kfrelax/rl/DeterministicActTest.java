package org.kfrelax.rl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.gym.Gym;

/** act(obs, true) is the policy's most likely action: argmax of the logits, or the clipped Gaussian mean. */
class DeterministicActTest {

    /** Sets the last layer of the policy to output {@code bias} whatever the observation. */
    private static void constantOutput(Agent<?> agent, int lastLayer, double... bias) {
        Tensor w = agent.parameters().get("policy." + lastLayer + ".weight");
        Arrays.fill(w.data(), 0.0);
        System.arraycopy(bias, 0, agent.parameters().get("policy." + lastLayer + ".bias").data(), 0, bias.length);
    }

    @Test
    void discreteAgentsTakeTheLargestLogit() {
        for (Algorithm a : new Algorithm[] {Algorithm.A2C, Algorithm.KF_RELAX}) {
            Agent<Integer> agent = Agents.create(AgentConfig.defaults(a), Gym.makeDiscrete("Acrobot-v1"), 0);
            float[] obs = {1, 0, 1, 0, 0.1f, -0.2f};
            constantOutput(agent, 2, 0.0, 0.3, 0.2);
            assertThat(agent.act(obs, true)).isEqualTo(1);
            constantOutput(agent, 2, 0.5, 0.3, 0.2);
            assertThat(agent.act(obs, true)).isEqualTo(0);
            constantOutput(agent, 2, 0.0, 0.3, 0.4);
            assertThat(agent.act(obs, true)).isEqualTo(2);
            // a stochastic action is drawn: with logits 0, 0.3, 0.4 all three actions appear
            boolean[] seen = new boolean[3];
            for (int i = 0; i < 200; i++) {
                seen[agent.act(obs, false)] = true;
            }
            assertThat(seen).containsOnly(true);
        }
    }

    @Test
    void continuousAgentsTakeTheMeanClippedToTheBounds() {
        Agent<float[]> agent = Agents.create(AgentConfig.defaults(Algorithm.LAX), Gym.makeContinuous("Pendulum-v1"), 0);
        float[] obs = {1, 0, 0.5f};
        constantOutput(agent, 2, 0.7);
        assertThat(agent.act(obs, true)).containsExactly(0.7f);
        assertThat(agent.act(obs, false)[0]).isNotEqualTo(0.7f);
        constantOutput(agent, 2, -5.0);
        assertThat(agent.act(obs, true)).containsExactly(-2.0f);   // Pendulum's torque bound
    }
}
