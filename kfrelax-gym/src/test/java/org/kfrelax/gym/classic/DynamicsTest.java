package org.kfrelax.gym.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfrelax.gym.ReferenceData;
import org.kfrelax.gym.ReferenceData.Episode;

/** Hand-checked single steps and the rules that the reference files may not exercise. */
class DynamicsTest {

    @Test
    void cartPoleFirstStepFromTheReferenceState() {
        // episode 0 of CartPole-v1.csv, set from the _state file, not from seeding
        Episode ep = ReferenceData.episodes("CartPole-v1").get(0);
        CartPole env = new CartPole();
        env.reset(0);
        env.setState(ReferenceData.states("CartPole-v1").get(0));
        float[] obs = env.step((int) ep.rows().get(1).action()[0]).observation();
        assertThat(obs).containsExactly(ep.rows().get(1).obs());
    }

    @Test
    void cartPoleRewardsOneOnTheFallingStepThenZero() {
        CartPole env = new CartPole();
        env.reset(0);
        env.setState(new double[] {0, 0, 0.2094, 2.0}); // about to pass 12 degrees
        var r = env.step(1);
        assertThat(r.terminated()).isTrue();
        assertThat(r.reward()).isEqualTo(1.0);
        assertThat(env.step(1).reward()).isEqualTo(0.0);
    }

    @Test
    void acrobotWrapsAnglesAndGivesZeroOnTheTerminalStep() {
        assertThat(Acrobot.wrap(4.0, -Math.PI, Math.PI)).isCloseTo(4.0 - 2 * Math.PI, within(1e-15));
        assertThat(Acrobot.wrap(-7.0, -Math.PI, Math.PI)).isCloseTo(-7.0 + 2 * Math.PI, within(1e-15));
        assertThat(Acrobot.wrap(-10.0, -Math.PI, Math.PI)).isCloseTo(-10.0 + 4 * Math.PI, within(1e-15));
        assertThat(Acrobot.bound(50, -Acrobot.MAX_VEL_1, Acrobot.MAX_VEL_1)).isEqualTo(Acrobot.MAX_VEL_1);
        Acrobot env = new Acrobot();
        env.reset(0);
        env.setState(new double[] {Math.PI, 0, 0, 0}); // tip straight up: -cos(pi) - cos(pi) = 2 > 1
        var r = env.step(1);
        assertThat(r.terminated()).isTrue();
        assertThat(r.reward()).isEqualTo(0.0);
    }

    @Test
    void acrobotResetStateIsFloat32() {
        Acrobot env = new Acrobot();
        env.reset(42);
        for (double v : env.state()) {
            assertThat((double) (float) v).isEqualTo(v);
        }
    }

    @Test
    void mountainCarStopsAtTheLeftWallAndReachesTheGoal() {
        MountainCar env = new MountainCar();
        env.reset(0);
        env.setState(new double[] {-1.19, -0.05});
        var r = env.step(0);
        assertThat(r.observation()[0]).isEqualTo((float) -1.2);
        assertThat(r.observation()[1]).isEqualTo(0f);
        env.setState(new double[] {0.49, 0.02});
        r = env.step(2);
        assertThat(r.terminated()).isTrue();
        assertThat(r.reward()).isEqualTo(-1.0);
    }

    @Test
    void pendulumAngleNormalizeIsFlooredModulo() {
        assertThat(Pendulum.angleNormalize(Math.PI + 0.5)).isCloseTo(-Math.PI + 0.5, within(1e-12));
        assertThat(Pendulum.angleNormalize(-Math.PI - 0.5)).isCloseTo(Math.PI - 0.5, within(1e-12));
        assertThat(Pendulum.angleNormalize(0.3)).isCloseTo(0.3, within(1e-15));
        List<double[]> states = ReferenceData.states("Pendulum-v1");
        Pendulum env = new Pendulum();
        env.reset(0);
        env.setState(states.get(0));
        // reward of the first reference step: -(norm(th)^2 + 0.1 thdot^2 + 0.001 u^2)
        Episode ep = ReferenceData.episodes("Pendulum-v1").get(0);
        float u = (float) ep.rows().get(1).action()[0];
        double th = states.get(0)[0];
        double thd = states.get(0)[1];
        double expected = -(Pendulum.angleNormalize(th) * Pendulum.angleNormalize(th) + 0.1 * thd * thd + 0.001 * u * u);
        assertThat(env.step(new float[] {u}).reward()).isCloseTo(expected, within(1e-15))
                .isCloseTo(ep.rows().get(1).reward(), within(1e-12));
    }
}
