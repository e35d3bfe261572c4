package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kfrelax vae} on tiny IDX files the test writes (CI has no Fashion-MNIST). */
class VaeCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        return run(new VaeCommand(), args);
    }

    private static Run run(VaeCommand command, String... args) {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        CommandLine cl = Cli.commandLine(command);
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(out, true));
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(printed, true));
        try {
            int code = cl.execute(args);
            return new Run(code, out + printed.toString(), err.toString());
        } finally {
            System.setOut(old);
        }
    }

    /** A gzipped IDX file of {@code n} 4x4 images with pseudo-random grey levels. */
    private Path images(String name, int n, int seed) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
            out.write(new byte[] {0, 0, 8, 3});
            out.writeInt(n);
            out.writeInt(4);
            out.writeInt(4);
            java.util.Random r = new java.util.Random(seed);
            for (int i = 0; i < n * 16; i++) {
                out.write(r.nextInt(256));
            }
        }
        Path f = dir.resolve(name);
        Files.write(f, bytes.toByteArray());
        return f;
    }

    @Test
    void helpNamesTheOptions() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--model", "--estimator", "--steps", "--seed", "--out", "--train-images", "--probe-every");
    }

    @Test
    void absentDataNamesThePathAndTheDebianPackage() {
        Path missing = dir.resolve("none/train-images-idx3-ubyte.gz");
        Run r = run("--train-images", missing.toString(), "--steps", "3", "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(r.err()).contains(missing.toString()).contains("apt-get install dataset-fashion-mnist");
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void writesCsvSummaryPlotsCheckpointAndProbe() throws Exception {
        Path train = images("train.gz", 120, 1);
        Path test = images("test.gz", 30, 2);
        Path out = dir.resolve("run");
        Run r = run("--estimator", "disarm", "--steps", "12", "--log-every", "4", "--train-images", train.toString(),
                "--test-images", test.toString(), "--test-count", "30", "--importance-samples", "5", "--probe-every", "6",
                "--probe-estimators", "disarm,rloo,relax", "--probe-batches", "2", "--probe-draws", "3", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        for (String f : List.of("vae.csv", "vae.json", "vae_elbo.png", "vae_logvar.svg", "probe.csv", "model/vae.json",
                "model/params.kfp", "model/state.kfs")) {
            assertThat(out.resolve(f)).isRegularFile();
        }
        assertThat(out.resolve(RunMarker.FILE)).doesNotExist();
        List<String> csv = Files.readAllLines(out.resolve("vae.csv"));
        assertThat(csv.get(0)).isEqualTo("step,elbo,encoder_grad_logvar,train_seconds");
        assertThat(csv).hasSize(1 + 3);
        assertThat(csv.get(3)).startsWith("12,");
        List<String> probe = Files.readAllLines(out.resolve("probe.csv"));
        // probes before steps 0 and 6 and after the last step, three estimators each
        assertThat(probe).hasSize(1 + 3 * 3);
        assertThat(probe.get(1)).startsWith("0,disarm,").endsWith(",1,2,3");
        assertThat(probe.get(2)).startsWith("0,rloo,").contains(",0,2,3");
        JsonNode s = Json.readTree(out.resolve("vae.json"));
        assertThat(s.get("estimator").asText()).isEqualTo("disarm");
        assertThat(s.get("steps_done").asLong()).isEqualTo(12);
        assertThat(s.get("test_bound").asDouble()).isNegative().isGreaterThan(-16 * Math.log(2) * 3);
        assertThat(s.get("seconds_per_step").asDouble()).isPositive();
        // same seed, same numbers (the wall-clock column aside); an --out with results needs --force
        Path again = dir.resolve("again");
        assertThat(run("--estimator", "disarm", "--steps", "12", "--log-every", "4", "--train-images", train.toString(),
                "--test-images", test.toString(), "--test-count", "30", "--importance-samples", "5", "--out", again.toString())
                .code()).isZero();
        assertThat(withoutTime(Files.readAllLines(again.resolve("vae.csv")))).isEqualTo(withoutTime(csv));
        assertThat(Json.readTree(again.resolve("vae.json")).get("test_bound").asDouble()).isEqualTo(s.get("test_bound").asDouble());
        Run refused = run("--steps", "2", "--train-images", train.toString(), "--test-images", test.toString(),
                "--test-count", "30", "--out", out.toString());
        assertThat(refused.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(refused.err()).contains("--force");
    }

    @Test
    void badOptionsAreOneLineErrors() throws Exception {
        Path train = images("train.gz", 60, 1);
        for (String[] args : new String[][] {{"--estimator", "nope"}, {"--model", "deep"}, {"--steps", "0"},
            {"--test-count", "31"}, {"--surrogate", "big"}, {"--probe-draws", "1"}}) {
            String[] all = new String[args.length + 6];
            System.arraycopy(args, 0, all, 0, args.length);
            System.arraycopy(new String[] {"--train-images", train.toString(), "--test-images", images("t.gz", 30, 3).toString(),
                "--out", dir.resolve("bad").toString()}, 0, all, args.length, 6);
            Run r = run(all);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(Cli.EXIT_USAGE);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        }
    }

    /**
     * A run stopped after step 6 (between two CSV rows, so a partial ELBO average spans the
     * checkpoint) and resumed equals the uninterrupted run: vae.csv (the wall-clock column aside),
     * the test bound and every parameter bit for bit; for an estimator without own parameters,
     * REBAR (Adam on η, λ), RELAX (Adam on the surrogate) and KF-RELAX (K-FAC's factors and inverses).
     */
    @Test
    void aResumedRunEqualsTheUninterruptedOne() throws Exception {
        Path train = images("train.gz", 120, 1);
        Path test = images("test.gz", 30, 2);
        for (String e : List.of("disarm", "rebar", "relax", "kf-relax")) {
            String[] common = {"--estimator", e, "--steps", "12", "--log-every", "4", "--seed", "3", "--train-images",
                train.toString(), "--test-images", test.toString(), "--test-count", "30", "--importance-samples", "5",
                "--no-plot"};
            Path whole = dir.resolve(e + "-whole");
            assertThat(run(concat(common, "--out", whole.toString())).code()).isZero();
            Path parts = dir.resolve(e + "-parts");
            VaeCommand stopping = new VaeCommand();
            stopping.stopAfterStep = 6;
            Run first = run(stopping, concat(common, "--out", parts.toString()));
            assertThat(first.code()).as(first.err()).isEqualTo(130);
            assertThat(first.err()).contains("--resume " + parts);
            assertThat(first.out()).as(e).contains("test bound (IW-5, 30 images) not computed (interrupted")
                    .doesNotContain("NaN");
            assertThat(Json.readTree(parts.resolve("vae.json")).get("interrupted").asBoolean()).isTrue();
            assertThat(run("--resume", parts.toString(), "--seed", "4").err()).contains("--seed cannot be given with --resume");
            Run second = run("--resume", parts.toString());
            assertThat(second.code()).as(second.err()).isZero();
            assertThat(second.out()).as(e).containsPattern("test bound \\(IW-5, 30 images\\) -?[0-9]+\\.[0-9]{2}");
            assertThat(withoutTime(Files.readAllLines(parts.resolve("vae.csv"))))
                    .as(e).isEqualTo(withoutTime(Files.readAllLines(whole.resolve("vae.csv"))));
            assertThat(Json.readTree(parts.resolve("vae.json")).get("test_bound").asDouble())
                    .as(e).isEqualTo(Json.readTree(whole.resolve("vae.json")).get("test_bound").asDouble());
            assertThat(Files.readAllBytes(parts.resolve("model/params.kfp")))
                    .as(e).isEqualTo(Files.readAllBytes(whole.resolve("model/params.kfp")));
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static List<String> withoutTime(List<String> lines) {
        return lines.stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }
}
