package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kfrelax variance}: outputs from a training run and a checkpoint, determinism, refusals and bad input. */
class VarianceCommandTest {
    @TempDir
    Path tmp;

    private static final String[] SMALL = {"--episodes", "12", "--fit-episodes", "6", "--fit-hidden", "8",
        "--fit-steps", "20", "--fit-batch", "16"};

    private static String[] args(String[] head, String... tail) {
        String[] a = new String[head.length + SMALL.length + tail.length];
        System.arraycopy(head, 0, a, 0, head.length);
        System.arraycopy(SMALL, 0, a, head.length, SMALL.length);
        System.arraycopy(tail, 0, a, head.length + SMALL.length, tail.length);
        return a;
    }

    @Test
    void snapshotsOfATrainingRunAndACheckpointAreMeasured() throws IOException {
        Path model = tmp.resolve("a2c-run");
        RlCommandsTest.Run t = RlCommandsTest.run(new TrainCommand(), "--env", "CartPole-v0", "--algo", "a2c",
                "--max-episodes", "5", "--no-plot", "--out", model.toString());
        assertThat(t.code()).as(t.err()).isZero();

        Path dir = tmp.resolve("var");
        String[] a = args(new String[] {"--env", "CartPole-v0", "--algo", "kf-relax", "--snapshots", "0,3"},
                "--checkpoint", model.toString(), "--seed", "4", "--out", dir.toString());
        RlCommandsTest.Run r = RlCommandsTest.run(new VarianceCommand(), a);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("kf-relax-as-trained").contains("a2c-as-trained").contains("fitted-q");

        List<String> lines = Files.readAllLines(dir.resolve("variance.csv"));
        assertThat(lines.get(0)).isEqualTo(String.join(",", VarianceCommand.COLUMNS));
        // 3 snapshots (the checkpoint first, then ep0, ep3) × 8 estimators
        assertThat(lines).hasSize(1 + 3 * 8);
        assertThat(lines.get(1)).startsWith("a2c-run,,CartPole-v0,a2c,reinforce,none,");
        assertThat(lines.get(9)).startsWith("ep0,0,CartPole-v0,kf-relax,reinforce,");
        assertThat(lines.get(11)).startsWith("ep0,0,CartPole-v0,kf-relax,relax,fresh + 6 episodes,");
        assertThat(lines.get(12)).startsWith("ep0,0,CartPole-v0,kf-relax,kf-relax,snapshot's + 6 episodes,");
        JsonNode j = Json.readTree(dir.resolve("variance.json"));
        assertThat(j.get("snapshots")).hasSize(3);
        assertThat(j.get("episodes").asInt()).isEqualTo(12);
        assertThat(j.get("unbiasedness").get("max_abs_z").asDouble()).isFinite();
        JsonNode fv = j.get("snapshots").get(1).get("estimators").get(5);
        assertThat(fv.get("estimator").asText()).isEqualTo("fitted-v");
        assertThat(fv.get("fit_gap").asDouble()).isEqualTo(1.0);
        assertThat(dir.resolve("variance.png")).isRegularFile();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> (n.startsWith(".") && !n.equals(RunLock.FILE))
                    || n.endsWith(".partial") || n.equals(RunMarker.FILE)))
                    .as("no temporary files left").isEmpty();
        }

        // the same seed gives the same numbers
        Path again = tmp.resolve("again");
        a[a.length - 1] = again.toString();
        assertThat(RlCommandsTest.run(new VarianceCommand(), a).code()).isZero();
        assertThat(Files.readAllLines(again.resolve("variance.csv"))).isEqualTo(lines);

        // an --out holding results is refused without --force
        a[a.length - 1] = dir.toString();
        RlCommandsTest.Run refused = RlCommandsTest.run(new VarianceCommand(), a);
        assertThat(refused.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(refused.err()).contains("already holds results").contains("--force");
    }

    @Test
    void theCsvColumnsOfAnEstimatorAreItsJsonFields() {
        var e = new org.kfrelax.rl.FixedPolicyVariance.EstimatorResult("a2c", "fresh", 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(List.of(VarianceCommand.COLUMNS).subList(4, 14)).containsExactlyElementsOf(VarianceCommand.fields(e).keySet());
    }

    @Test
    void badInputIsOneLineAndWritesNothing() {
        Path dir = tmp.resolve("bad");
        for (String[] a : List.of(
                new String[] {"--out", dir.toString()},
                new String[] {"--env", "CartPole-v0", "--algo", "a2c", "--out", dir.toString()},
                new String[] {"--env", "CartPole-v0", "--algo", "a2c", "--snapshots", "5,3", "--out", dir.toString()},
                new String[] {"--env", "Pendulum-v1", "--algo", "lax", "--snapshots", "1", "--out", dir.toString()},
                new String[] {"--checkpoint", tmp.resolve("none").toString(), "--out", dir.toString()},
                new String[] {"--env", "CartPole-v0", "--algo", "a2c", "--snapshots", "1", "--episodes", "1",
                    "--out", dir.toString()})) {
            RlCommandsTest.Run r = RlCommandsTest.run(new VarianceCommand(), a);
            assertThat(r.code()).as(String.join(" ", a)).isEqualTo(Cli.EXIT_USAGE);
            assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(dir).doesNotExist();
        }
    }
}
