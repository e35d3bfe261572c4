package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfrelax.rl.AgentConfig;
import org.kfrelax.rl.Algorithm;
import org.kfrelax.rl.Budget;
import org.kfrelax.state.StateFile;
import org.kfrelax.state.TrainingState;

/**
 * {@code --kfac-damping-form}: the flag reaches the run's K-FAC, is written to summary.json and
 * the checkpoint, and a resumed run keeps it (the resumed episodes equal the uninterrupted run's);
 * a bad value is a one-line error naming it.
 */
class DampingFormCommandTest {
    @TempDir
    Path tmp;

    private static final Warnings WARN = new Warnings(new java.io.PrintWriter(java.io.Writer.nullWriter()), "train", "");

    private RlCommandsTest.Run train(Path dir, String... more) {
        String[] base = {"--env", "CartPole-v1", "--algo", "kf-relax", "--seed", "3", "--max-episodes", "30", "--no-plot",
            "--out", dir.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return RlCommandsTest.run(new TrainCommand(), args);
    }

    @Test
    void theFlagIsSavedReachesTheKfacAndSurvivesAResume() throws IOException {
        Path factored = tmp.resolve("factored");
        Path tikhonov = tmp.resolve("tikhonov");
        RlCommandsTest.Run f = train(factored, "--kfac-damping-form", "factored");
        assertThat(f.code()).as(f.err()).isZero();
        RlCommandsTest.Run t = train(tikhonov, "--kfac-damping-form", "tikhonov");
        assertThat(t.code()).as(t.err()).isZero();

        assertThat(Json.readTree(factored.resolve("summary.json")).get("config").get("kfacDampingForm").asText())
                .isEqualTo("factored");
        Path model = factored.resolve("model");
        assertThat(Json.readTree(model.resolve("checkpoint.json")).get("config").get("kfacDampingForm").asText())
                .isEqualTo("factored");
        // the surrogate's K-FAC kept Cholesky-damped inverses, not eigendecompositions
        TrainingState state = StateFile.decode(Files.readAllBytes(model.resolve(Checkpoint.STATE)), "state");
        assertThat(state.names()).anyMatch(n -> n.endsWith(".cvOpt.kfac.layer0.inverseA"))
                .noneMatch(n -> n.contains(".eigenA."));
        assertThat(ResumeCommandTest.withoutWallClock(factored.resolve("episodes.csv")))
                .isNotEqualTo(ResumeCommandTest.withoutWallClock(tikhonov.resolve("episodes.csv")));

        // stopped after 12 episodes, resumed with its own settings: the uninterrupted run's episodes
        Path cut = tmp.resolve("cut");
        Files.createDirectories(cut);
        AgentConfig c = AgentConfig.builder(Algorithm.KF_RELAX).kfacDampingForm("factored").build();
        TrainRun.Spec spec = new TrainRun.Spec("CartPole-v1", c, 3, Budget.episodes(30), false,
                TrainRun.threshold("CartPole-v1", null), 0);
        assertThat(TrainRun.run(spec, cut, Progress.silent(), false, WARN, StopRequest.afterEpisodes(12)).interrupted())
                .isTrue();
        RlCommandsTest.Run r = RlCommandsTest.run(new TrainCommand(), "--resume", cut.toString(), "--no-plot");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ResumeCommandTest.withoutWallClock(cut.resolve("episodes.csv")))
                .isEqualTo(ResumeCommandTest.withoutWallClock(factored.resolve("episodes.csv")));

        // eval rebuilds the agent from the checkpoint's config
        RlCommandsTest.Run e = RlCommandsTest.run(new EvalCommand(), "--checkpoint", factored.toString(), "--episodes", "2",
                "--out", tmp.resolve("eval").toString());
        assertThat(e.code()).as(e.err()).isZero();
    }

    @Test
    void aConfigFileKeyAndTheFlagAreTheSameWords() throws IOException {
        Path yaml = tmp.resolve("c.yaml");
        Files.writeString(yaml, "kfac_damping_form: factored\n");
        RlCommandsTest.Run p = RlCommandsTest.run(new TrainCommand(), "--env", "CartPole-v0", "--algo", "acktr",
                "--config", yaml.toString(), "--print-config");
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(Json.mapper().readTree(p.out()).get("kfacDampingForm").asText()).isEqualTo("factored");
        RlCommandsTest.Run o = RlCommandsTest.run(new TrainCommand(), "--env", "CartPole-v0", "--algo", "acktr",
                "--config", yaml.toString(), "--kfac-damping-form", "tikhonov", "--print-config");
        assertThat(Json.mapper().readTree(o.out()).get("kfacDampingForm").asText()).isEqualTo("tikhonov");
    }

    @Test
    void aBadValueIsOneLineNamingIt() {
        RlCommandsTest.Run r = train(tmp.resolve("bad"), "--kfac-damping-form", "pi");
        assertThat(r.code()).isNotZero();
        assertThat(r.err().strip()).doesNotContain("\n").contains("kfacDampingForm must be one of tikhonov, factored, got 'pi'");
        assertThat(tmp.resolve("bad").resolve("summary.json")).doesNotExist();
    }

    @Test
    void helpListsTheFlagAndItsDefault() {
        RlCommandsTest.Run h = RlCommandsTest.run(new TrainCommand(), "--help");
        String d = AgentConfig.defaults(Algorithm.KF_RELAX).kfacDampingForm();
        assertThat(h.out()).contains("--kfac-damping-form=tikhonov|factored").containsPattern("\n *--kfac-damping-form +[^\n]*" + d);
    }
}
