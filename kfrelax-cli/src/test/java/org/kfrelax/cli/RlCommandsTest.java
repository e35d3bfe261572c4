package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.Gym;
import org.kfrelax.rl.Agent;
import org.kfrelax.rl.AgentConfig;
import org.kfrelax.rl.Algorithm;
import org.kfrelax.rl.Agents;
import org.kfrelax.rl.Budget;
import org.kfrelax.rl.Evaluation;

/** train, eval and compare: outputs, determinism, checkpoint round trip and bad input. */
class RlCommandsTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.commandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void trainWritesEpisodesSummaryCheckpointAndPlot() throws IOException {
        Path dir = tmp.resolve("run");
        Run r = run(new TrainCommand(), "--env", "CartPole-v0", "--algo", "relax", "--seed", "2",
                "--max-episodes", "30", "--out", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(dir.resolve("episodes.csv"));
        assertThat(lines.get(0)).isEqualTo("episode,steps,return,total_steps,wall_s,grad_logvar,mean_return_100");
        assertThat(lines).hasSize(31);
        JsonNode s = Json.readTree(dir.resolve("summary.json"));
        for (String f : List.of("env", "algo", "seed", "episodes", "total_steps", "solved", "episodes_to_solve",
                "final_mean_return_100", "wall_seconds", "steps_per_second", "config")) {
            assertThat(s.has(f)).as(f).isTrue();
        }
        assertThat(s.get("episodes").asLong()).isEqualTo(30);
        assertThat(s.get("solved").asBoolean()).isFalse();
        assertThat(s.get("episodes_to_solve").isNull()).isTrue();
        assertThat(s.get("config").get("lr").asDouble()).isEqualTo(0.01);
        assertThat(dir.resolve("model").resolve("checkpoint.json")).isRegularFile();
        assertThat(dir.resolve("model").resolve("params.kfp")).isRegularFile();
        assertThat(dir.resolve("returns.png")).isRegularFile();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> (n.startsWith(".") && !n.equals(RunLock.FILE))
                    || n.endsWith(".partial") || n.equals(RunMarker.FILE)))
                    .as("no temporary files left").isEmpty();
        }

        Path evalDir = tmp.resolve("eval");
        Run e = run(new EvalCommand(), "--checkpoint", dir.toString(), "--episodes", "5", "--seed", "1",
                "--out", evalDir.toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("mean return").contains("mean length").contains("stochastic");
        JsonNode ev = Json.readTree(evalDir.resolve("eval.json"));
        assertThat(ev.get("returns")).hasSize(5);
        assertThat(ev.get("lengths")).hasSize(5);
        for (int i = 0; i < 5; i++) {   // CartPole: one reward per step
            assertThat(ev.get("lengths").get(i).asDouble()).isEqualTo(ev.get("returns").get(i).asDouble());
        }
        assertThat(dir.resolve("eval.json")).as("the checkpoint's run directory is left alone").doesNotExist();
        Path detDir = tmp.resolve("eval-det");
        for (String out : List.of(detDir.toString(), tmp.resolve("eval-det2").toString())) {
            Run d = run(new EvalCommand(), "--checkpoint", dir.toString(), "--episodes", "3", "--seed", "4",
                    "--deterministic", "--out", out);
            assertThat(d.code()).as(d.err()).isZero();
        }
        assertThat(Json.readTree(detDir.resolve("eval.json")).get("deterministic").asBoolean()).isTrue();
        assertThat(Json.readTree(detDir.resolve("eval.json")).get("returns"))
                .isEqualTo(Json.readTree(tmp.resolve("eval-det2").resolve("eval.json")).get("returns"));
        Run again = run(new EvalCommand(), "--checkpoint", dir.toString(), "--out", evalDir.toString());
        assertThat(again.code()).isEqualTo(Cli.EXIT_USAGE);   // an --out holding results needs --force

        // render acts with the checkpoint's agent in the checkpoint's environment
        Path gif = tmp.resolve("agent.gif");
        Run g = run(new RenderCommand(), "--checkpoint", dir.toString(), "--max-steps", "5", "--out", gif.toString());
        assertThat(g.code()).as(g.err()).isZero();
        assertThat(g.out()).contains("6 frames, 5 steps");
        assertThat(gif).isRegularFile();
        Run mismatch = run(new RenderCommand(), "--checkpoint", dir.toString(), "--env", "Acrobot-v1",
                "--out", tmp.resolve("x.gif").toString());
        assertThat(mismatch.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(mismatch.err()).contains("CartPole-v0");
        assertThat(tmp.resolve("x.gif")).doesNotExist();
    }

    @Test
    void aNegativeSeedIsRejectedBeforeAnythingIsWritten() {
        Path dir = tmp.resolve("neg");
        Run r = run(new TrainCommand(), "--env", "CartPole-v0", "--algo", "a2c", "--seed", "-1", "--out", dir.toString());
        assertThat(r.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(r.err()).contains("-1");
        assertThat(dir).doesNotExist();
    }

    @Test
    void sameCommandTwiceGivesTheSameEpisodesApartFromWallClock() throws IOException {
        List<List<String>> csvs = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            Path dir = tmp.resolve(name);
            Run r = run(new TrainCommand(), "--env", "CartPole-v0", "--algo", "kf-relax", "--seed", "5",
                    "--max-episodes", "25", "--no-plot", "--out", dir.toString());
            assertThat(r.code()).as(r.err()).isZero();
            List<String> rows = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("episodes.csv"))) {
                List<String> cells = new ArrayList<>(Arrays.asList(line.split(",", -1)));
                cells.remove(4); // wall_s
                rows.add(String.join(",", cells));
            }
            csvs.add(rows);
        }
        assertThat(csvs.get(0)).hasSize(26).isEqualTo(csvs.get(1));
        assertThat(Files.readAllBytes(tmp.resolve("a/model/params.kfp"))).isEqualTo(Files.readAllBytes(tmp.resolve("b/model/params.kfp")));
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void loadedCheckpointEvaluatesLikeTheTrainedAgent() throws IOException {
        for (String algo : List.of("a2c", "kf-relax", "lax")) {
            String envId = algo.equals("lax") ? "Pendulum-v1" : "CartPole-v0";
            AgentConfig c = AgentConfig.defaults(Algorithm.parse(algo));
            if (algo.equals("lax")) {
                c = AgentConfig.builder(Algorithm.LAX).hidden(8).valueHidden(8).cvHidden(8).lr(0.003).valueLr(0.003)
                        .cvLr(0.003).trustRegion(0.0).batchSteps(400).cvIterations(2).logStdInit(-0.5).build();
            }
            Agent trained = Agents.create(c, Gym.make(envId), 4);
            trained.learn(Budget.episodes(algo.equals("lax") ? 4 : 20), s -> true);
            Path model = tmp.resolve(algo).resolve("model");
            Checkpoint.save(model, envId, 4, trained);
            Checkpoint.Loaded loaded = Checkpoint.load(tmp.resolve(algo));
            assertThat(loaded.meta().config()).isEqualTo(c);
            try (Env e1 = Gym.make(envId); Env e2 = Gym.make(envId)) {
                double[] a = Evaluation.returns(trained, e1, 3, 9);
                double[] b = Evaluation.returns((Agent) loaded.agent(), e2, 3, 9);
                assertThat(b).as(algo).containsExactly(a);
            }
        }
    }

    @Test
    void compareWritesTableCsvAndFigures() throws IOException {
        Path dir = tmp.resolve("cmp");
        Run r = run(new CompareCommand(), "--env", "CartPole-v0", "--algos", "a2c,relax", "--seeds", "2",
                "--max-episodes", "15", "--threads", "2", "--out", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("compare.csv"))).hasSize(5);
        assertThat(Files.readString(dir.resolve("compare.md"))).contains("| a2c | 0/2 |").contains("| relax | 0/2 |");
        assertThat(dir.resolve("reward.png")).isRegularFile();
        assertThat(dir.resolve("logvar.png")).isRegularFile();
        assertThat(dir.resolve("runs/relax/seed-1/episodes.csv")).isRegularFile();
        assertThat(dir.resolve("compare.json")).isRegularFile();
        assertThat(dir.resolve("logvar_bands.png")).isRegularFile();
        Run bad = run(new CompareCommand(), "--env", "CartPole-v0", "--algos", "a2c", "--return-bands", "0",
                "--out", tmp.resolve("cmp-bad").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--return-bands must be in 1..1000, got 0");
        assertThat(tmp.resolve("cmp-bad")).doesNotExist();
    }

    @Test
    void badInputIsOneLineNonZeroAndWritesNothing() throws IOException {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        Path badYaml = tmp.resolve("bad.yaml");
        Files.writeString(badYaml, "lr: [0.1\n  gamma: :\n");
        Path unknownKey = tmp.resolve("unknown.json");
        Files.writeString(unknownKey, "{\"lr\": 0.01, \"learning_rate\": 3}");
        Path wrongType = tmp.resolve("wrong.json");
        Files.writeString(wrongType, "{\"hidden\": \"ten\"}");
        String out = tmp.resolve("never").toString();
        List<String[]> cases = List.of(
                new String[] {"--env", "Nope-v0", "--algo", "a2c"},
                new String[] {"--env", "CartPole-v0", "--algo", "nope"},
                new String[] {"--env", "CartPole-v0", "--algo", "lax"},
                new String[] {"--env", "CartPole-v0", "--algo", "a2c", "--lr", "-1"},
                new String[] {"--env", "CartPole-v0", "--algo", "a2c", "--lr", "abc"},
                new String[] {"--env", "CartPole-v0", "--algo", "a2c", "--gamma", "1.5"},
                new String[] {"--env", "CartPole-v0", "--algo", "a2c", "--hidden", "0"},
                new String[] {"--env", "CartPole-v0", "--algo", "a2c", "--max-episodes", "0"},
                new String[] {"--env", "CartPole-v0", "--algo", "a2c", "--config", badYaml.toString()},
                new String[] {"--env", "CartPole-v0", "--algo", "a2c", "--config", unknownKey.toString()},
                new String[] {"--env", "CartPole-v0", "--algo", "a2c", "--config", wrongType.toString()},
                new String[] {"--env", "CartPole-v0", "--algo", "a2c", "--config", tmp.resolve("missing.json").toString()},
                new String[] {"--env", "Pendulum-v1", "--algo", "lax", "--stop-when-solved"});
        for (String[] c : cases) {
            String[] args = Stream.concat(Arrays.stream(c), Stream.of("--out", out)).toArray(String[]::new);
            Run r = run(new TrainCommand(), args);
            assertThat(r.code()).as(String.join(" ", c)).isNotZero();
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).startsWith("kfrelax train: error:");
            assertThat(Path.of(out)).as("nothing written for " + String.join(" ", c)).doesNotExist();
        }
        Run f = run(new TrainCommand(), "--env", "CartPole-v0", "--algo", "a2c", "--out", file.toString());
        assertThat(f.code()).isNotZero();
        assertThat(f.err()).contains("is a file");
        assertThat(Files.readString(file)).isEqualTo("x");

        Run c = run(new CompareCommand(), "--env", "CartPole-v0", "--algos", "a2c,bogus", "--out", out);
        assertThat(c.code()).isNotZero();
        assertThat(Path.of(out)).doesNotExist();
    }

    @Test
    void nonFiniteGradientEndsTheRunAndIsReported() throws IOException {
        // an absurd value-network learning rate makes the value net overflow after one update,
        // so the next gradient is NaN/Inf; the optimizer refuses it before touching parameters
        Path dir = tmp.resolve("nan");
        Run r = run(new TrainCommand(), "--env", "CartPole-v0", "--algo", "a2c", "--value-lr", "1e300", "--gamma", "1",
                "--max-episodes", "30", "--no-plot", "--out", dir.toString());
        assertThat(r.code()).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("kfrelax train: error: diverged after episode").contains("NaN");
        JsonNode s = Json.readTree(dir.resolve("summary.json"));
        assertThat(s.get("diverged").asBoolean()).isTrue();
        assertThat(s.get("episodes").asLong()).isLessThan(30);
        assertThat(Files.readAllLines(dir.resolve("episodes.csv"))).hasSize((int) s.get("episodes").asLong() + 1);
        assertThat(Checkpoint.load(dir).agent()).isNotNull();
    }

    @Test
    void missingOrTruncatedCheckpointIsRefused() throws IOException {
        Run missing = run(new EvalCommand(), "--checkpoint", tmp.resolve("none").toString());
        assertThat(missing.code()).isNotZero();
        assertThat(missing.err().strip().lines().count()).isEqualTo(1);

        Path dir = tmp.resolve("run");
        assertThat(run(new TrainCommand(), "--env", "CartPole-v0", "--algo", "a2c", "--max-episodes", "3", "--no-plot",
                "--out", dir.toString()).code()).isZero();
        Path params = dir.resolve("model/params.kfp");
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, Arrays.copyOf(bytes, bytes.length / 2));
        Run truncated = run(new EvalCommand(), "--checkpoint", dir.toString());
        assertThat(truncated.code()).isNotZero();
        assertThat(truncated.err()).contains("truncated").hasLineCount(1);
        assertThat(dir.resolve("eval.json")).doesNotExist();

        Files.delete(params);
        Run gone = run(new EvalCommand(), "--checkpoint", dir.toString());
        assertThat(gone.code()).isNotZero();
        assertThat(dir.resolve("eval.json")).doesNotExist();
    }
}
