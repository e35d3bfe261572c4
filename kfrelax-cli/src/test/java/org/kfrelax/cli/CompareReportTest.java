package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfrelax.rl.Budget;
import org.kfrelax.stats.StratifiedBootstrap;

/** compare's report on planted runs: a collapsed run is listed and left out of the curves, statistics are as computed by hand. */
class CompareReportTest {
    @TempDir
    Path tmp;

    /** A run of n episodes whose returns climb linearly from 10 by {@code slope} per episode; solved at {@code solvedAt} or never. */
    private static CompareReport.Run run(String algo, long seed, int n, double slope, double logvar, Long solvedAt) {
        double[] ret = new double[n];
        double[] mean = new double[n];
        double[] lv = new double[n];
        double[] steps = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            ret[i] = 10 + slope * i + (i % 3);
            steps[i] = (i == 0 ? 0 : steps[i - 1]) + ret[i];
            sum += ret[i] - (i >= 100 ? ret[i - 100] : 0);
            mean[i] = sum / Math.min(i + 1, 100);
            lv[i] = i == 0 ? Double.NaN : logvar + 0.1 * (i % 5);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("episodes", (long) n);
        s.put("episodes_to_solve", solvedAt);
        s.put("final_mean_return_100", mean[n - 1]);
        s.put("steps_per_second", 1000.0);
        s.put("error", null);
        return new CompareReport.Run(algo, seed, new TrainRun.Outcome(s, mean, lv, ret, steps));
    }

    @Test
    void aPlantedCollapsedRunIsListedAndLeftOutOfTheCurves() throws IOException {
        List<CompareReport.Run> runs = new ArrayList<>();
        runs.add(run("a2c", 0, 300, 0.7, 2.0, 250L));
        runs.add(run("a2c", 1, 300, 0.7, 3.0, 270L));
        runs.add(run("a2c", 2, 300, 0.7, 4.0, null));
        runs.add(run("relax", 0, 300, 0.7, 1.0, 200L));
        runs.add(run("relax", 1, 300, 0.7, 1.0, 210L));
        // relax seed 2 collapses: stuck near 9 steps with a log-variance 15 below its start
        CompareReport.Run bad = run("relax", 2, 300, 0.0, 1.0, null);
        for (int i = 150; i < 300; i++) {
            bad.outcome().returns()[i] = 9 + (i % 2);
            bad.outcome().meanReturn100()[i] = 9.5;
            bad.outcome().gradLogVar()[i] = -14;
        }
        runs.add(bad);
        CompareReport.Setting setting = new CompareReport.Setting("CartPole-v0", 0, 3, Budget.episodes(300), 195.0, false, 4,
                new StratifiedBootstrap(0, 1000, 0.95));
        String md = CompareReport.write(tmp, setting, List.of("a2c", "relax"), runs);

        assertThat(md).contains("| relax | 2 | collapsed | vanished gradient variance");
        assertThat(md).contains("3 seeds (0..2) per algorithm; solve threshold 195");
        // a2c: solved 250, 270 and one unsolved = 300: mean ± std 260.0 ± 14.1, IQM (n = 3 keeps all) 273.3
        assertThat(md).contains("| a2c | 2/3 | 0.67 [").contains("| 260.0 ± 14.1 | 260.0 | 273.3 [");
        JsonNode j = Json.mapper().readTree(tmp.resolve("compare.json").toFile());
        assertThat(j.at("/unsolved_counted_as").asDouble()).isEqualTo(300);
        assertThat(j.at("/algos/relax/left_out_of_curves/0/seed").asLong()).isEqualTo(2);
        assertThat(j.at("/algos/relax/left_out_of_curves/0/kind").asText()).isEqualTo("collapsed");
        assertThat(j.at("/algos/a2c/left_out_of_curves")).isEmpty();
        // the collapsed run stays in the statistics: relax 200, 210, 300 -> IQM 236.7, 2/3 solved
        assertThat(j.at("/algos/relax/episodes_to_solve_iqm/value").asDouble()).isCloseTo(710.0 / 3, within(1e-9));
        assertThat(j.at("/algos/relax/solved").asInt()).isEqualTo(2);
        // final mean returns: a2c's three runs are identical, so mean = IQM = their value, std 0
        double f = j.at("/algos/a2c/final_mean_return_100/mean").asDouble();
        assertThat(j.at("/algos/a2c/final_mean_return_100/std").asDouble()).isZero();
        assertThat(j.at("/algos/a2c/final_mean_return_100/iqm/value").asDouble()).isCloseTo(f, within(1e-9));
        assertThat(j.at("/algos/a2c/final_mean_return_100/iqm/ci_low").asDouble()).isCloseTo(f, within(1e-9));
        // relax vs a2c, fewer episodes: 200 and 210 beat all three a2c runs (6), 300 ties a2c's 300 (0.5): 6.5/9
        assertThat(j.at("/probability_of_improvement/0/x").asText()).isEqualTo("a2c");
        assertThat(j.at("/probability_of_improvement/0/value").asDouble()).isCloseTo(2.5 / 9, within(1e-12));
        // the log-variance bands hold only the kept runs: relax never has 3 runs in a band, and
        // its values are all near 1 (the collapsed run's −14 is not in them)
        for (JsonNode cell : j.at("/logvar_at_matched_return/relax")) {
            assertThat(cell.get("runs").asInt()).isLessThanOrEqualTo(2);
            if (cell.get("runs").asInt() > 0) {
                assertThat(cell.get("mean_logvar").asDouble()).isBetween(1.0, 1.4);
            }
        }
        assertThat(j.at("/logvar_at_matched_return/a2c/3/runs").asInt()).isEqualTo(3);
        assertThat(tmp.resolve("logvar_bands.png")).isRegularFile();
        assertThat(tmp.resolve("reward.png")).isRegularFile();
    }

    /**
     * Runs stopped when solved are marked on reward.png (one legend entry counting them), and
     * --x-axis steps puts environment steps on the curves' x axis.
     */
    @Test
    void stoppedRunsAreMarkedAndTheAxisMayCountSteps() throws IOException {
        List<CompareReport.Run> runs = new ArrayList<>();
        runs.add(run("a2c", 0, 300, 0.7, 2.0, 250L));
        runs.add(run("a2c", 1, 250, 0.7, 3.0, 250L));
        runs.add(run("relax", 0, 200, 0.7, 1.0, 200L));
        runs.get(1).outcome().summary().put("stopped_when_solved", true);
        runs.get(2).outcome().summary().put("stopped_when_solved", true);
        Path steps = tmp.resolve("steps");
        java.nio.file.Files.createDirectories(steps);
        CompareReport.write(steps, new CompareReport.Setting("CartPole-v0", 0, 2, Budget.episodes(300), 195.0, true, 4,
                new StratifiedBootstrap(0, 200, 0.95), XAxis.STEPS), List.of("a2c", "relax"), runs);
        String svg = java.nio.file.Files.readString(steps.resolve("reward.svg"));
        assertThat(svg).contains("2 runs stopped when solved").contains("environment steps");
        assertThat(java.nio.file.Files.readString(steps.resolve("logvar.svg"))).contains("environment steps");

        Path episodes = tmp.resolve("episodes");
        java.nio.file.Files.createDirectories(episodes);
        runs.get(1).outcome().summary().put("stopped_when_solved", false);
        CompareReport.write(episodes, new CompareReport.Setting("CartPole-v0", 0, 2, Budget.episodes(300), 195.0, true, 4,
                new StratifiedBootstrap(0, 200, 0.95)), List.of("a2c", "relax"), runs);
        svg = java.nio.file.Files.readString(episodes.resolve("reward.svg"));
        assertThat(svg).contains("1 run stopped when solved").doesNotContain("environment steps");
    }
}
