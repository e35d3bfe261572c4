package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kfrelax.cli.RlCommandsTest.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfrelax.cli.RlCommandsTest.Run;

/**
 * Issue 12, defects 1, 6 and 8: one writer per run directory, a directory that is complete
 * or visibly incomplete, and bad {@code --out} contents caught before any work.
 */
class RunDirSafetyTest {
    @TempDir
    Path tmp;

    private static final String[] SHORT_TRAIN = {"--env", "CartPole-v0", "--algo", "a2c", "--max-episodes", "5", "--no-plot"};

    private static String[] train(Path out, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of(SHORT_TRAIN));
        a.add("--out");
        a.add(out.toString());
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Defect 1: a second writer of a directory (here: this JVM holds it) is refused before writing anything. */
    @Test
    void aSecondWriterInTheSameJvmIsRefusedWithOneLineNamingTheDirectory() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        try (RunLock held = RunLock.acquire(dir)) {
            Run r = run(new TrainCommand(), train(dir, "--force"));
            assertThat(r.code()).isNotZero();
            assertThat(r.err().lines()).singleElement().asString()
                    .contains(dir.toString()).contains("another kfrelax process");
            assertThat(names(dir)).containsExactly(RunLock.FILE);
        }
        // released: the next writer proceeds
        assertThat(run(new TrainCommand(), train(dir, "--force")).code()).isZero();
    }

    /** Defect 1 across processes: the lock is an OS lock, seen by another JVM. */
    @Test
    void aSecondWriterProcessIsRefusedAndExitsNonZero() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        try (RunLock held = RunLock.acquire(dir)) {
            List<String> args = new java.util.ArrayList<>(List.of("train"));
            args.addAll(List.of(train(dir, "--force")));
            Process p = kfrelax(args, tmp.resolve("stderr.txt"));
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(Cli.EXIT_FAILURE);
            List<String> err = Files.readAllLines(tmp.resolve("stderr.txt")).stream()
                    .filter(l -> !l.startsWith("WARNING: Using incubator")).toList();
            assertThat(err).singleElement().asString().startsWith("kfrelax train: error: " + dir);
            assertThat(names(dir)).containsExactly(RunLock.FILE);
        }
    }

    /** Two runs into one fresh directory: the one that locks second sees the first's results and refuses. */
    @Test
    void theLaterOfTwoFreshRunsRechecksUnderTheLock() throws IOException {
        Path dir = tmp.resolve("fresh");
        try (RunLock first = RunDir.open(dir, false, "train", TrainRun.FILES)) {
            Files.writeString(dir.resolve("summary.json"), "{}");
        }
        Run r = run(new TrainCommand(), train(dir));
        assertThat(r.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(r.err()).contains("already holds results (summary.json)");
    }

    /**
     * Defect 6: a train --force killed while training leaves the directory visibly incomplete:
     * the marker is there and the old run's summary and plot are gone (they used to stay beside
     * the new episodes, a mixed set that looked complete).
     */
    @Test
    void aKilledForcedRunLeavesTheDirectoryMarkedIncompleteWithoutTheOldSummary() throws Exception {
        Path dir = tmp.resolve("run");
        Run first = run(new TrainCommand(), "--env", "CartPole-v0", "--algo", "a2c", "--max-episodes", "3",
                "--out", dir.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(dir.resolve("summary.json")).isRegularFile();
        assertThat(dir.resolve("returns.png")).isRegularFile();
        assertThat(dir.resolve(RunMarker.FILE)).doesNotExist();

        Process p = kfrelax(List.of("train", "--env", "CartPole-v0", "--algo", "a2c", "--max-episodes", "10000000",
                "--out", dir.toString(), "--force"), tmp.resolve("stderr.txt"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (names(dir).stream().noneMatch(n -> n.endsWith(".partial")) && System.nanoTime() < deadline) {
                assertThat(p.isAlive()).as("train is still running").isTrue();
                Thread.sleep(20);
            }
        } finally {
            p.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no cleanup
        }
        assertThat(dir.resolve(RunMarker.FILE)).isRegularFile();
        assertThat(dir.resolve("summary.json")).doesNotExist();
        assertThat(dir.resolve("returns.png")).doesNotExist();

        Run plain = run(new TrainCommand(), train(dir));
        assertThat(plain.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(plain.err()).contains("holds an incomplete run").contains("--force");

        // the next forced run clears what the killed one left (its .partial) and completes the directory
        Files.createDirectory(dir.resolve(".model.old.5f3a"));
        Files.writeString(dir.resolve(".summary.json.77.tmp"), "{");
        Files.writeString(dir.resolve("notes.partial"), "the user's own file: not a leftover");
        Run again = run(new TrainCommand(), train(dir, "--force"));
        assertThat(again.code()).as(again.err()).isZero();
        // one event file: the killed run's is replaced by the new run's
        assertThat(names(dir).stream().filter(n -> n.startsWith(org.kfrelax.tensorboard.TensorBoardWriter.PREFIX))).hasSize(1);
        assertThat(names(dir).stream().filter(n -> !n.startsWith(org.kfrelax.tensorboard.TensorBoardWriter.PREFIX)))
                .containsExactly(RunLock.FILE, "episodes.csv", "model", "notes.partial", "summary.json", "updates.csv");
    }

    /** Defect 8: wrong kinds of entries under result names are refused before training, even with --force. */
    @Test
    void badOutContentsAreRefusedBeforeAnyWork() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Files.writeString(a.resolve("model"), "not a checkpoint directory");
        Run r = run(new TrainCommand(), train(a, "--force"));
        assertThat(r.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(r.err()).contains(a.resolve("model").toString()).contains("is a file");
        assertThat(names(a)).containsExactly("model");

        Path b = Files.createDirectories(tmp.resolve("b").resolve("summary.json"));
        r = run(new TrainCommand(), train(b.getParent(), "--force"));
        assertThat(r.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(r.err()).contains("summary.json").contains("is a directory");
        assertThat(names(b.getParent())).containsExactly("summary.json");

        r = run(new TrainCommand(), train(Path.of("/"), "--force"));
        assertThat(r.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(r.err()).contains("file-system root");

        Path file = Files.writeString(tmp.resolve("plain"), "x");
        r = run(new TrainCommand(), train(file.resolve("sub")));
        assertThat(r.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(r.err()).contains(file + " is a file");

        Path c = Files.createDirectories(tmp.resolve("c"));
        Files.createDirectories(c.resolve("runs").resolve("a2c").resolve("seed-0").resolve("episodes.csv"));
        r = run(new CompareCommand(), "--env", "CartPole-v0", "--algos", "a2c", "--seeds", "1", "--max-episodes", "3",
                "--out", c.toString(), "--force");
        assertThat(r.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(r.err()).contains("episodes.csv").contains("is a directory");
        assertThat(names(c)).containsExactly("runs");
    }

    /**
     * Defect 7: a plot that cannot be written must not cost the run its summary (it used to be
     * written after the plots). The plots are now drawn alongside the checkpoint and summary and
     * the run is marked finished after all of them ({@link AlongsideTest}: a failing background
     * leaves the foreground's file written); here, a finished run has every file.
     */
    @Test
    void aFinishedRunHasItsSummaryCheckpointAndPlots() throws IOException {
        Path dir = tmp.resolve("run");
        Run r = run(new TrainCommand(), "--env", "CartPole-v0", "--algo", "a2c", "--max-episodes", "3",
                "--out", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(dir.resolve("summary.json")).isRegularFile();
        assertThat(dir.resolve("model")).isDirectory();
        assertThat(dir.resolve("returns.png")).isRegularFile();
        assertThat(dir.resolve("returns.svg")).isRegularFile();
        assertThat(RunMarker.isIncomplete(dir)).isFalse();
    }

    /** A kfrelax process on this JVM's class path; stderr to {@code err}, stdout discarded. */
    static Process kfrelax(List<String> args, Path err) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1", Main.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
