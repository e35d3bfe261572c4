package org.kfrelax.rl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LAX and KF-LAX learn a continuous task: on {@link Bandit} the mean return of the last 50
 * episodes rises from about −19 (initial policy μ ≈ 0, σ = 1) to above −6 within 40,000 steps
 * (80 updates of the default 500 steps), with the policy's mean action moved close to 1.
 * Pendulum-v1 is tested in {@link LaxPendulumTest}.
 */
class LaxLearnTest {

    @ParameterizedTest
    @ValueSource(strings = {"lax", "kf-lax"})
    void learnsTheBandit(String algo) {
        AgentConfig c = AgentConfig.builder(Algorithm.parse(algo)).hidden(16, 16).valueHidden(16, 16).cvHidden(16, 16)
                .lr(0.01).build();
        @SuppressWarnings("unchecked")
        Agent<float[]> agent = (Agent<float[]>) Agents.create(c, new Bandit(), 0);
        SolveCriterion first = new SolveCriterion(null, 50);
        SolveCriterion last = new SolveCriterion(null, 50);
        agent.learn(Budget.steps(40_000), s -> {
            if (s.episode() <= 50) {
                first.add(s.ret());
            }
            last.add(s.ret());
            return true;
        });
        org.kfrelax.random.Pcg64 rng = new org.kfrelax.random.Pcg64(1);
        double mu = 0;
        for (int i = 0; i < 1000; i++) {
            mu += agent.act(new float[] {0.5f}, rng)[0] / 1000.0;
        }
        assertThat(first.recentMean()).as("initial mean return").isLessThan(-9);
        // tolerance: when the test was written lax reached −4.0 (mean action 1.19) and kf-lax
        // −3.7 (1.08) with 1000-step batches, and −1.8 (0.94) and −1.9 (0.99) with the 500-step
        // defaults tuned on Pendulum-v1; −6 leaves room for the noise of 50 episodes, while a
        // broken gradient leaves the return near −19
        assertThat(last.recentMean()).as(algo + " final mean return").isGreaterThan(-6);
        assertThat(Math.abs(mu - 1.0)).as(algo + " |mean action − 1| (1000 samples, clipped to [−2, 2])").isLessThan(0.5);
    }
}
