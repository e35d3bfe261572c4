package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kfrelax.cli.RlCommandsTest.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfrelax.cli.RlCommandsTest.Run;
import org.kfrelax.nn.ParamFile;
import picocli.CommandLine.Command;

/** Issue 12, defects 4 and 5: damaged, oversized or lying checkpoints and inputs; out of memory. */
class InputHardeningTest {
    @TempDir
    Path tmp;

    Path run;
    Path params;
    Path meta;

    @BeforeEach
    void trainSmallCheckpoint() throws IOException {
        run = tmp.resolve("run");
        Run r = RlCommandsTest.run(new TrainCommand(), "--env", "CartPole-v0", "--algo", "a2c", "--max-episodes", "3",
                "--no-plot", "--out", run.toString());
        assertThat(r.code()).as(r.err()).isZero();
        params = run.resolve("model").resolve(Checkpoint.PARAMS);
        meta = run.resolve("model").resolve(Checkpoint.META);
    }

    private Run eval() {
        return run(new EvalCommand(), "--checkpoint", run.toString(), "--episodes", "2");
    }

    /** Writes {@code v} over the first value of the first tensor (policy.0.weight) and fixes the checksum. */
    private void poisonFirstParameter(double v) throws IOException {
        byte[] b = Files.readAllBytes(params);
        ByteBuffer buf = ByteBuffer.wrap(b);
        int nameLen = buf.getShort(16) & 0xffff;
        int first = 16 + 2 + nameLen + 1 + 4 + 4;
        buf.putDouble(first, v);
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 8);
        buf.putLong(b.length - 8, crc.getValue());
        Files.write(params, b);
    }

    /** Defect 4: a checkpoint with NaN or Inf parameters used to load and act (eval exited 0 with a mean return). */
    @Test
    void nonFiniteParametersAreRefused() throws IOException {
        byte[] good = Files.readAllBytes(params);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            Files.write(params, good);
            poisonFirstParameter(bad);
            Run r = eval();
            assertThat(r.code()).isEqualTo(Cli.EXIT_USAGE);
            assertThat(r.err().lines()).singleElement().asString()
                    .contains("'policy.0.weight' holds " + bad + " at index 0");
            assertThat(run.resolve("eval.json")).doesNotExist();
        }
    }

    /**
     * Defect 5: a small checkpoint.json declaring a huge network (here 40 layers of 4096: 5 GB of
     * weights) used to be allocated before the parameter file was looked at; the declared sizes
     * are now compared with the file first.
     */
    @Test
    void declaredSizesThatDoNotMatchTheParameterFileAreRefusedBeforeAllocating() throws IOException {
        ObjectNode m = (ObjectNode) Json.readTree(meta);
        ArrayNode hidden = ((ObjectNode) m.get("config")).putArray("hidden");
        for (int i = 0; i < 40; i++) {
            hidden.add(4096);
        }
        Files.writeString(meta, Json.toJson(m));
        Run r = eval();
        assertThat(r.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(r.err().lines()).singleElement().asString()
                .contains("hidden [4096, 4096").contains("does not match the policy network in params.kfp (hidden sizes [10, 10])");
    }

    /** Defect 5: parameter and metadata files are size-bounded before they are read. */
    @Test
    void oversizedFilesAreRefusedBeforeReading() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(params.toFile(), "rw")) {
            f.setLength(ParamFile.MAX_BYTES + 1L); // sparse: nothing is written
        }
        Run r = eval();
        assertThat(r.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(r.err()).contains(params.toString()).contains("the limit for a parameter file");

        try (RandomAccessFile f = new RandomAccessFile(meta.toFile(), "rw")) {
            f.setLength(Json.MAX_BYTES + 1L);
        }
        r = eval();
        assertThat(r.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(r.err()).contains(meta.toString()).contains("larger than " + Json.MAX_BYTES + " bytes");
    }

    @Command(name = "hungry")
    static final class Hungry implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    /** Defect 5: an OutOfMemoryError is one line and exit 1, not a JVM stack trace. */
    @Test
    void outOfMemoryIsOneLineAndExitOne() {
        StringWriter err = new StringWriter();
        int code = Cli.commandLine(new Hungry()).setErr(new PrintWriter(err, true)).execute();
        assertThat(code).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("kfrelax hungry: error: out of memory (Java heap space, at most ").contains("-Xmx");
    }
}
