package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class RunDirTest {
    @TempDir
    Path dir;

    private static final LocalDateTime T = LocalDateTime.of(2026, 11, 24, 3, 4, 5);

    @Test
    void createsMissingOutDirectory() throws IOException {
        Path out = dir.resolve("a/b");
        assertThat(RunDir.resolve(out, false, "toy", dir, T, "toy.csv")).isEqualTo(out);
        assertThat(out).isDirectory();
    }

    @Test
    void acceptsExistingEmptyDirectory() throws IOException {
        Path out = Files.createDirectory(dir.resolve("empty"));
        assertThat(RunDir.resolve(out, false, "toy", dir, T, "toy.csv")).isEqualTo(out);
    }

    @Test
    void refusesAFile() throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "x");
        assertThatThrownBy(() -> RunDir.resolve(f, false, "toy", dir, T))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--out " + f + " is a file, expected a directory");
        assertThatThrownBy(() -> RunDir.resolve(f, true, "toy", dir, T))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a file");
    }

    @Test
    void refusesExistingResultsOrNonEmptyUnlessForced() throws IOException {
        Path out = Files.createDirectory(dir.resolve("out"));
        Files.writeString(out.resolve("toy.csv"), "old");
        assertThatThrownBy(() -> RunDir.resolve(out, false, "toy", dir, T, "toy.csv", "toy_loss.png"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already holds results (toy.csv)")
                .hasMessageContaining("--force");

        Path other = Files.createDirectory(dir.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> RunDir.resolve(other, false, "toy", dir, T, "toy.csv"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not empty");

        assertThat(RunDir.resolve(out, true, "toy", dir, T, "toy.csv")).isEqualTo(out);
        assertThat(Files.readString(out.resolve("toy.csv"))).isEqualTo("old"); // --force deletes nothing
    }

    @Test
    void defaultDirectoryIsTimestampedAndUnique() throws IOException {
        Path a = RunDir.resolve(null, false, "train", dir, T);
        Path b = RunDir.resolve(null, false, "train", dir, T);
        Path c = RunDir.resolve(null, false, "train", dir, T);
        assertThat(a).isEqualTo(dir.resolve("runs/train-20261124-030405")).isDirectory();
        assertThat(b).isEqualTo(dir.resolve("runs/train-20261124-030405-2")).isDirectory();
        assertThat(c).isEqualTo(dir.resolve("runs/train-20261124-030405-3")).isDirectory();
        assertThatThrownBy(() -> RunDir.resolve(null, false, "../x", dir, T))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Command(name = "demo")
    static final class Demo implements Runnable {
        @Mixin
        OutputOptions output;
        @Mixin
        SeedOption seed;

        @Override
        public void run() {}
    }

    @Test
    void mixinsParse() {
        Demo d = new Demo();
        new CommandLine(d).parseArgs("--out", "x/y", "--force", "--seed", "42");
        assertThat(d.output.out()).isEqualTo(Path.of("x/y"));
        assertThat(d.output.force()).isTrue();
        assertThat(d.seed.seed()).isEqualTo(42L);

        Demo e = new Demo();
        new CommandLine(e).parseArgs();
        assertThat(e.output.out()).isNull();
        assertThat(e.output.force()).isFalse();
        assertThat(e.seed.seed()).isZero();
    }

    @Test
    void trainRunDirectoriesSayWhatRan(@org.junit.jupiter.api.io.TempDir Path base) throws IOException {
        Path d = RunDir.resolve(null, false, TrainCommand.runName("CartPole-v0", "kf-relax", 3), base, T);
        assertThat(d).isEqualTo(base.resolve("runs/CartPole-v0-kf-relax-s3-20261124-030405")).isDirectory();
    }

    @Test
    void compareAndToyRunDirectoriesSayWhatRan(@org.junit.jupiter.api.io.TempDir Path base) throws IOException {
        Path c = RunDir.resolve(null, false, CompareCommand.runName("Acrobot-v1", java.util.List.of("a2c", "kf-relax")), base, T);
        assertThat(c).isEqualTo(base.resolve("runs/compare-Acrobot-v1-a2c+kf-relax-20261124-030405")).isDirectory();
        Path t = RunDir.resolve(null, false, ToyCommand.runName(java.util.List.of("reinforce", "relax"), 4, 1), base, T);
        assertThat(t).isEqualTo(base.resolve("runs/toy-reinforce+relax-s4-20261124-030405")).isDirectory();
        Path k = RunDir.resolve(null, false, ToyCommand.runName(java.util.List.of("arm"), 0, 5), base, T);
        assertThat(k).isEqualTo(base.resolve("runs/toy-arm-s0..4-20261124-030405")).isDirectory();
    }
}
