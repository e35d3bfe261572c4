package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The shared options and error handling, through a small command like the real ones. */
class CliTest {
    @TempDir
    Path dir;

    /** Writes result.csv and summary.json into its output directory. */
    @Command(name = "demo")
    static final class Demo implements Callable<Integer> {
        @Mixin
        OutputOptions output;
        @Mixin
        SeedOption seed;
        @Option(names = "--rows", defaultValue = "3")
        int rows;

        @Override
        public Integer call() throws IOException {
            if (rows <= 0) {
                throw new IllegalArgumentException("--rows must be positive, got " + rows);
            }
            Path out = output.resolve("demo", "result.csv", "summary.json");
            try (CsvWriter csv = CsvWriter.open(out.resolve("result.csv"), "i", "seed")) {
                for (int i = 0; i < rows; i++) {
                    csv.row(i, seed.seed());
                }
                csv.commit();
            }
            Json.write(out.resolve("summary.json"), new Summary(rows, seed.seed()));
            return 0;
        }
    }

    record Summary(int rows, long seed) {}

    private record Run(int code, String err) {}

    private Run run(Object command, String... args) {
        StringWriter err = new StringWriter();
        int code = Cli.commandLine(command).setErr(new PrintWriter(err, true)).execute(args);
        return new Run(code, err.toString());
    }

    @Test
    void writesIntoOutThenRefusesToOverwriteWithoutForce() throws IOException {
        Path out = dir.resolve("o");
        assertThat(run(new Demo(), "--out", out.toString(), "--seed", "7").code()).isZero();
        assertThat(Files.readAllLines(out.resolve("result.csv"))).containsExactly("i,seed", "0,7", "1,7", "2,7");

        Run again = run(new Demo(), "--out", out.toString());
        assertThat(again.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(again.err()).isEqualTo("kfrelax demo: error: --out " + out
                + " already holds results (result.csv, summary.json); use --force to overwrite or choose another directory"
                + System.lineSeparator());
        assertThat(Files.readAllLines(out.resolve("result.csv"))).contains("0,7");

        assertThat(run(new Demo(), "--out", out.toString(), "--force", "--rows", "1").code()).isZero();
        assertThat(Files.readAllLines(out.resolve("result.csv"))).containsExactly("i,seed", "0,0");
    }

    @Test
    void outThatIsAFileAndBadValuesAreOneLineErrors() throws IOException {
        Path f = Files.writeString(dir.resolve("file"), "x");
        Run r = run(new Demo(), "--out", f.toString());
        assertThat(r.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(r.err().lines()).containsExactly("kfrelax demo: error: --out " + f + " is a file, expected a directory");

        Run bad = run(new Demo(), "--out", dir.resolve("n").toString(), "--rows", "0");
        assertThat(bad.err().lines()).containsExactly("kfrelax demo: error: --rows must be positive, got 0");
        assertThat(dir.resolve("n")).doesNotExist(); // validated before anything was written

        Run type = run(new Demo(), "--seed", "seven");
        assertThat(type.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(type.err().lines()).hasSize(1).first().asString()
                .startsWith("kfrelax demo: error: ").contains("--seed").contains("seven");
    }

    @Test
    void describesFileSystemErrors() {
        assertThat(Cli.describe(new NoSuchFileException("runs/x/model")))
                .isEqualTo("no such file or directory: runs/x/model");
        assertThat(Cli.describe(new UncheckedIOException(new NoSuchFileException("a.csv"))))
                .isEqualTo("no such file or directory: a.csv");
        assertThat(Cli.describe(new IllegalArgumentException("bad\nsecond line"))).isEqualTo("bad");
        assertThat(Cli.describe(new ArithmeticException("/ by zero"))).isEqualTo("ArithmeticException: / by zero");
        assertThat(Cli.describe(new NullPointerException())).isEqualTo("NullPointerException");
    }
}
