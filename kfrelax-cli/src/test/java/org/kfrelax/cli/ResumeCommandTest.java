package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kfrelax.rl.AgentConfig;
import org.kfrelax.rl.Algorithm;
import org.kfrelax.rl.Budget;

/**
 * The resume promise: a run stopped after K episodes (by a {@link StopRequest}, the path SIGINT
 * and SIGTERM take) and continued with {@code train --resume} writes an episodes.csv identical,
 * wall-clock column aside, to the same run uninterrupted; and the same holds for a run resumed
 * from a periodic checkpoint ({@code --checkpoint-every}) whose later episodes were lost.
 */
class ResumeCommandTest {
    @TempDir
    Path tmp;

    private static final Warnings WARN = new Warnings(new java.io.PrintWriter(java.io.Writer.nullWriter()), "train", "");

    @ParameterizedTest
    @CsvSource({"a2c, CartPole-v1, 40, 17", "kf-relax, CartPole-v1, 40, 17", "lax, Pendulum-v1, 12, 5"})
    void interruptedAndResumedEqualsUninterrupted(String algo, String envId, int n, int k) throws IOException {
        Path whole = tmp.resolve("whole");
        RlCommandsTest.Run w = RlCommandsTest.run(new TrainCommand(), "--env", envId, "--algo", algo, "--seed", "3",
                "--max-episodes", String.valueOf(n), "--no-plot", "--out", whole.toString());
        assertThat(w.code()).as(w.err()).isZero();

        Path cut = tmp.resolve("cut");
        Files.createDirectories(cut);
        TrainRun.Outcome first = TrainRun.run(spec(algo, envId, n, 0), cut, Progress.silent(), false, WARN,
                StopRequest.afterEpisodes(k));
        assertThat(first.interrupted()).isTrue();
        JsonNode s = Json.readTree(cut.resolve("summary.json"));
        assertThat(s.get("interrupted").asBoolean()).isTrue();
        assertThat(s.get("episodes").asLong()).isEqualTo(k);
        assertThat(Files.readAllLines(cut.resolve("episodes.csv"))).hasSize(k + 1);

        RlCommandsTest.Run r = RlCommandsTest.run(new TrainCommand(), "--resume", cut.toString(), "--no-plot");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(withoutWallClock(cut.resolve("episodes.csv"))).as(algo).hasSize(n + 1)
                .isEqualTo(withoutWallClock(whole.resolve("episodes.csv")));
        JsonNode a = Json.readTree(whole.resolve("summary.json"));
        JsonNode b = Json.readTree(cut.resolve("summary.json"));
        for (String f : List.of("episodes", "total_steps", "updates", "final_mean_return_100", "solved", "interrupted")) {
            assertThat(b.get(f)).as(algo + " summary " + f).isEqualTo(a.get(f));
        }
        assertThat(Files.readAllBytes(cut.resolve("model").resolve(Checkpoint.PARAMS)))
                .isEqualTo(Files.readAllBytes(whole.resolve("model").resolve(Checkpoint.PARAMS)));
    }

    @Test
    void resumeFromAPeriodicCheckpointRedoesTheLostEpisodes() throws IOException {
        Path whole = tmp.resolve("whole");
        Files.createDirectories(whole);
        TrainRun.run(spec("kf-relax", "CartPole-v1", 30, 0), whole, Progress.silent(), false, WARN);
        // a run checkpointing every 10 episodes, stopped at 25: keep its checkpoint of episode 20
        // as a crash at episode 25 would have left it
        Path crashed = tmp.resolve("crashed");
        Path at20 = tmp.resolve("at20");
        Files.createDirectories(crashed);
        TrainRun.run(spec("kf-relax", "CartPole-v1", 30, 10), crashed, Progress.silent(), false, WARN, new StopRequest() {
            @Override
            boolean stopAfter(org.kfrelax.rl.EpisodeStats st) {
                if (st.episode() == 21) {
                    copyTree(crashed.resolve("model"), at20);
                }
                return st.episode() >= 25;
            }
        });
        deleteTree(crashed.resolve("model"));
        copyTree(at20, crashed.resolve("model"));
        assertThat(Json.readTree(crashed.resolve("model").resolve(Checkpoint.POSITION)).get("episodes").asLong()).isEqualTo(20);
        RlCommandsTest.Run r = RlCommandsTest.run(new TrainCommand(), "--resume", crashed.toString(), "--no-plot");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(withoutWallClock(crashed.resolve("episodes.csv"))).isEqualTo(withoutWallClock(whole.resolve("episodes.csv")));
    }

    /**
     * The real thing: a {@code kfrelax train} process sent SIGTERM mid-run finishes its episode,
     * writes the checkpoint and a summary marked interrupted and exits 143; resumed, it ends as
     * the uninterrupted run does. (SIGINT takes the same path, with exit 130.)
     */
    @Test
    void sigtermInterruptsAResumableRun() throws Exception {
        Path whole = tmp.resolve("whole");
        Files.createDirectories(whole);
        TrainRun.run(spec("a2c", "CartPole-v1", 600, 0), whole, Progress.silent(), false, WARN);

        Path cut = tmp.resolve("cut");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "train", "--env", "CartPole-v1",
                "--algo", "a2c", "--seed", "3", "--max-episodes", "600", "--no-plot", "--out", cut.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile())
                .start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (p.isAlive() && partialRows(cut) < 5) {
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("the child did not start training within 120 s");
            }
            Thread.sleep(20);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(p.isAlive(), "the run finished before it could be interrupted");
        p.destroy();   // SIGTERM
        assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(tmp.resolve("child.log"));
        assertThat(p.exitValue()).as(log).isEqualTo(143);
        assertThat(log).contains("--resume");
        JsonNode s = Json.readTree(cut.resolve("summary.json"));
        assertThat(s.get("interrupted").asBoolean()).isTrue();
        assertThat(s.get("episodes").asLong()).isBetween(4L, 599L);

        RlCommandsTest.Run r = RlCommandsTest.run(new TrainCommand(), "--resume", cut.toString(), "--no-plot");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(withoutWallClock(cut.resolve("episodes.csv"))).isEqualTo(withoutWallClock(whole.resolve("episodes.csv")));
    }

    @Test
    void compareResumeRunsOnlyWhatIsMissing() throws IOException {
        String[] args = {"--env", "CartPole-v1", "--algos", "a2c,kf-relax", "--seeds", "2", "--max-episodes", "20",
                "--threads", "2", "--bootstrap-resamples", "100"};
        Path whole = tmp.resolve("whole");
        RlCommandsTest.Run w = RlCommandsTest.run(new CompareCommand(), concat(args, "--out", whole.toString()));
        assertThat(w.code()).as(w.err()).isZero();

        Path part = tmp.resolve("part");
        RlCommandsTest.Run p = RlCommandsTest.run(new CompareCommand(), concat(args, "--out", part.toString()));
        assertThat(p.code()).as(p.err()).isZero();
        Path runs = part.resolve("runs");
        byte[] finished = Files.readAllBytes(runs.resolve("a2c/seed-1/episodes.csv"));
        deleteTree(runs.resolve("kf-relax/seed-1"));                       // never started
        Path cutDir = runs.resolve("a2c/seed-0");                          // interrupted after 7 episodes
        deleteTree(cutDir);
        Files.createDirectories(cutDir);
        TrainRun.Spec a2c0 = new TrainRun.Spec("CartPole-v1", AgentConfig.defaults(Algorithm.A2C), 0, Budget.episodes(20),
                false, TrainRun.threshold("CartPole-v1", null));
        assertThat(TrainRun.run(a2c0, cutDir, Progress.silent(), false, WARN, StopRequest.afterEpisodes(7)).interrupted())
                .isTrue();
        for (String f : List.of("compare.csv", "compare.md", "compare.json")) {
            Files.delete(part.resolve(f));
        }

        RlCommandsTest.Run r = RlCommandsTest.run(new CompareCommand(), concat(args, "--out", part.toString(), "--resume"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(runs.resolve("a2c/seed-1/episodes.csv"))).as("a finished run is not run again")
                .isEqualTo(finished);
        for (String run : List.of("a2c/seed-0", "a2c/seed-1", "kf-relax/seed-0", "kf-relax/seed-1")) {
            assertThat(withoutWallClock(runs.resolve(run).resolve("episodes.csv"))).as(run)
                    .isEqualTo(withoutWallClock(whole.resolve("runs").resolve(run).resolve("episodes.csv")));
        }
        // compare.csv without its wall-clock columns (wall_seconds, steps_per_second)
        assertThat(columns(part.resolve("compare.csv"), 7, 8)).isEqualTo(columns(whole.resolve("compare.csv"), 7, 8));

        RlCommandsTest.Run other = RlCommandsTest.run(new CompareCommand(), "--env", "CartPole-v1", "--algos", "a2c",
                "--seeds", "1", "--max-episodes", "20", "--lr", "0.02", "--out", part.toString(), "--resume");
        assertThat(other.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(other.err()).contains("other settings");
    }

    /** Rows flushed so far to the partial episodes.csv of a running train ({@code episodes.csv.*.partial}). */
    private static int partialRows(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var s = Files.newDirectoryStream(dir, "episodes.csv.*.partial")) {
            int n = 0;
            for (Path p : s) {
                n = Math.max(n, Files.readAllLines(p).size() - 1);
            }
            return n;
        } catch (java.nio.file.NoSuchFileException | java.io.UncheckedIOException e) {
            return 0;   // renamed or removed meanwhile
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The lines of a CSV without the given columns (0-based, ascending). */
    private static List<String> columns(Path csv, int... drop) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            List<String> keep = new ArrayList<>(List.of(line.split(",", -1)));
            for (int i = drop.length - 1; i >= 0; i--) {
                keep.remove(drop[i]);
            }
            out.add(String.join(",", keep));
        }
        return out;
    }

    @Test
    void resumeRefusesACompleteRunAndOtherSettings() throws IOException {
        Path dir = tmp.resolve("done");
        RlCommandsTest.Run w = RlCommandsTest.run(new TrainCommand(), "--env", "CartPole-v1", "--algo", "a2c",
                "--max-episodes", "3", "--no-plot", "--out", dir.toString());
        assertThat(w.code()).as(w.err()).isZero();
        RlCommandsTest.Run again = RlCommandsTest.run(new TrainCommand(), "--resume", dir.toString());
        assertThat(again.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(again.err()).contains("complete");
        RlCommandsTest.Run withSeed = RlCommandsTest.run(new TrainCommand(), "--resume", dir.toString(), "--seed", "4");
        assertThat(withSeed.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(withSeed.err()).contains("--seed");
        RlCommandsTest.Run nothing = RlCommandsTest.run(new TrainCommand(), "--resume", tmp.resolve("none").toString());
        assertThat(nothing.code()).isEqualTo(Cli.EXIT_USAGE);
    }

    private static TrainRun.Spec spec(String algo, String envId, int episodes, int checkpointEvery) {
        return new TrainRun.Spec(envId, AgentConfig.defaults(Algorithm.parse(algo)), 3, Budget.episodes(episodes), false,
                TrainRun.threshold(envId, null), checkpointEvery);
    }

    /** The lines of an episodes.csv without its wall_s column (the 5th). */
    static List<String> withoutWallClock(Path csv) throws IOException {
        return columns(csv, 4);
    }

    private static void copyTree(Path from, Path to) {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
