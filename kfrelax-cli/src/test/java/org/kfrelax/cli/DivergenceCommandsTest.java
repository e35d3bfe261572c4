package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfrelax.gym.Env;
import org.kfrelax.rl.Agent;

/**
 * Issue 12, defects 2 and 3: every numerical failure ends a run the same way — exit 1, one error
 * line, {@code "diverged": true} with the reason in summary.json, a loadable checkpoint of the
 * last good parameters — and K-FAC's skipped updates are counted and warned about in the CLI's
 * own one-line format (never through java.util.logging). In compare and toy the failing run is
 * named and the others finish.
 */
class DivergenceCommandsTest {
    @TempDir
    Path tmp;

    /** The settings that make K-FAC's steps overflow. */
    private static final String[] ABSURD_KFAC = {"--kfac-lr", "1e9", "--kfac-damping", "1e-300", "--trust-region", "100",
        "--kfac-kl-clip", "1e300"};

    private static String[] args(String[] head, String... tail) {
        List<String> a = new ArrayList<>(List.of(head));
        a.addAll(List.of(ABSURD_KFAC));
        a.addAll(List.of(tail));
        return a.toArray(new String[0]);
    }

    /** Records what reaches java.util.logging under org.kfrelax while {@code body} runs. */
    private static List<String> julRecords(Runnable body) {
        List<String> got = new ArrayList<>();
        Logger logger = Logger.getLogger("org.kfrelax");
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                got.add(r.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(h);
        try {
            body.run();
        } finally {
            logger.removeHandler(h);
        }
        return got;
    }

    /** Exactly one error line; every other line on the command's error stream is one of its warnings. */
    private static String errorLine(String err, String command) {
        List<String> errors = new ArrayList<>();
        for (String line : err.strip().lines().toList()) {
            if (line.startsWith("kfrelax " + command + ": error: ")) {
                errors.add(line);
            } else {
                assertThat(line).as(err).startsWith("kfrelax " + command + ": warning: ");
            }
        }
        assertThat(errors).as(err).hasSize(1);
        return errors.get(0);
    }

    /** The checkpoint loads, and its policy acts on the first observation (finite logits). */
    private static void assertLoadableAndActs(Path dir) throws IOException {
        Checkpoint.Loaded loaded = Checkpoint.load(dir);
        Agent<?> agent = loaded.agent();
        for (var p : agent.parameters().values()) {
            assertThat(p.isFinite()).isTrue();
        }
        Env<?> env = agent.env();
        agent.act(env.reset(0L).observation(), new org.kfrelax.random.Pcg64(1));
    }

    @Test
    void skippedKfacStepsEndTheRunAsDivergedWithCountsWarningsAndALoadableCheckpoint() throws IOException {
        // before: exit 0, "diverged": false, every later step skipped, warnings through java.util.logging.
        // Seed 3: whether these settings first skip K-FAC steps or first take a finite step that
        // overflows the policy depends on rounding (the sampled Fisher of a softmax has a null
        // direction, which damping 1e-300 turns into a 1e300 factor). Since the random streams
        // were split per consumer, seeds 0, 1, 2 and 4 take the finite step and diverge at
        // episode 2's first logits (nonFiniteLogitsAreDivergenceNotBadInput covers that path);
        // seed 3 skips K-FAC updates until the limit, the path this test is about.
        Path dir = tmp.resolve("acktr");
        RlCommandsTest.Run[] r = new RlCommandsTest.Run[1];
        List<String> jul = julRecords(() -> r[0] = RlCommandsTest.run(new TrainCommand(),
                args(new String[] {"--env", "CartPole-v1", "--algo", "acktr", "--seed", "3"}, "--max-episodes", "300",
                        "--no-plot", "--out", dir.toString())));
        assertThat(r[0].code()).as(r[0].err()).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(jul).isEmpty();
        String error = errorLine(r[0].err(), "train");
        assertThat(error).startsWith("kfrelax train: error: diverged after episode ").contains("K-FAC");
        assertThat(r[0].err()).containsPattern("kfrelax train: warning: episode \\d+: K-FAC: ");   // seed 3: from episode 2

        JsonNode s = Json.readTree(dir.resolve("summary.json"));
        assertThat(s.get("diverged").asBoolean()).isTrue();
        assertThat(s.get("divergence_reason").asText()).contains("K-FAC").contains("in a row");
        assertThat(s.get("kfac_skipped_updates").asLong()).isPositive();
        long episodes = s.get("episodes").asLong();
        assertThat(episodes).isLessThan(300);
        List<String> rows = Files.readAllLines(dir.resolve("episodes.csv"));
        assertThat(rows).hasSize((int) episodes + 1);
        for (String row : rows.subList(1, rows.size())) {
            assertThat(row.split(",", -1)[5]).as("grad_logvar of " + row).isNotEmpty();
        }
        assertLoadableAndActs(dir);
    }

    @Test
    void nonFiniteLogitsAreDivergenceNotBadInput() throws IOException {
        // before: exit 2 ("bad input": Categorical logits contain NaN or Inf) and an empty --out
        Path dir = tmp.resolve("kf-relax");
        RlCommandsTest.Run r = RlCommandsTest.run(new TrainCommand(), args(new String[] {"--env", "CartPole-v1",
            "--algo", "kf-relax", "--policy-kfac"}, "--max-episodes", "300", "--no-plot", "--out", dir.toString()));
        assertThat(r.code()).as(r.err()).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(errorLine(r.err(), "train")).contains("diverged after episode").contains("not finite");
        JsonNode s = Json.readTree(dir.resolve("summary.json"));
        assertThat(s.get("diverged").asBoolean()).isTrue();
        assertThat(s.get("divergence_reason").asText()).contains("policy logits");
        assertThat(Files.readAllLines(dir.resolve("episodes.csv"))).hasSize((int) s.get("episodes").asLong() + 1);
        assertLoadableAndActs(dir);
    }

    @Test
    void aSweepTrialsWarningsReachTheCommandsErrorStream() {
        // before: a trial of the local engine printed them on the process's stderr; acktr seed 3
        // skips K-FAC updates, each a warning (skippedKfacStepsEndTheRunAsDiverged...)
        RlCommandsTest.Run r = RlCommandsTest.run(new SweepCommand(), args(new String[] {"--env", "CartPole-v1",
            "--algos", "acktr"}, "--first-seed", "3", "--seeds", "1", "--fresh-seeds", "0", "--max-episodes", "300",
            "--threads", "1", "--no-tensorboard", "--out", tmp.resolve("sweep").toString()));
        assertThat(r.err()).containsPattern("kfrelax sweep: warning: acktr-c0-s3: episode \\d+: K-FAC: ");
    }

    @Test
    void compareNamesTheDivergedRunAndFinishesTheOthers() throws IOException {
        // before: the first failing run's exception aborted compare, no run was named, nothing written
        Path dir = tmp.resolve("compare");
        RlCommandsTest.Run r = RlCommandsTest.run(new CompareCommand(), args(new String[] {"--env", "CartPole-v1",
            "--algos", "a2c,kf-relax", "--policy-kfac"}, "--seeds", "1", "--max-episodes", "20", "--threads", "2",
            "--out", dir.toString()));
        assertThat(r.code()).as(r.err()).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(errorLine(r.err(), "compare")).contains("1 of 2 runs diverged (kf-relax seed 0)");
        assertThat(r.err()).contains("kfrelax compare: warning: kf-relax seed 0: diverged after episode");
        String md = Files.readString(dir.resolve("compare.md"));
        assertThat(md).contains("## Runs left out of the curves").contains("| kf-relax | 0 | diverged | policy logits");
        assertThat(Json.readTree(dir.resolve("runs/a2c/seed-0/summary.json")).get("episodes").asLong()).isEqualTo(20);
        assertThat(Json.readTree(dir.resolve("runs/kf-relax/seed-0/summary.json")).get("diverged").asBoolean()).isTrue();
        assertThat(Files.readAllLines(dir.resolve("compare.csv")).get(0)).endsWith(",kfac_skipped_updates,diverged,divergence_reason");
        assertThat(dir.resolve("reward.png")).isRegularFile();
        assertLoadableAndActs(dir.resolve("runs/kf-relax/seed-0"));
    }

    @Test
    void toyNamesTheDivergedEstimatorAndFinishesTheOthers() throws IOException {
        // before: the whole command failed at the first estimator that diverged, with java.util.logging warnings
        Path dir = tmp.resolve("toy");
        RlCommandsTest.Run[] r = new RlCommandsTest.Run[1];
        List<String> jul = julRecords(() -> r[0] = RlCommandsTest.run(new ToyCommand(), "--estimator", "kf-relax,reinforce",
                "--kfac-lr", "1e9", "--damping", "1e-300", "--kl-clip", "1e300", "--iters", "300", "--eval-every", "50",
                "--out", dir.toString()));
        assertThat(r[0].code()).as(r[0].err()).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(jul).isEmpty();
        assertThat(errorLine(r[0].err(), "toy")).startsWith("kfrelax toy: error: diverged: kf-relax at iteration ");
        assertThat(r[0].err()).contains("kfrelax toy: warning: kf-relax: iteration 0: K-FAC: ");
        JsonNode results = Json.readTree(dir.resolve("toy.json")).get("results");
        JsonNode kf = results.get(0);
        assertThat(kf.get("estimator").asText()).isEqualTo("kf-relax");
        assertThat(kf.get("diverged").asBoolean()).isTrue();
        assertThat(kf.get("divergence_reason").asText()).startsWith("iteration ");
        assertThat(kf.get("kfac_skipped_updates").asLong()).isPositive();
        assertThat(kf.get("iterations").asInt()).isLessThan(300);
        assertThat(results.get(1).get("diverged").asBoolean()).isFalse();
        assertThat(results.get(1).get("iterations").asInt()).isEqualTo(300);
        assertThat(dir.resolve("toy_loss.png")).isRegularFile();
    }
}
