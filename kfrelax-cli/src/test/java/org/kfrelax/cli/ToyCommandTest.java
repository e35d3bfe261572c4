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
        assertThat(Files.readAllLines(tied.resolve("toy.csv")).get(0)).endsWith(",reinforce_var,seed");
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

    /**
     * --seeds K: every estimator runs seeds S..S+K−1, each exactly as a single-seed run with that
     * seed (its toy.csv rows, the seed column aside); one TensorBoard event file per estimator and
     * seed, whose scalars read back equal toy.csv's (loss every --eval-every iterations, the
     * gradient statistics and z = (mean − exact)/SE at evaluations); toy.json's unbiasedness check
     * counts the |z| &gt; 2 of the CSV.
     */
    @Test
    void seedsRunLikeSingleSeedRunsAndTensorBoardReadsBack() throws Exception {
        String[] common = {"--estimator", "reinforce,relax", "--iters", "40", "--eval-every", "10", "--eval-samples", "30"};
        Path multi = dir.resolve("multi");
        Run r = run(concat(common, "--seed", "3", "--seeds", "3", "--unbiased", "--out", multi.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        for (String f : List.of("toy_loss.png", "toy_logvar.png", "toy_unbiased_reinforce.png", "toy_unbiased_relax.svg")) {
            assertThat(multi.resolve(f)).isRegularFile();
        }
        assertThat(Files.readString(multi.resolve("toy_logvar.svg"))).contains("3 seeds (geometric mean,");
        assertThat(Files.readString(multi.resolve("toy_loss.svg"))).contains("3 seeds (mean,");
        List<String> lines = Files.readAllLines(multi.resolve("toy.csv"));
        assertThat(lines.get(0)).endsWith(",reinforce_var,seed");
        assertThat(lines).hasSize(1 + 2 * 3 * 40);
        Path single = dir.resolve("single4");
        assertThat(run(concat(common, "--seed", "4", "--no-tensorboard", "--out", single.toString())).code()).isZero();
        List<String> alone = Files.readAllLines(single.resolve("toy.csv"));
        List<String> seed4 = lines.stream().filter(l -> l.endsWith(",4")).map(l -> l.substring(0, l.lastIndexOf(','))).toList();
        assertThat(seed4).isEqualTo(alone.subList(1, alone.size()).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList());
        assertThat(single.resolve(ToyCommand.TENSORBOARD_DIR)).doesNotExist();

        int beyond = 0;
        int evaluations = 0;
        for (String est : List.of("reinforce", "relax")) {
            for (int seed = 3; seed <= 5; seed++) {
                Path tbDir = multi.resolve(ToyCommand.TENSORBOARD_DIR).resolve(est + "-s" + seed);
                List<Path> files = org.kfrelax.tensorboard.TensorBoardWriter.eventFiles(tbDir);
                assertThat(files).as(tbDir.toString()).hasSize(1);
                List<org.kfrelax.tensorboard.EventFileReader.Event> ev = org.kfrelax.tensorboard.EventFileReader.read(files.get(0));
                ev = ev.subList(1, ev.size());
                String prefix = est + ",";
                String suffix = "," + seed;
                List<String[]> rows = lines.stream().filter(l -> l.startsWith(prefix) && l.endsWith(suffix))
                        .map(l -> l.split(",", -1)).filter(c -> Integer.parseInt(c[1]) % 10 == 0).toList();
                assertThat(ev).extracting(org.kfrelax.tensorboard.EventFileReader.Event::step).containsExactly(0L, 10L, 20L, 30L);
                for (int i = 0; i < rows.size(); i++) {
                    String[] c = rows.get(i);
                    java.util.Map<String, Float> sc = ev.get(i).scalars();
                    assertThat(sc.get(org.kfrelax.tensorboard.ToyScalars.LOSS)).isEqualTo((float) Double.parseDouble(c[4]));
                    assertThat(sc.get(org.kfrelax.tensorboard.ToyScalars.GRAD_MEAN)).isEqualTo((float) Double.parseDouble(c[5]));
                    assertThat(sc.get(org.kfrelax.tensorboard.ToyScalars.GRAD_VARIANCE)).isEqualTo((float) Double.parseDouble(c[6]));
                    double z = (Double.parseDouble(c[5]) - Double.parseDouble(c[7])) / Double.parseDouble(c[8]);
                    assertThat((double) sc.get(org.kfrelax.tensorboard.ToyScalars.GRAD_Z))
                            .isCloseTo(z, org.assertj.core.api.Assertions.within(1e-5 * Math.max(1, Math.abs(z))));
                    if (est.equals("relax")) {
                        evaluations++;
                        beyond += Math.abs(z) > 2 ? 1 : 0;
                    }
                }
            }
        }
        String json = Files.readString(multi.resolve("toy.json"));
        com.fasterxml.jackson.databind.JsonNode check = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)
                .get("unbiasedness_check").get("relax");
        assertThat(check.get("evaluations").asInt()).isEqualTo(evaluations).isEqualTo(12);
        assertThat(check.get("beyond_2_se").asInt()).isEqualTo(beyond);
        assertThat(r.err()).doesNotContain("warning");
    }

    /**
     * The z figure separates an unbiased estimator from a biased one: over 3 seeds × 40
     * evaluations of 200 estimates, REINFORCE (unbiased; |z| &gt; 2 expected at ~4.6 %, here at
     * most 12 %, beyond which a binomial(120, 0.046) count lies with probability &lt; 0.1 %) and
     * the concrete relaxation at temperature 0.5 (biased), whose share must be at least 50 % (target
     * t = 0.3: at 0.499 concrete's bias is within a few SE of 200 estimates; seeds 0-2 measured 4.2 % and 84 %).
     */
    @Test
    void unbiasednessCheckSeparatesReinforceFromConcrete() throws Exception {
        Path out = dir.resolve("z");
        Run r = run("--estimator", "reinforce,concrete", "--target", "0.3", "--iters", "400", "--eval-every", "10", "--eval-samples", "200",
                "--seeds", "3", "--unbiased", "--no-tensorboard", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode check = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Files.readString(out.resolve("toy.json"))).get("unbiasedness_check");
        assertThat(check.get("reinforce").get("evaluations").asInt()).isEqualTo(120);
        assertThat(check.get("reinforce").get("fraction").asDouble()).isLessThanOrEqualTo(0.12);
        assertThat(check.get("concrete").get("fraction").asDouble()).isGreaterThanOrEqualTo(0.5);
    }
}
