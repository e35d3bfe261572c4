package org.kfrelax.rl;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.Gym;

/**
 * A2C and ACKTR trained through {@link ActorCriticKernel} end where their graph path ends:
 * same episode lengths and parameters (to 1e-9 of each tensor's largest entry; see
 * {@link RelaxKernelTest} for why) after 60 updates — a wrong gradient, entropy term or K-FAC
 * statistic moves the parameters by far more. Both activations with a non-trivial derivative
 * and two action counts are covered.
 */
class ActorCriticKernelTest {

    @ParameterizedTest
    @CsvSource({"a2c, CartPole-v0, relu", "a2c, Acrobot-v1, tanh", "acktr, CartPole-v0, relu", "acktr, Acrobot-v1, elu"})
    void kernelAndGraphTrainAlike(String algo, String envId, String activation) {
        AgentConfig c = AgentConfig.builder(Algorithm.parse(algo)).activation(activation).build();
        Env<Integer> e1 = Gym.makeDiscrete(envId);
        Env<Integer> e2 = Gym.makeDiscrete(envId);
        DiscreteAgent byKernel = new A2c(e1, c, 4, true);
        DiscreteAgent byGraph = new A2c(e2, c, 4, false);
        RelaxKernelTest.assertTrainAlike(byKernel, byGraph, algo + " " + envId);
    }
}
