package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ToyCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String err) {}

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine(new ToyCommand());
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, err.toString());
    }

    @Test
    void writesCsvPlotsAndSummary() throws Exception {
        Path out = dir.resolve("toy");
        Run r = run("--estimator", "reinforce,relax,kf-relax,arm", "--iters", "60", "--eval-every", "20",
                "--eval-samples", "10", "--out", out.toString(), "--unbiased");
        assertThat(r.code()).as(r.err()).isZero();
        for (String f : List.of("toy.csv", "toy.json", "toy_loss.png", "toy_loss.svg", "toy_logvar.png", "toy_logvar.svg",
                "toy_unbiased_relax.png", "toy_unbiased_kf-relax.svg", "toy_unbiased_arm.png")) {
            assertThat(out.resolve(f)).isRegularFile();
        }
        List<String> lines = Files.readAllLines(out.resolve("toy.csv"));
        assertThat(lines.get(0)).startsWith("estimator,iter,theta,p,loss,grad_mean,grad_var,exact_grad");
        assertThat(lines).hasSize(1 + 4 * 60);
        // iteration 0 is evaluated, iteration 1 is not; the exact gradient at p = 0.5 is 0.25·(1 − 2·0.499)
        String[] first = lines.get(1).split(",", -1);
        assertThat(first[0]).isEqualTo("reinforce");
        assertThat(Double.parseDouble(first[2])).as("theta, the logit").isEqualTo(0.0);
        assertThat(Double.parseDouble(first[3])).as("p = sigmoid(theta)").isEqualTo(0.5);
        assertThat(first[6]).isNotEmpty();
        assertThat(Double.parseDouble(first[7])).isCloseTo(0.25 * 0.002, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(lines.get(2).split(",", -1)[6]).isEmpty();
        // theta and p agree on every row: p = sigmoid(theta)
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            assertThat(Double.parseDouble(c[3])).isCloseTo(1 / (1 + Math.exp(-Double.parseDouble(c[2]))),
                    org.assertj.core.api.Assertions.within(1e-12));
        }
        // an --out holding results is refused without --force, and accepted with it
        assertThat(run("--iters", "5", "--out", out.toString()).code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(run("--estimator", "disarm", "--iters", "5", "--eval-every", "0", "--out", out.toString(), "--force").code())
                .isZero();
    }

    @Test
    void sameSeedSameCsv() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        for (Path p : List.of(a, b)) {
            assertThat(run("--estimator", "rebar,relax", "--iters", "40", "--eval-every", "10", "--eval-samples", "5",
                    "--seed", "3", "--out", p.toString()).code()).isZero();
        }
        assertThat(Files.readString(a.resolve("toy.csv"))).isEqualTo(Files.readString(b.resolve("toy.csv")));
    }

    /** toy.json records the coupling and REBAR's final η and λ; the tied coupling changes the run, the default does not. */
    @Test
    void rebarCouplingAndLearnedParametersInSummary() throws Exception {
        Path ind = dir.resolve("independent");
        Path def = dir.resolve("default");
        Path tied = dir.resolve("tied");
        String[] common = {"--estimator", "rebar,reinforce", "--iters", "30", "--eval-every", "10", "--eval-samples", "20"};
        for (String[] args : List.of(concat(common, "--rebar-coupling", "independent", "--out", ind.toString()),
                concat(common, "--out", def.toString()), concat(common, "--rebar-coupling", "tied", "--out", tied.toString()))) {
            Run r = run(args);
            assertThat(r.code()).as(r.err()).isZero();
        }
        assertThat(Files.readString(def.resolve("toy.csv"))).isEqualTo(Files.readString(ind.resolve("toy.csv")));
        assertThat(Files.readString(tied.resolve("toy.csv"))).isNotEqualTo(Files.readString(ind.resolve("toy.csv")));
        com.fasterxml.jackson.databind.JsonNode json = Json.readTree(tied.resolve("toy.json"));
        assertThat(json.get("rebar_coupling").asText()).isEqualTo("tied");
        com.fasterxml.jackson.databind.JsonNode rebar = json.get("results").get(0);
        assertThat(rebar.get("estimator").asText()).isEqualTo("rebar");
        assertThat(rebar.get("learned").get("eta").asDouble()).isNotEqualTo(1.0); // trained 30 steps away from η₀ = 1
        assertThat(rebar.get("learned").get("temperature").asDouble()).isPositive();
        assertThat(json.get("results").get(1).has("learned")).as("only REBAR reports learned values").isFalse();
        for (int i = 0; i < 2; i++) {
            assertThat(json.get("results").get(i).get("log_variance_vs_reinforce").isNumber()).isTrue();
        }
        assertThat(Files.readAllLines(tied.resolve("toy.csv")).get(0)).endsWith(",reinforce_var");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void badInputIsOneLineNamingTheOptionAndWritesNothing() {
        String[][] cases = {
            {"--estimator", "nope"}, {"--target", "1.5"}, {"--target", "-0.1"}, {"--iters", "0"},
            {"--eval-samples", "0"}, {"--eval-every", "-1"}, {"--lr", "0"}, {"--estimator", "rloo"},
            {"--fisher", "exact"}, {"--unbiased", "--eval-every", "0"}, {"--seed", "-2"}, {"--rebar-coupling", "same"},
        };
        String[] named = {"--estimator", "--target", "--target", "--iters", "--eval-samples", "--eval-every", "--lr",
            "--batch", "--fisher", "--eval-every", "--seed", "--rebar-coupling"};
        for (int i = 0; i < cases.length; i++) {
            Path out = dir.resolve("bad" + i);
            String[] args = new String[cases[i].length + 2];
            System.arraycopy(cases[i], 0, args, 0, cases[i].length);
            args[cases[i].length] = "--out";
            args[cases[i].length + 1] = out.toString();
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", cases[i])).isEqualTo(Cli.EXIT_USAGE);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains(named[i]);
            assertThat(out).doesNotExist();
        }
    }

    /**
     * Issue 12, defect 9 (and 7): with zero variance everywhere (rloo at t = 0.5: f is constant, so
     * every leave-one-out estimate is exactly 0) the log-variance plot has nothing to draw. It used
     * to fail after toy.csv was written and before toy.json; now the plot is skipped with a note
     * and the summary is written (before the plots).
     */
    @Test
    void zeroVarianceSkipsTheLogPlotWithANoteAndKeepsTheSummary() throws Exception {
        Path out = dir.resolve("zero");
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream notes = new java.io.ByteArrayOutputStream();
        Run r;
        try {
            System.setErr(new java.io.PrintStream(notes, true, java.nio.charset.StandardCharsets.UTF_8));
            r = run("--estimator", "rloo", "--batch", "2", "--target", "0.5", "--iters", "30", "--eval-every", "10",
                    "--eval-samples", "4", "--out", out.toString());
        } finally {
            System.setErr(stderr);
        }
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(notes.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("every measured variance is 0").contains("toy_logvar.png not drawn");
        assertThat(out.resolve("toy.json")).isRegularFile();
        assertThat(out.resolve("toy_loss.png")).isRegularFile();
        assertThat(out.resolve("toy_logvar.png")).doesNotExist();
        assertThat(out.resolve(RunMarker.FILE)).doesNotExist();
    }
}
