package org.kfrelax.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfrelax.cli.Json;
import org.kfrelax.cli.sweep.EngineSettings;
import org.kfrelax.cli.sweep.Engines;
import org.kfrelax.cli.sweep.LocalEngine;
import org.kfrelax.cli.sweep.TrialResult;
import org.kfrelax.cli.sweep.TrialSpec;

/** The spark engine in local mode: found by name, and the same trials give the local engine's results bit for bit. */
class SparkEngineTest {
    @TempDir
    Path dir;

    @Test
    void sparkLocalModeGivesTheLocalEnginesResults() throws Exception {
        List<TrialSpec> onLocal = TinySweep.trials(dir.resolve("local"));
        List<TrialSpec> onSpark = TinySweep.trials(dir.resolve("spark"));
        Map<String, TrialResult> local = TinySweep.run(new LocalEngine(), onLocal, new EngineSettings(2, null, Map.of()));
        Map<String, TrialResult> spark = TinySweep.run(Engines.find("spark"), onSpark,
                new EngineSettings(2, "local[2]", Map.of()));

        assertThat(spark.keySet()).hasSize(onSpark.size()).isEqualTo(local.keySet());
        assertThat(spark.values()).allSatisfy(r -> assertThat(r.status()).as(r.id() + ": " + r.error())
                .isEqualTo(TrialResult.Status.COMPLETE));
        assertThat(TinySweep.withoutClocks(spark)).isEqualTo(TinySweep.withoutClocks(local));
        // the trials differ from each other (a comparison of equal constants would prove nothing)
        assertThat(TinySweep.withoutClocks(spark).values().stream().map(r -> r.get(4)).distinct()).hasSize(onSpark.size());
        // each trial wrote its run directory on the executor
        assertThat(dir.resolve("spark").resolve(onSpark.get(0).id()).resolve("episodes.csv")).isRegularFile();

        // a second run with the same settings (a sweep's next phase) uses the same Spark application; here the
        // trials are done, so it reads them back from their run directories
        String application = SparkEngine.applicationId();
        Map<String, TrialResult> again = TinySweep.run(Engines.find("spark"), onSpark,
                new EngineSettings(2, "local[2]", Map.of()));
        assertThat(SparkEngine.applicationId()).isNotNull().isEqualTo(application);
        assertThat(TinySweep.withoutClocks(again)).isEqualTo(TinySweep.withoutClocks(local));
    }

    @Test
    void aStopRequestCancelsTheTrialsNotStartedAndARunningOneEndsResumably() throws Exception {
        // on one core: a short trial, one that would run for hours and so ends only when stopped, another short one
        List<TrialSpec> three = TinySweep.trials(dir.resolve("stopped")).subList(0, 3);
        TrialSpec s = three.get(1);
        TrialSpec endless = new TrialSpec(s.id(), s.envId(), s.algo(), s.seed(), s.config(), 1_000_000, 0, false,
                s.solveThreshold(), s.runDir());
        List<TrialSpec> trials = List.of(three.get(0), endless, three.get(2));
        Map<String, TrialResult> beforeStop = TinySweep.run(new SparkEngine(), trials, new EngineSettings(1, "local[1]",
                Map.of()), 1);

        assertThat(beforeStop.keySet()).containsExactly(trials.get(0).id());
        assertThat(beforeStop.get(trials.get(0).id()).status()).isEqualTo(TrialResult.Status.COMPLETE);
        // the running trial saw its task killed, ended after an episode and left a resumable run; the engine
        // returned only after that; the third never started
        JsonNode summary = Json.mapper().readTree(Path.of(endless.runDir(), "summary.json").toFile());
        assertThat(summary.path("interrupted").asBoolean()).as(summary.toString()).isTrue();
        assertThat(summary.path("episodes").asLong()).isBetween(1L, 999_999L);
        assertThat(Path.of(endless.runDir(), "model")).isDirectory();
        assertThat(Path.of(trials.get(2).runDir())).doesNotExist();
    }

    @Test
    void aMasterOfAnotherFormIsRefusedByName() {
        assertThatThrownBy(() -> SparkSettings.conf("yarn", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'yarn'");
        assertThatThrownBy(() -> SparkSettings.conf("local[0]", "x")).hasMessageContaining("'local[0]'");
    }

    @Test
    void anEngineConfThatIsNotASparkPropertyIsRefusedByName() {
        assertThatThrownBy(() -> new SparkEngine().run(List.of(), new EngineSettings(1, "local[1]",
                Map.of("executor.memory", "1g")), r -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'executor.memory'");
    }
}
