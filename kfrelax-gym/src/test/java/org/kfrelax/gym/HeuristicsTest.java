package org.kfrelax.gym;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The heuristics do what they are for (seeds 0..4 fixed; the bounds are loose margins around
 * what they reach, so a broken controller or broken dynamics fails them).
 */
class HeuristicsTest {

    @SuppressWarnings("unchecked")
    private static double[] episode(String id, long seed) {
        Env<Object> env = (Env<Object>) Gym.make(id);
        ActionPolicy<Object> policy = (ActionPolicy<Object>) Heuristics.forEnv(id);
        float[] obs = env.reset(seed).observation();
        double ret = 0;
        int steps = 0;
        while (true) {
            StepResult r = env.step(policy.act(obs));
            ret += r.reward();
            steps++;
            obs = r.observation();
            if (r.done()) {
                return new double[] {ret, steps, r.terminated() ? 1 : 0};
            }
        }
    }

    @Test
    void cartPoleBalancesForTheWholeEpisode() {
        for (long s = 0; s < 5; s++) {
            assertThat(episode("CartPole-v1", s)[0]).isEqualTo(500.0);
        }
    }

    @Test
    void acrobotAndMountainCarReachTheGoal() {
        for (long s = 0; s < 5; s++) {
            double[] a = episode("Acrobot-v1", s);
            assertThat(a[2]).as("Acrobot seed %d", s).isEqualTo(1.0);
            assertThat(a[1]).isLessThan(200);
            double[] m = episode("MountainCar-v0", s);
            assertThat(m[2]).as("MountainCar seed %d", s).isEqualTo(1.0);
            assertThat(m[0]).isGreaterThan(-160);
        }
    }

    @Test
    void pendulumSwingsUpAndHolds() {
        for (long s = 0; s < 5; s++) {
            // random torques score about -1200; holding the top after a swing-up about -100..-400
            assertThat(episode("Pendulum-v1", s)[0]).as("seed %d", s).isGreaterThan(-500);
        }
    }

    @Test
    void unknownIdIsRejected() {
        assertThatThrownBy(() -> Heuristics.forEnv("Nope-v1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CartPole-v1");
    }
}
