package org.kfrelax.gym;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfrelax.random.Pcg64;

class GymTest {

    @Test
    void registryHasTheGymnasiumLimitsAndThresholds() {
        assertThat(Gym.spec("CartPole-v0").maxEpisodeSteps()).isEqualTo(200);
        assertThat(Gym.spec("CartPole-v0").rewardThreshold()).isEqualTo(195.0);
        assertThat(Gym.spec("CartPole-v1").maxEpisodeSteps()).isEqualTo(500);
        assertThat(Gym.spec("CartPole-v1").rewardThreshold()).isEqualTo(475.0);
        assertThat(Gym.spec("Acrobot-v1").maxEpisodeSteps()).isEqualTo(500);
        assertThat(Gym.spec("Acrobot-v1").rewardThreshold()).isEqualTo(-100.0);
        assertThat(Gym.spec("MountainCar-v0").maxEpisodeSteps()).isEqualTo(200);
        assertThat(Gym.spec("MountainCar-v0").rewardThreshold()).isEqualTo(-110.0);
        assertThat(Gym.spec("Pendulum-v1").maxEpisodeSteps()).isEqualTo(200);
        assertThat(Gym.spec("Pendulum-v1").rewardThreshold()).isNull();
        assertThat(Gym.spec("Pendulum-v1").actionSpace()).isInstanceOf(Box.class);
        assertThat(Gym.spec("LunarLander-v3").maxEpisodeSteps()).isEqualTo(1000);
        assertThat(Gym.spec("LunarLander-v3").rewardThreshold()).isEqualTo(200.0);
        assertThat(Gym.spec("LunarLander-v3").actionSpace()).isEqualTo(new Discrete(4));
        assertThat(Gym.spec("LunarLanderContinuous-v3").maxEpisodeSteps()).isEqualTo(1000);
        assertThat(Gym.spec("LunarLanderContinuous-v3").rewardThreshold()).isEqualTo(200.0);
        assertThat(((Box) Gym.spec("LunarLanderContinuous-v3").actionSpace()).dim()).isEqualTo(2);
        assertThat(Gym.spec("LunarLanderContinuous-v3").observationSpace().dim()).isEqualTo(8);
        assertThat(Gym.spec("Acrobot-v1").actionSpace()).isEqualTo(new Discrete(3));
        assertThat(Gym.spec("Acrobot-v1").observationSpace().dim()).isEqualTo(6);
        for (EnvSpec s : Gym.specs()) {
            assertThat(Gym.make(s.id()).id()).isEqualTo(s.id());
        }
    }

    @Test
    void unknownIdListsTheKnownOnes() {
        assertThatThrownBy(() -> Gym.make("CartPole-v7"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CartPole-v7")
                .hasMessageContaining("CartPole-v1")
                .hasMessageContaining("Pendulum-v1");
    }

    @Test
    void stepBeforeResetAndAfterTheEndIsRejected() {
        Env<Integer> env = Gym.makeDiscrete("CartPole-v1");
        assertThatThrownBy(() -> env.step(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("before reset");
        env.reset(0);
        StepResult r;
        do {
            r = env.step(1); // always pushing right makes the pole fall quickly
        } while (!r.done());
        assertThat(r.terminated()).isTrue();
        assertThatThrownBy(() -> env.step(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("ended");
        env.reset();
        env.step(0);
    }

    @Test
    void invalidActionsAreRejectedNamingTheValue() {
        Env<Integer> cart = Gym.makeDiscrete("CartPole-v1");
        cart.reset(1);
        assertThatThrownBy(() -> cart.step(2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2");
        assertThatThrownBy(() -> cart.step(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> cart.step(null)).isInstanceOf(IllegalArgumentException.class);
        Env<float[]> pend = Gym.makeContinuous("Pendulum-v1");
        pend.reset(1);
        assertThatThrownBy(() -> pend.step(new float[] {Float.NaN})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> pend.step(new float[] {2.5f})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2.5");
        assertThatThrownBy(() -> pend.step(new float[] {0f, 0f})).isInstanceOf(IllegalArgumentException.class);
        // still usable after a rejected action
        assertThat(pend.step(new float[] {2f}).observation()).hasSize(3);
        assertThatThrownBy(() -> Gym.makeContinuous("CartPole-v1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timeLimitTruncatesAtTheRegisteredStep() {
        Env<Integer> env = Gym.makeDiscrete("MountainCar-v0");
        env.reset(3);
        int steps = 0;
        StepResult r;
        do {
            r = env.step(1);
            steps++;
        } while (!r.done());
        assertThat(steps).isEqualTo(200);
        assertThat(r.truncated()).isTrue();
        assertThat(r.terminated()).isFalse();
    }

    @Test
    void resetWithoutSeedContinuesTheStream() {
        Env<?> a = Gym.make("CartPole-v1");
        float[] first = a.reset(5).observation();
        float[] second = a.reset().observation();
        Pcg64 rng = new Pcg64(5);
        for (int i = 0; i < 4; i++) {
            assertThat(first[i]).isEqualTo((float) rng.uniform(-0.05, 0.05));
        }
        for (int i = 0; i < 4; i++) {
            assertThat(second[i]).isEqualTo((float) rng.uniform(-0.05, 0.05));
        }
        assertThat(a.reset(5).observation()).containsExactly(first);
    }

    @Test
    void vectorEnvAutoresetsInTheSameStep() {
        VectorEnv<Integer> vec = VectorEnv.make("CartPole-v1", 3);
        float[][] obs = vec.reset(10);
        for (int i = 0; i < 3; i++) {
            assertThat(obs[i]).containsExactly(Gym.make("CartPole-v1").reset(10 + i).observation());
        }
        // a single copy stepped alongside with the same actions must agree until its episode ends
        Env<Integer> single = Gym.makeDiscrete("CartPole-v1");
        single.reset(10);
        boolean sawReset = false;
        for (int t = 0; t < 100; t++) {
            VectorEnv.Step s = vec.step(List.of(1, 0, t % 2));
            StepResult r = single.step(1);
            if (r.done()) {
                assertThat(s.finalObservations()[0]).containsExactly(r.observation());
                assertThat(s.terminated()[0]).isTrue();
                float[] next = single.reset().observation();
                assertThat(s.observations()[0]).containsExactly(next);
                sawReset = true;
            } else {
                assertThat(s.finalObservations()[0]).isNull();
                assertThat(s.observations()[0]).containsExactly(r.observation());
            }
        }
        assertThat(sawReset).isTrue();
        assertThatThrownBy(() -> vec.step(List.of(1, 0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void spacesSampleInsideThemselves() {
        Pcg64 rng = new Pcg64(0);
        Box box = Gym.spec("Pendulum-v1").actionSpace() instanceof Box b ? b : null;
        assertThat(box).isNotNull();
        for (int i = 0; i < 1000; i++) {
            float[] a = box.sample(rng);
            assertThat(box.contains(a)).as(Arrays.toString(a)).isTrue();
            int d = new Discrete(3).sample(rng);
            assertThat(d).isBetween(0, 2);
        }
    }
}
