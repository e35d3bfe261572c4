package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfrelax.rl.AgentConfig;
import org.kfrelax.rl.Algorithm;
import org.kfrelax.rl.SavedAgent;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Configs on disk: checkpoint.json and summary.json's {@code config} as written before the
 * config builder still load; config files take camel, kebab and snake spellings of the keys;
 * flags and keys are the same words.
 */
class ConfigFilesTest {
    @TempDir
    Path tmp;

    /** The config section of a kf-relax checkpoint.json as this project wrote it before AgentConfig had a builder. */
    static final String OLD_KF_RELAX = """
            {
              "algo" : "kf-relax", "hidden" : [ 10, 10 ], "activation" : "relu", "gamma" : 0.99, "entropy" : 0.01,
              "lr" : 0.01, "optimizer" : "adam", "adamBeta2" : 0.99999, "valueHidden" : [ 10, 10 ], "valueLr" : 0.01,
              "cvHidden" : [ 10, 10 ], "cvLr" : 0.1, "tauInit" : 0.5, "kfacLr" : 0.25, "kfacDamping" : 0.1,
              "kfacDecay" : 0.95, "kfacKlClip" : 0.001, "policyKfac" : false, "trustRegion" : 0.01,
              "batchSteps" : 1000, "gaeLambda" : 0.97, "cvIterations" : 5, "logStdInit" : 0.0,
              "gradVarDecay" : 0.99, "cvFisher" : "gauss-newton"
            }""";

    /** A lax summary.json config section with non-default values, as written before the builder. */
    static final String OLD_LAX = """
            {"algo": "lax", "hidden": [8], "activation": "tanh", "gamma": 0.9, "entropy": 0.0, "lr": 0.003,
             "optimizer": "adam", "adamBeta2": 0.99999, "valueHidden": [8], "valueLr": 0.003, "cvHidden": [8],
             "cvLr": 0.003, "tauInit": 0.5, "kfacLr": 0.25, "kfacDamping": 0.01, "kfacDecay": 0.95,
             "kfacKlClip": 0.001, "policyKfac": false, "trustRegion": 0.0, "batchSteps": 400, "gaeLambda": 0.97,
             "cvIterations": 2, "logStdInit": -0.5, "gradVarDecay": 0.99, "cvFisher": "gauss-newton"}""";

    @Test
    void oldCheckpointMetadataLoadsAndIsWrittenBackUnchanged() throws IOException {
        Path f = tmp.resolve("checkpoint.json");
        Files.writeString(f, "{\"format\" : \"kfrelax-checkpoint\", \"version\" : 1, \"env\" : \"CartPole-v0\", "
                + "\"algo\" : \"kf-relax\", \"seed\" : 0, \"config\" : " + OLD_KF_RELAX + "}");
        SavedAgent.Meta meta = SavedAgent.readMeta(tmp);
        // K-FAC was Tikhonov-damped before the key existed, whatever the default is now
        assertThat(meta.config()).isEqualTo(AgentConfig.builder(Algorithm.KF_RELAX).kfacDampingForm("tikhonov").build());
        // written back with the source's current name and the keys added since, at their defaults
        // (kfacDampingForm at the value such runs had)
        String current = OLD_KF_RELAX.replace("\"cvFisher\" : \"gauss-newton\"", "\"cvFisher\" : \"gauss-newton-output\", "
                + "\"cvForm\" : \"scaled-softmax\", \"valueSteps\" : 1, \"valueKfac\" : false, \"timeAware\" : false, "
                + "\"bootstrapTruncation\" : false, \"kfacDampingForm\" : \"tikhonov\"");
        assertThat(Json.mapper().readTree(Json.toJson(meta.config()))).isEqualTo(Json.mapper().readTree(current));
    }

    @Test
    void aCheckpointFromBeforeCvFisherLoadsWithItsDefault() throws IOException {
        Path f = tmp.resolve("checkpoint.json");
        Files.writeString(f, "{\"format\" : \"kfrelax-checkpoint\", \"version\" : 1, \"env\" : \"CartPole-v0\", "
                + "\"algo\" : \"kf-relax\", \"seed\" : 0, \"config\" : "
                + OLD_KF_RELAX.replace(", \"cvFisher\" : \"gauss-newton\"", "") + "}");
        assertThat(Files.readString(f)).doesNotContain("cvFisher");
        assertThat(SavedAgent.readMeta(tmp).config().cvFisher()).isEqualTo("gauss-newton-output");
    }

    @Test
    void aDamagedConfigInACheckpointIsOneLineNamingTheField() throws IOException {
        Path f = tmp.resolve("checkpoint.json");
        Files.writeString(f, "{\"format\" : \"kfrelax-checkpoint\", \"version\" : 1, \"env\" : \"CartPole-v0\", "
                + "\"algo\" : \"kf-relax\", \"seed\" : 0, \"config\" : " + OLD_KF_RELAX.replace("\"lr\" : 0.01", "\"lr\" : -1") + "}");
        assertThatThrownBy(() -> SavedAgent.readMeta(tmp)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(f.toString()).hasMessageContaining("lr must be positive and finite, got -1.0");
    }

    @Test
    void anOldSummaryConfigSectionIsAConfigFile() throws IOException {
        Path f = tmp.resolve("config.json");
        Files.writeString(f, OLD_LAX);
        AgentConfig c = options("--config", f.toString()).resolve("lax");
        assertThat(c).isEqualTo(AgentConfig.builder(Algorithm.LAX).hidden(8).valueHidden(8).cvHidden(8).gamma(0.9)
                .lr(0.003).valueLr(0.003).cvLr(0.003).trustRegion(0.0).batchSteps(400).cvIterations(2).logStdInit(-0.5)
                .build());
        assertThatThrownBy(() -> options("--config", f.toString()).resolve("kf-lax"))
                .hasMessage(f + ": algo 'lax' does not match kf-lax");
    }

    @Test
    void keysMaySpellTheFlagInCamelKebabOrSnakeCaseAndFlagsWinOverTheFile() throws IOException {
        Path f = tmp.resolve("c.yaml");
        Files.writeString(f, "valueLr: 0.002\ncv-hidden: [7, 5]\nkfac_kl_clip: 0.003\nadam_beta2: 0.999\nlr: 1e-3\n"
                + "batch_steps: 300\npolicy-kfac: true\n");
        AgentConfig c = options("--config", f.toString(), "--batch-steps", "200").resolve("kf-relax");
        assertThat(c.valueLr()).isEqualTo(0.002);
        assertThat(c.cvHidden()).containsExactly(7, 5);
        assertThat(c.kfacKlClip()).isEqualTo(0.003);
        assertThat(c.adamBeta2()).isEqualTo(0.999);
        assertThat(c.lr()).isEqualTo(0.001);
        assertThat(c.policyKfac()).isTrue();
        assertThat(c.batchSteps()).isEqualTo(200);
    }

    @Test
    void anUnknownKeyListsTheValidOnes() throws IOException {
        Path f = tmp.resolve("c.json");
        Files.writeString(f, "{\"learning_rate\": 3}");
        assertThatThrownBy(() -> options("--config", f.toString()).resolve("a2c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(f + ": unknown key 'learning_rate'; valid keys: env, algo, seed, maxEpisodes, maxSteps, "
                        + "stopWhenSolved, solveAt, hidden, activation")
                .hasMessageContaining("valueLr");
        Files.writeString(f, "{\"batchSteps\": 1.5}");
        assertThatThrownBy(() -> options("--config", f.toString()).resolve("a2c"))
                .hasMessage(f + ": batchSteps must be a whole number, got 1.5");
    }

    @Test
    void everyFlagIsAConfigKeyAndEveryKeyAFlag() {
        CommandLine cl = new CommandLine(new TrainCommand());
        List<String> flagKeys = new ArrayList<>();
        for (OptionSpec o : cl.getCommandSpec().mixins().get("hyper").options()) {
            if (!o.longestName().equals("--config")) {
                flagKeys.add(HyperparameterOptions.key(o));
            }
        }
        List<String> keys = new ArrayList<>(AgentConfig.keys());
        keys.remove("algo");   // --algo belongs to the command
        assertThat(flagKeys).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void envSeedAndBudgetMayBeInTheFileAndPrintConfigRoundTrips() throws IOException {
        Path f = tmp.resolve("run.yaml");
        Files.writeString(f, "env: Acrobot-v1\nalgo: kf-relax\nseed: 7\nmax_steps: 5000\nstop-when-solved: true\n"
                + "value_lr: 0.002\ncv_hidden: [7, 5]\n");
        String printed = run("train", "--config", f.toString(), "--print-config");
        var tree = Json.mapper().readTree(printed);
        assertThat(tree.get("env").asText()).isEqualTo("Acrobot-v1");
        assertThat(tree.get("seed").asLong()).isEqualTo(7);
        assertThat(tree.get("maxSteps").asLong()).isEqualTo(5000);
        assertThat(tree.get("maxEpisodes").isNull()).isTrue();
        assertThat(tree.get("stopWhenSolved").asBoolean()).isTrue();
        assertThat(tree.get("solveAt").asDouble()).isEqualTo(-100.0);
        assertThat(tree.get("valueLr").asDouble()).isEqualTo(0.002);
        assertThat(tree.get("cvFisher").asText()).isEqualTo("gauss-newton-output");
        // the printed settings are a config file that resolves to the same settings, as JSON and as YAML
        Path json = tmp.resolve("printed.json");
        Files.writeString(json, printed);
        assertThat(run("train", "--config", json.toString(), "--print-config")).isEqualTo(printed);
        Path yaml = tmp.resolve("printed.yaml");
        Files.writeString(yaml, printed);
        assertThat(run("train", "--config", yaml.toString(), "--print-config")).isEqualTo(printed);
        // options win over the file; a budget option replaces the file's budget whole
        var over = Json.mapper().readTree(run("train", "--config", json.toString(), "--seed", "3", "--env", "CartPole-v1",
                "--max-episodes", "40", "--lr", "0.5", "--print-config"));
        assertThat(over.get("seed").asLong()).isEqualTo(3);
        assertThat(over.get("env").asText()).isEqualTo("CartPole-v1");
        assertThat(over.get("maxEpisodes").asLong()).isEqualTo(40);
        assertThat(over.get("maxSteps").isNull()).isTrue();
        assertThat(over.get("lr").asDouble()).isEqualTo(0.5);
        assertThat(over.get("valueLr").asDouble()).isEqualTo(0.002);
    }

    @Test
    void theReadmesConfigFileIsAValidConfigFile() throws IOException {
        Path root = Path.of(System.getProperty("kfrelax.root", "..")).toAbsolutePath();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^```yaml\\n(.*?)^```", java.util.regex.Pattern.DOTALL)
                .matcher(Files.readString(root.resolve("README.md")));
        assertThat(m.find()).as("a yaml block in README.md").isTrue();
        Path f = tmp.resolve("run.yaml");
        Files.writeString(f, m.group(1));
        var tree = Json.mapper().readTree(run("train", "--config", f.toString(), "--print-config"));
        assertThat(tree.get("env").asText()).isEqualTo("Acrobot-v1");
        assertThat(tree.get("maxEpisodes").asLong()).isEqualTo(3000);
    }

    @Test
    void withoutEnvAnywhereTheErrorSaysWhereToGiveIt() throws IOException {
        Path f = tmp.resolve("c.json");
        Files.writeString(f, "{\"algo\": \"a2c\", \"seed\": \"x\"}");
        java.io.StringWriter err = new java.io.StringWriter();
        int code = Cli.commandLine(new TrainCommand()).setErr(new java.io.PrintWriter(err)).execute("--config", f.toString());
        assertThat(code).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("missing --env (give it, or env in a --config file)");
        err.getBuffer().setLength(0);
        Cli.commandLine(new TrainCommand()).setErr(new java.io.PrintWriter(err)).execute("--config", f.toString(), "--env", "CartPole-v0");
        assertThat(err.toString()).contains(f + ": seed must be a whole number, got 'x'");
    }

    @Test
    void helpStatesEachOptionsDefaultForEachAlgorithm() {
        String help = run("train", "--help");
        assertThat(help).contains("Defaults by algorithm (a2c, acktr, relax, kf-relax, lax, kf-lax):");
        assertThat(help).containsPattern("--cv-lr +0\\.01 \\(a2c, acktr, relax\\); 0\\.1 \\(kf-relax, kf-lax\\);\\s+0\\.003 \\(lax\\)");
        assertThat(help).containsPattern("--hidden +10,10 \\(a2c, acktr, relax, kf-relax\\);\\s+32,32 \\(lax, kf-lax\\)");
        assertThat(help).containsPattern("--lr +0\\.01\\R");
        // every hyperparameter option has its line
        for (String k : AgentConfig.keys()) {
            if (!k.equals("algo")) {
                assertThat(help).containsPattern("\\R  --" + k.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT) + " ");
            }
        }
        assertThat(run("compare", "--help")).contains("Defaults by algorithm");
    }

    /** The standard output of {@code kfrelax args}, which must succeed. */
    private static String run(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = Main.commandLine().setOut(new java.io.PrintWriter(out)).setErr(new java.io.PrintWriter(err)).execute(args);
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    /** HyperparameterOptions parsed from {@code args} as the train command parses them. */
    private static HyperparameterOptions options(String... args) {
        TrainCommand t = new TrainCommand();
        String[] all = new String[args.length + 4];
        System.arraycopy(new String[] {"--env", "CartPole-v0", "--algo", "a2c"}, 0, all, 0, 4);
        System.arraycopy(args, 0, all, 4, args.length);
        new CommandLine(t).parseArgs(all);
        return t.hyper;
    }
}
