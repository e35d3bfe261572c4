package org.kfrelax.gym;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment checker passes every registered env and names the broken contract of a faulty one. */
class EnvCheckerTest {

    /** A walk on 0..9 from a seeded start, with faults switched on by name. */
    static final class Walk extends AbstractEnv<Integer> {
        final String fault;
        int x;
        int resets;
        int t;

        Walk(String fault) {
            this.fault = fault;
        }

        @Override
        public String id() {
            return "Walk-v0";
        }

        @Override
        public Box observationSpace() {
            return Box.uniform(0, 9, fault.equals("length") ? 2 : 1);
        }

        @Override
        public Space<Integer> actionSpace() {
            return new Discrete(2);
        }

        @Override
        protected ResetResult resetState() {
            // "unseeded": a start that ignores the seed (it moves at every reset)
            x = fault.equals("unseeded") ? 3 + resets % 3 : 3 + (int) (npRandom().nextDouble() * 3);
            resets++;
            t = 0;
            return new ResetResult(new float[] {x}, Map.of());
        }

        @Override
        public StepResult step(Integer a) {
            x += a == 1 ? 1 : -1;
            t++;
            boolean end = x <= 0 || x >= 9 || t >= 30;
            float o = fault.equals("outside") && t == 5 ? 12 : x;
            double reward = fault.equals("nan") && t == 3 ? Double.NaN : -1;
            return new StepResult(new float[] {o}, reward, end, false, Map.of());
        }

        @Override
        public Frame render() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void everyRegisteredEnvironmentPasses() {
        for (String id : Gym.ids()) {
            EnvChecker.check(() -> Gym.make(id));
        }
        EnvChecker.check(() -> new Walk(""));
    }

    @Test
    void eachBrokenContractIsNamed() {
        assertThatThrownBy(() -> EnvChecker.check(() -> new Walk("length")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Walk-v0: reset(42) returned an observation of length 1, but the observation space");
        assertThatThrownBy(() -> EnvChecker.check(() -> new Walk("unseeded")))
                .hasMessageContaining("the same seed must give the same first observation");
        assertThatThrownBy(() -> EnvChecker.check(() -> new Walk("outside")))
                .hasMessageContaining("outside the observation space");
        assertThatThrownBy(() -> EnvChecker.check(() -> new Walk("nan")))
                .hasMessageContaining("returned the reward NaN");
    }

    @Test
    void aRegisteredUserEnvironmentIsMadeLikeABuiltInOne() {
        Gym.register(new EnvSpec("WalkTest-v0", 20, -5.0, () -> new Walk("")));
        Env<Integer> env = Gym.makeDiscrete("WalkTest-v0");
        assertThat(env.id()).isEqualTo("WalkTest-v0");
        assertThat(Gym.spec("WalkTest-v0").rewardThreshold()).isEqualTo(-5.0);
        env.reset(1);
        assertThatThrownBy(() -> env.step(2)).hasMessageContaining("action 2 is not in Discrete(2)");
        assertThatThrownBy(() -> Gym.register(new EnvSpec("WalkTest-v0", 20, null, () -> new Walk(""))))
                .hasMessage("environment id 'WalkTest-v0' is already registered");
        assertThatThrownBy(() -> Gym.register(new EnvSpec(" ", 20, null, () -> new Walk(""))))
                .hasMessageContaining("must not be blank");
    }
}
