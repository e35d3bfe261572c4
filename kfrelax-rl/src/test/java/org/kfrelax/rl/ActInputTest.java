package org.kfrelax.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.gym.Gym;
import org.kfrelax.random.Pcg64;

/**
 * Issue 12, defects 4 and 9: {@link Agent#act} checks its observation (length, finiteness) with
 * an IllegalArgumentException naming the value, and refuses to act with non-finite parameters
 * (a NaN observation or NaN weights used to give action 0 every time).
 */
class ActInputTest {

    @ParameterizedTest
    @CsvSource({"a2c, CartPole-v0, 4", "relax, CartPole-v0, 4", "lax, Pendulum-v1, 3"})
    void observationsOfTheWrongLengthOrNotFiniteAreRejected(String algo, String env, int dim) {
        Agent<?> agent = Agents.create(AgentConfig.defaults(Algorithm.parse(algo)), Gym.make(env), 1);
        float[] ok = new float[dim];
        assertThat((Object) agent.act(ok, new Pcg64(2))).isNotNull();
        assertThatThrownBy(() -> agent.act(new float[dim + 1], new Pcg64(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("observation has " + (dim + 1) + " entries, expected " + dim + " for " + env);
        assertThatThrownBy(() -> agent.act(new float[dim - 1], new Pcg64(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has " + (dim - 1) + " entries");
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            float[] o = new float[dim];
            o[dim - 1] = bad;
            assertThatThrownBy(() -> agent.act(o, new Pcg64(2)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("observation entry " + (dim - 1) + " is " + bad + ", expected a finite number");
        }
    }

    @ParameterizedTest
    @CsvSource({"a2c, CartPole-v0, 4", "lax, Pendulum-v1, 3"})
    void nanWeightsAreNotTurnedIntoAnAction(String algo, String env, int dim) {
        Agent<?> agent = Agents.create(AgentConfig.defaults(Algorithm.parse(algo)), Gym.make(env), 1);
        Tensor w = agent.parameters().get("policy.0.weight");
        Arrays.fill(w.data(), Double.NaN);
        assertThatThrownBy(() -> agent.act(new float[dim], new Pcg64(2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not finite");
    }
}
