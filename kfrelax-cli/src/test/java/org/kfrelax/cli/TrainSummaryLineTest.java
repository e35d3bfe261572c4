package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** train's closing line: the mean over the episodes there are, and no verdict without a threshold. */
class TrainSummaryLineTest {

    private static Map<String, Object> summary(long episodes, Double threshold, Long solvedAt, Double mean) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("episodes", episodes);
        s.put("total_steps", 4000L);
        s.put("wall_seconds", 2.0);
        s.put("steps_per_second", 2000.0);
        s.put("solve_threshold", threshold);
        s.put("episodes_to_solve", solvedAt);
        s.put("final_mean_return_100", mean);
        return s;
    }

    @Test
    void fewerThanAHundredEpisodesSayHowMany() {
        assertThat(TrainCommand.summaryLine("CartPole-v1", "a2c", 0, summary(50, 475.0, null, 21.5)))
                .isEqualTo("CartPole-v1 a2c seed 0: 50 episodes, 4000 steps, 2.0 s (2000 steps/s); "
                        + "not solved (threshold 475.0); mean return (last 50) 21.5");
        assertThat(TrainCommand.summaryLine("CartPole-v0", "kf-relax", 1, summary(300, 195.0, 250L, 196.0)))
                .endsWith("solved at episode 250; mean return (last 100) 196.0");
    }

    @Test
    void anEnvironmentWithoutAThresholdIsNeitherSolvedNorNot() {
        assertThat(TrainCommand.summaryLine("Pendulum-v1", "lax", 0, summary(20, null, null, -1200.0)))
                .endsWith("; no solve threshold; mean return (last 20) -1200.0");
        assertThat(TrainCommand.summaryLine("Pendulum-v1", "lax", 0, summary(0, null, null, null)))
                .endsWith("; no episode completed");
    }
}
