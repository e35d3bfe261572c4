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
        assertThat(meta.config()).isEqualTo(AgentConfig.defaults(Algorithm.KF_RELAX));
        // written back with the source's current name and the keys added since, at their defaults
        String current = OLD_KF_RELAX.replace("\"cvFisher\" : \"gauss-newton\"", "\"cvFisher\" : \"gauss-newton-output\", "
                + "\"cvForm\" : \"scaled-softmax\", \"valueSteps\" : 1, \"valueKfac\" : false, \"timeAware\" : false, "
                + "\"bootstrapTruncation\" : false");
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
                .hasMessageStartingWith(f + ": unknown key 'learning_rate'; valid keys: algo, hidden, activation")
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
