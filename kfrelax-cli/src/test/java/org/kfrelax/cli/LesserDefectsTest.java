package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kfrelax.cli.RlCommandsTest.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfrelax.cli.RlCommandsTest.Run;

/** Issue 12, defect 9: the lesser cases, each a one-line message naming the value, before any work. */
class LesserDefectsTest {
    @TempDir
    Path tmp;

    private static void usage(Run r, String... parts) {
        assertThat(r.code()).as(r.err()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(r.err().lines()).singleElement().asString().contains(parts);
    }

    @Test
    void compareRejectsAnEmptyAlgorithmListUpFront() {
        Path out = tmp.resolve("cmp");
        usage(run(new CompareCommand(), "--env", "CartPole-v0", "--algos", ",", "--out", out.toString()), "--algos");
        usage(run(new CompareCommand(), "--env", "CartPole-v0", "--algos", "a2c,,relax", "--out", out.toString()),
                "--algos has an empty name");
        assertThat(out).doesNotExist();
    }

    @Test
    void aFirstSeedTooLargeSaysWhatTheLimitIs() {
        Run r = run(new CompareCommand(), "--env", "CartPole-v0", "--algos", "a2c", "--seeds", "5",
                "--first-seed", Long.toString(Long.MAX_VALUE - 3), "--out", tmp.resolve("c").toString());
        usage(r, "--first-seed must be in 0.." + (Long.MAX_VALUE - 4), "got " + (Long.MAX_VALUE - 3));
        r = run(new SweepCommand(), "--env", "CartPole-v0", "--algos", "a2c", "--grid", "lr=0.01", "--seeds", "5",
                "--first-seed", Long.toString(Long.MAX_VALUE - 3), "--out", tmp.resolve("s").toString());
        usage(r, "--first-seed must be in 0.." + (Long.MAX_VALUE - 4), "got " + (Long.MAX_VALUE - 3));
        r = run(new ToyCommand(), "--seeds", "5", "--seed", Long.toString(Long.MAX_VALUE - 3),
                "--out", tmp.resolve("t").toString());
        usage(r, "--seed must be in 0.." + (Long.MAX_VALUE - 4), "got " + (Long.MAX_VALUE - 3));
        assertThat(tmp.resolve("c")).doesNotExist();
        assertThat(tmp.resolve("s")).doesNotExist();
        assertThat(tmp.resolve("t")).doesNotExist();
    }

    @Test
    void rolloutActionsFileProblemsNameThePath() throws IOException {
        Path out = tmp.resolve("t.csv");
        Path missing = tmp.resolve("missing.txt");
        usage(run(new RolloutCommand(), "--env", "CartPole-v1", "--actions", missing.toString(), "--out", out.toString()),
                missing.toString(), "no such file");
        usage(run(new RolloutCommand(), "--env", "CartPole-v1", "--actions", tmp.toString(), "--out", out.toString()),
                tmp.toString(), "is a directory");
        Path junk = Files.write(tmp.resolve("junk.bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        usage(run(new RolloutCommand(), "--env", "CartPole-v1", "--actions", junk.toString(), "--out", out.toString()),
                junk.toString(), "invalid UTF-8");
        assertThat(out).doesNotExist();
    }

    @Test
    void rolloutAndRenderFollowTheForceRule() throws IOException {
        Path csv = Files.writeString(tmp.resolve("t.csv"), "keep me");
        usage(run(new RolloutCommand(), "--env", "CartPole-v1", "--policy", "random", "--out", csv.toString()),
                csv.toString(), "already exists", "--force");
        assertThat(Files.readString(csv)).isEqualTo("keep me");
        Run forced = run(new RolloutCommand(), "--env", "CartPole-v1", "--policy", "random", "--out", csv.toString(), "--force");
        assertThat(forced.code()).as(forced.err()).isZero();

        Path gif = Files.writeString(tmp.resolve("a.gif"), "keep me");
        usage(run(new RenderCommand(), "--env", "CartPole-v1", "--max-steps", "2", "--out", gif.toString()),
                gif.toString(), "already exists", "--force");
        assertThat(Files.readString(gif)).isEqualTo("keep me");
        Path frames = tmp.resolve("b.gif");
        Files.writeString(tmp.resolve("b-t0002.png"), "an earlier frame");
        usage(run(new RenderCommand(), "--env", "CartPole-v1", "--max-steps", "2", "--png-every", "2",
                "--out", frames.toString()), "b-t0002.png", "--force");
        assertThat(frames).doesNotExist();
        forced = run(new RenderCommand(), "--env", "CartPole-v1", "--max-steps", "2", "--out", gif.toString(), "--force");
        assertThat(forced.code()).as(forced.err()).isZero();
    }

    @Test
    void renderToTheRootOrADirectoryIsAClearError() {
        usage(run(new RenderCommand(), "--env", "CartPole-v1", "--out", "/"), "--out /", "file-system root");
        usage(run(new RenderCommand(), "--env", "CartPole-v1", "--out", tmp.toString()), tmp.toString(), "is a directory");
        usage(run(new RolloutCommand(), "--env", "CartPole-v1", "--policy", "random", "--out", "/"), "file-system root");
    }

    @Test
    void duplicateKeysAndYamlAliasesInConfigsAreRejected() throws IOException {
        Path json = Files.writeString(tmp.resolve("c.json"), "{\"lr\": 0.01, \"gamma\": 0.9, \"lr\": 0.5}");
        assertThatThrownBy(() -> Json.readTree(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(json.toString()).hasMessageContaining("Duplicate field 'lr'");
        Path yaml = Files.writeString(tmp.resolve("c.yaml"), "lr: 0.01\nhidden: [10, 10]\nlr: 0.5\n");
        assertThatThrownBy(() -> Json.readTree(yaml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Duplicate field 'lr'");
        Path alias = Files.writeString(tmp.resolve("a.yaml"), "hidden: &h [32, 32]\nvalueHidden: *h\n");
        assertThatThrownBy(() -> Json.readTree(alias)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(alias + ":2:14: YAML alias *h is not supported; write the value out in full");
        Run r = run(new TrainCommand(), "--env", "CartPole-v0", "--algo", "a2c", "--config", json.toString(),
                "--out", tmp.resolve("never").toString());
        usage(r, "Duplicate field 'lr'");
        assertThat(tmp.resolve("never")).doesNotExist();
    }
}
