package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train's plots: returns.png and grad_logvar.png, against episodes or environment steps (--x-axis). */
class TrainPlotsTest {
    @TempDir
    Path tmp;

    @Test
    void gradLogVarIsPlottedAndTheAxisCountsStepsWhenAsked() throws Exception {
        Path dir = tmp.resolve("steps");
        RlCommandsTest.Run r = RlCommandsTest.run(new TrainCommand(), "--env", "CartPole-v0", "--algo", "a2c",
                "--max-episodes", "8", "--x-axis", "steps", "--no-tensorboard", "--out", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        for (String f : List.of("returns.png", "returns.svg", "grad_logvar.png", "grad_logvar.svg")) {
            assertThat(dir.resolve(f)).isRegularFile();
        }
        assertThat(r.out()).contains("returns.png, grad_logvar.png");
        assertThat(Files.readString(dir.resolve("returns.svg"))).contains("environment steps");
        assertThat(Files.readString(dir.resolve("grad_logvar.svg"))).contains("environment steps").contains("policy-gradient log-variance");

        Path eps = tmp.resolve("episodes");
        r = RlCommandsTest.run(new TrainCommand(), "--env", "CartPole-v0", "--algo", "a2c", "--max-episodes", "8",
                "--no-tensorboard", "--out", eps.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(eps.resolve("returns.svg"))).doesNotContain("environment steps").contains("episode");
    }

    @Test
    void theStepsAxisIsTheTotalStepsColumn() throws Exception {
        List<Object[]> rows = List.of(new Object[] {1L, 20, 20.0, 20L, 0.1, null, 20.0},
                new Object[] {2L, 35, 35.0, 55L, 0.2, 1.5, 27.5});
        TrainRun.Outcome o = TrainRun.Outcome.of(Map.of(), rows);
        assertThat(XAxis.STEPS.of(o)).containsExactly(20, 55);
        assertThat(XAxis.EPISODES.of(o)).containsExactly(1, 2);
        assertThat(o.gradLogVar()[0]).isNaN();
    }

    @Test
    void aBadAxisIsOneLineAndWritesNothing() {
        Path dir = tmp.resolve("bad");
        RlCommandsTest.Run r = RlCommandsTest.run(new TrainCommand(), "--env", "CartPole-v0", "--algo", "a2c",
                "--x-axis", "minutes", "--out", dir.toString());
        assertThat(r.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(r.err().strip()).isEqualTo("kfrelax train: error: --x-axis: 'minutes' is not an axis, expected episodes or steps");
        assertThat(dir).doesNotExist();
    }
}
