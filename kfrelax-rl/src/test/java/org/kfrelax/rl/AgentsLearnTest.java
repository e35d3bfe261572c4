package org.kfrelax.rl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.gym.Gym;

/**
 * Every discrete agent, with its default (reference) settings and a fixed seed, solves
 * CartPole-v0 (mean return ≥ 195 over 100 consecutive episodes) within a stated budget;
 * training is deterministic.
 */
class AgentsLearnTest {

    /** Trains until solved or out of budget; returns the solve episode (or -1). */
    static long solve(String algo, long seed, long budget) {
        Agent<?> agent = Agents.create(AgentConfig.defaults(Algorithm.parse(algo)), Gym.make("CartPole-v0"), seed);
        SolveCriterion solve = new SolveCriterion(195.0);
        agent.learn(Budget.episodes(budget), s -> !solve.add(s.ret()));
        return solve.solvedAt();
    }

    // Training is chaotic: a change in the last bit of a matrix product changes which episode a
    // seed solves at (kf-relax seed 0 moved from 350 to 965 under a different matmul kernel).
    // So each agent gets three seeds and must solve with at least two of them within a budget
    // of roughly 2-3x its typical episodes-to-solve (measured on seeds 0-4: a2c ~320,
    // relax ~320, kf-relax ~320, acktr ~550): a regression that breaks or badly slows
    // learning fails, an unlucky seed does not. Each run is unit-test sized (< 250k steps).
    @ParameterizedTest
    @CsvSource({"a2c, 1000", "relax, 1000", "kf-relax, 1000", "acktr, 1500"})
    void solvesCartPole(String algo, long budget) {
        List<Long> solvedAt = new ArrayList<>();
        for (long seed = 0; seed < 3; seed++) {
            solvedAt.add(solve(algo, seed, budget));
        }
        assertThat(solvedAt.stream().filter(at -> at > 0 && at <= budget).count())
                .as(algo + " episodes to solve for seeds 0, 1, 2 (-1 = not within " + budget + "): " + solvedAt)
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void sameSeedSameEpisodesAndParameters() {
        for (String algo : List.of("relax", "kf-relax", "acktr")) {
            List<String> a = new ArrayList<>();
            List<String> b = new ArrayList<>();
            Agent<?> x = Agents.create(AgentConfig.defaults(Algorithm.parse(algo)), Gym.make("CartPole-v0"), 3);
            Agent<?> y = Agents.create(AgentConfig.defaults(Algorithm.parse(algo)), Gym.make("CartPole-v0"), 3);
            x.learn(Budget.episodes(40), s -> a.add(s.steps() + " " + s.ret() + " " + s.totalSteps() + " " + s.gradLogVar()));
            y.learn(Budget.episodes(40), s -> b.add(s.steps() + " " + s.ret() + " " + s.totalSteps() + " " + s.gradLogVar()));
            assertThat(a).as(algo).hasSize(40).isEqualTo(b);
            for (String k : x.parameters().keySet()) {
                Tensor p = x.parameters().get(k);
                assertThat(p.data()).as(algo + " " + k).containsExactly(y.parameters().get(k).data());
            }
        }
    }

    @Test
    void budgetInStepsStopsAfterTheEpisodeThatReachesIt() {
        Agent<?> agent = Agents.create(AgentConfig.defaults(Algorithm.A2C), Gym.make("CartPole-v0"), 0);
        TrainingResult r = agent.learn(Budget.steps(500), s -> true);
        assertThat(r.totalSteps()).isGreaterThanOrEqualTo(500).isLessThan(500 + 200);
        assertThat(r.updates()).isEqualTo(r.episodes());
    }

    @Test
    void wrongActionSpaceIsRejected() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> Agents.create(AgentConfig.defaults(Algorithm.RELAX), Gym.make("Pendulum-v1"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("discrete");
    }
}
