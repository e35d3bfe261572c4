package org.kfrelax.rl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfrelax.gym.Gym;

/**
 * LAX, with its default settings ({@link AgentConfig#defaults}) and Pendulum's discount
 * γ = .9 (RL Zoo's; the default is the method's .99), learns Pendulum-v1: within 300,000 steps the mean return of the last 100 episodes rises above −800 for at least two of
 * the seeds 0, 1, 2.
 *
 * <p>Tolerance and why. Not learning leaves the return where the initial policy (μ ≈ 0,
 * σ = 1) puts it: with the policy gradient zeroed (everything else unchanged) the last-100
 * means after 300,000 steps were −1227, −1298, −1265 for seeds 0, 1, 2, and a random policy
 * scores about −1200 to −1500 per episode. With learning they were −372, −227, −1161, −225,
 * −819, −933, −723, −1124, −1254, −1215 for seeds 0-9 when the test was written: within this
 * budget lax takes off on about half of the seeds (the others improve on their first 100
 * episodes by only 70-210), so one of the three seeds may fail. −800 is over 400 above the
 * not-learning means and over 400 below seeds 0 and 1 (the standard error of a 100-episode
 * mean is about 30). Rounding does not move these runs: the actions go to the environment as
 * float32, and three differently ordered gradient kernels (graph and two hand-written ones,
 * since removed) gave the same returns over 1500 episodes (checked with the earlier 1000-step defaults). A
 * change that does re-draw the trajectories (hyperparameters, random draws) can fail this test on an unlucky pair of seeds without
 * breaking learning; then re-measure seeds 0-9 before moving the threshold. Runs take about
 * 15-20 s each on the 2-core test machine, 30-40 s for the test (seed 2 only runs if seed 0 or
 * 1 failed).
 *
 * <p>kf-lax is not tested here: within the same budget it reached −817 (seed 0) and −204 (seed 1),
 * and its K-FAC steps make each run about 30% slower.
 */
class LaxPendulumTest {
    static final long STEPS = 300_000;
    static final double THRESHOLD = -800;

    /** Mean return of the last 100 episodes after {@link #STEPS} steps. */
    static double lastHundredMean(String algo, long seed) {
        // the Pendulum setting: defaults with γ = .9 (see AgentConfig.builder and docs/TUNING.md)
        AgentConfig c = AgentConfig.builder(Algorithm.parse(algo)).gamma(0.9).build();
        Agent<?> agent = Agents.create(c, Gym.make("Pendulum-v1"), seed);
        SolveCriterion last = new SolveCriterion(null, 100);
        agent.learn(Budget.steps(STEPS), s -> {
            last.add(s.ret());
            return true;
        });
        return last.recentMean();
    }

    @Test
    void laxLearnsPendulumWithTwoOfThreeSeeds() {
        List<Double> means = new ArrayList<>();
        int learned = 0;
        // seeds in order, stopping once two have learned (the verdict cannot change after that)
        for (long seed = 0; seed < 3 && learned < 2; seed++) {
            double m = lastHundredMean("lax", seed);
            means.add(m);
            if (m > THRESHOLD) {
                learned++;
            }
        }
        assertThat(learned).as("lax on Pendulum-v1: seeds reaching a last-100 mean above " + THRESHOLD + " after " + STEPS
                + " steps; means for seeds 0, 1, ...: " + means).isGreaterThanOrEqualTo(2);
    }
}
