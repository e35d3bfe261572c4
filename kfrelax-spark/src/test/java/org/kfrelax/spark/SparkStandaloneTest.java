package org.kfrelax.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kfrelax.cli.sweep.EngineSettings;
import org.kfrelax.cli.sweep.LocalEngine;
import org.kfrelax.cli.sweep.TrialResult;
import org.kfrelax.cli.sweep.TrialSpec;

/**
 * A tiny sweep through a standalone Spark cluster (a Master and a Worker started by the test on
 * 127.0.0.1, their executors in JVMs of their own) gives the local engine's results bit for bit.
 * Tagged {@code spark-cluster}: it runs with {@code mvn -B verify -Pspark-cluster} (as in .ci/run).
 */
@Tag("spark-cluster")
class SparkStandaloneTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)   // interrupts the test thread: the cluster is still closed
    void aStandaloneClusterGivesTheLocalEnginesResults() throws Exception {
        List<TrialSpec> onLocal = TinySweep.trials(dir.resolve("local"));
        List<TrialSpec> onCluster = TinySweep.trials(dir.resolve("cluster"));
        Map<String, TrialResult> local = TinySweep.run(new LocalEngine(), onLocal, new EngineSettings(1, null, Map.of()));
        Map<String, TrialResult> cluster;
        try (StandaloneCluster spark = new StandaloneCluster(dir.resolve("spark"), 2, 60)) {
            Map<String, String> conf = Map.of(
                    // the executors load kfrelax from this build's class folders/jars (a real cluster: the README's set-up)
                    "spark.executor.extraClassPath", String.join(File.pathSeparator, StandaloneCluster.classPath()),
                    "spark.executor.memory", "1g",
                    "spark.driver.host", "127.0.0.1",
                    "spark.driver.bindAddress", "127.0.0.1",
                    "spark.ui.enabled", "false");
            try {
                cluster = TinySweep.run(new SparkEngine(), onCluster, new EngineSettings(1, spark.masterUrl, conf));
            } catch (Exception | AssertionError e) {
                throw new AssertionError("sweep on " + spark.masterUrl + " failed; worker log:\n" + spark.log("worker"), e);
            } finally {
                SparkEngine.stopContext();   // before its cluster goes away
            }
        }
        assertThat(cluster.keySet()).hasSize(onCluster.size()).isEqualTo(local.keySet());
        assertThat(cluster.values()).allSatisfy(r -> assertThat(r.status()).as(r.id() + ": " + r.error())
                .isEqualTo(TrialResult.Status.COMPLETE));
        assertThat(TinySweep.withoutClocks(cluster)).isEqualTo(TinySweep.withoutClocks(local));
    }
}
