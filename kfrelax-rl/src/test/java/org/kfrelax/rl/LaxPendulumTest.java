package org.kfrelax.rl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.Gym;

/**
 * LAX learns Pendulum-v1: with its default settings ({@link AgentConfig#defaults}) and
 * Pendulum's discount γ = .9 (RL Zoo's; the default is the method's .99), the mean return of
 * the last 100 of 300,000 training steps' episodes lies more than {@link #MARGIN} above the
 * untrained policy's own level, for at least two of the seeds 0, 1, 2. The untrained level is
 * measured in the test: the mean return of {@link #BASELINE_EPISODES} evaluation episodes of
 * the same agent before it trains (μθ ≈ 0, σ = 1).
 *
 * <p>Why this statement. Within this budget LAX on Pendulum takes off (last-100 means of −200
 * to −550) on some seeds and creeps up slowly on the others; which seeds take off depends on
 * every random draw. A fixed bar (this test used to ask for −800 on two of seeds 0-2) then
 * tests the draws, not the method: about half of seeds 0-9 passed it, so two of three seeds
 * pass with probability about one half, and splitting the random streams per consumer (which
 * re-draws everything) duly broke it. What does hold seed for seed is that the policy improves
 * on where it started. Measured with one stream per consumer (seeds 0-9; untrained level from
 * 1000 evaluation episodes with evaluation seed s + 100 → last-100 mean after 300,000 steps):
 * −1238 → −1227, −1302 → −401, −1305 → −1131, −1265 → −791, −1205 → −850, −1204 → −1058,
 * −1257 → −535, −1257 → −229, −1133 → −1000, −1264 → −964; improvements 11, 901, 174, 474, 355,
 * 146, 722, 1028, 133, 300: 9 of 10 above the margin (seed 0 rose to −1049 by episode 500 and
 * fell back). So two of three seeds pass with probability about .97 on a re-draw.
 *
 * <p>Tolerance and why. The return of one episode of these policies has a standard deviation
 * of 250-300 (measured over 1000 episodes per seed), so for a policy that does not change,
 * the last-100 mean minus the 1000-episode mean has a standard deviation of about
 * 300·√(1/100 + 1/1000) ≈ 31. {@link #MARGIN} = 100 is over three of those: a seed that does not
 * learn passes with probability below .001, two of three below 3·10⁻⁶. The test can fail:
 * this procedure with the learning rate set to 1e-300 (the policy never moves; run from a copy
 * of this test) gave improvements of 46, −55 and 4 on seeds 0, 1, 2, none above the margin. It
 * checks that LAX learns, not how fast: the rate of take-off is in docs/TUNING.md ("LAX on
 * Pendulum-v1").
 *
 * <p>Runtime: 15-20 s per seed on the 2-core test machine; seed 2 runs only if seed 0 or 1 did
 * not pass (with the current streams seed 0 does not, so all three run).
 *
 * <p>kf-lax is not tested here: its K-FAC steps make each run about 30% slower.
 */
class LaxPendulumTest {
    static final long STEPS = 300_000;
    static final int BASELINE_EPISODES = 1000;
    static final double MARGIN = 100;

    /** {untrained level, last-100 mean after {@link #STEPS} steps} for one seed. */
    @SuppressWarnings("unchecked")
    static double[] initialAndFinal(long seed) {
        // the Pendulum setting: defaults with γ = .9 (see AgentConfig.builder and docs/TUNING.md)
        AgentConfig c = AgentConfig.builder(Algorithm.LAX).gamma(0.9).build();
        Agent<float[]> agent = (Agent<float[]>) Agents.create(c, Gym.make("Pendulum-v1"), seed);
        // evaluation draws from its own environment and generators, not the agent's
        double[] before = Evaluation.returns(agent, (Env<float[]>) Gym.make("Pendulum-v1"), BASELINE_EPISODES, seed + 100);
        double initial = 0;
        for (double r : before) {
            initial += r / before.length;
        }
        SolveCriterion last = new SolveCriterion(null, 100);
        agent.learn(Budget.steps(STEPS), s -> {
            last.add(s.ret());
            return true;
        });
        return new double[] {initial, last.recentMean()};
    }

    @Test
    void laxImprovesOnItsUntrainedPolicyWithTwoOfThreeSeeds() {
        List<String> seen = new ArrayList<>();
        int learned = 0;
        // seeds in order, stopping once two have learned (the verdict cannot change after that)
        for (long seed = 0; seed < 3 && learned < 2; seed++) {
            double[] r = initialAndFinal(seed);
            seen.add(String.format("seed %d: %.0f -> %.0f", seed, r[0], r[1]));
            if (r[1] - r[0] > MARGIN) {
                learned++;
            }
        }
        assertThat(learned).as("lax on Pendulum-v1: seeds whose last-100 mean after " + STEPS
                + " steps exceeds their untrained level by more than " + MARGIN + ": " + seen).isGreaterThanOrEqualTo(2);
    }
}
