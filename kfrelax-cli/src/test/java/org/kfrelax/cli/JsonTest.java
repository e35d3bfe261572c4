package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {
    @TempDir
    Path dir;

    record Config(String env, double lr, int hidden, List<Integer> sizes, Double solveAt) {}

    @Test
    void recordRoundTripKeepsDeclarationOrderAndPrecision() throws IOException {
        Config c = new Config("CartPole-v0", 0.1 + 0.2, 10, List.of(10, 10), null);
        Path f = dir.resolve("c.json");
        Json.write(f, c);
        String text = Files.readString(f);
        assertThat(text).isEqualTo("{\n  \"env\" : \"CartPole-v0\",\n  \"lr\" : 0.30000000000000004,\n"
                + "  \"hidden\" : 10,\n  \"sizes\" : [\n    10,\n    10\n  ],\n  \"solveAt\" : null\n}\n");
        assertThat(Json.read(f, Config.class)).isEqualTo(c);
    }

    @Test
    void aKeyOfTheWrongTypeIsNamedWithWhatItHolds() throws IOException {
        JsonNode n = Json.mapper().readTree("{\"damping\": \"0.1\", \"fisher\": 3, \"kfac_lr\": 0.5}");
        assertThat(Json.number(n, "kfac_lr", "vae checkpoint")).isEqualTo(0.5);
        assertThatThrownBy(() -> Json.number(n, "damping", "vae checkpoint")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vae checkpoint: 'damping' must be a number, got \"0.1\"");
        assertThatThrownBy(() -> Json.text(n, "fisher", "vae checkpoint"))
                .hasMessage("vae checkpoint: 'fisher' must be text, got 3");
        assertThatThrownBy(() -> Json.number(n, "kl_clip", "vae checkpoint"))
                .hasMessage("vae checkpoint: 'kl_clip' must be a number, got nothing (missing)");
    }

    @Test
    void estimatorSettingsReadBackNameTheFileOfABadFisherSource() throws IOException {
        // before: "unknown Fisher source 'natural', ..." without saying where it was read
        Map<String, Object> m = new LinkedHashMap<>();
        EstimatorOptions.describe(new org.kfrelax.estimators.Estimators.Settings(0.01, 0.5, 0.9,
                org.kfrelax.estimators.KfacSurrogateOptimizer.FisherSource.EMPIRICAL, 0.1, 0.1, 0.001, 7), m);
        assertThat(EstimatorOptions.read(Json.mapper().readTree(Json.toJson(m)), 0.01, 7, "x.json").fisher())
                .isEqualTo(org.kfrelax.estimators.KfacSurrogateOptimizer.FisherSource.EMPIRICAL);
        m.put("fisher", "natural");
        assertThatThrownBy(() -> EstimatorOptions.read(Json.mapper().readTree(Json.toJson(m)), 0.01, 7, "x.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("x.json: 'fisher': unknown Fisher source 'natural', expected ");
    }

    @Test
    void mapKeepsInsertionOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zeta", 1);
        m.put("alpha", 2);
        assertThat(Json.toJson(m)).isEqualTo("{\n  \"zeta\" : 1,\n  \"alpha\" : 2\n}\n");
    }

    @Test
    void yamlReadsIntoTheSameRecord() throws IOException {
        Path f = Files.writeString(dir.resolve("c.yaml"),
                "env: CartPole-v0\nlr: 0.30000000000000004\nhidden: 10\nsizes: [10, 10]\nsolveAt: 195\n");
        assertThat(Json.read(f, Config.class))
                .isEqualTo(new Config("CartPole-v0", 0.30000000000000004, 10, List.of(10, 10), 195.0));
        JsonNode tree = Json.readTree(f);
        assertThat(tree.get("hidden").asInt()).isEqualTo(10);
    }

    @Test
    void aFractionForAnIntegerSettingIsAnErrorNotATruncation() throws IOException {
        Path f = Files.writeString(dir.resolve("c.json"),
                "{\"env\": \"CartPole-v0\", \"lr\": 0.1, \"hidden\": 1.7, \"sizes\": [10], \"solveAt\": null}");
        assertThatThrownBy(() -> Json.read(f, Config.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("c.json");
    }

    @Test
    void nonFiniteNumbersAreRejectedWithTheirPath() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", 1.0);
        m.put("final_mean_return_100", Double.NaN);
        assertThatThrownBy(() -> Json.toJson(m)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-finite number NaN at JSON path /final_mean_return_100");
        assertThatThrownBy(() -> Json.toJson(new double[] {1, Double.POSITIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> Json.toJson(Json.mapper().createObjectNode().put("x", Float.NaN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/x");
    }

    @Test
    void failedWriteLeavesOldFile() throws IOException {
        Path f = dir.resolve("s.json");
        Json.write(f, Map.of("a", 1));
        assertThatThrownBy(() -> Json.write(f, Map.of("a", Double.NaN))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Json.readTree(f).get("a").asInt()).isEqualTo(1);
        try (var s = Files.list(dir)) {
            assertThat(s.count()).isEqualTo(1);
        }
    }

    @Test
    void jsonParseErrorNamesFileAndLine() throws IOException {
        Path f = Files.writeString(dir.resolve("bad.json"), "{\n  \"a\": 1,\n  \"b\": ]\n}\n");
        assertThatThrownBy(() -> Json.readTree(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(f + ":3:")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void yamlParseErrorNamesFileAndLine() throws IOException {
        Path f = Files.writeString(dir.resolve("bad.yaml"), "env: CartPole-v0\nlr: [0.1\nhidden: 10\n");
        assertThatThrownBy(() -> Json.readTree(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("\\Q" + f + "\\E:\\d+:\\d+: .*")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void wrongTypeAndUnknownKeyNameTheFieldAndLine() throws IOException {
        Path f = Files.writeString(dir.resolve("c.yaml"), "env: CartPole-v0\nlr: fast\n");
        assertThatThrownBy(() -> Json.read(f, Config.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(f + ":2:").hasMessageContaining("(at lr)");
        Path g = Files.writeString(dir.resolve("d.json"), "{\"env\": \"x\", \"lr\": 1, \"hidden\": 2, \"lrr\": 1}");
        assertThatThrownBy(() -> Json.read(g, Config.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(g + ":1:").hasMessageContaining("lrr");
    }

    @Test
    void missingFileEmptyFileAndUnknownExtension() throws IOException {
        assertThatThrownBy(() -> Json.readTree(dir.resolve("nope.yaml")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("nope.yaml: no such file");
        Path e = Files.writeString(dir.resolve("e.json"), "");
        assertThatThrownBy(() -> Json.readTree(e)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty file");
        Path t = Files.writeString(dir.resolve("c.toml"), "a = 1");
        assertThatThrownBy(() -> Json.readTree(t)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected .json, .yaml or .yml");
    }

    @Test
    void mergeLayersConfigsWithoutModifyingThem() throws IOException {
        JsonNode defaults = Json.mapper().readTree("{\"lr\": 0.01, \"net\": {\"hidden\": [10, 10], \"act\": \"relu\"}}");
        JsonNode file = Json.mapper().readTree("{\"net\": {\"hidden\": [64]}, \"gamma\": 0.99}");
        JsonNode merged = Json.merge(defaults, file);
        assertThat(merged.toString())
                .isEqualTo("{\"lr\":0.01,\"net\":{\"hidden\":[64],\"act\":\"relu\"},\"gamma\":0.99}");
        assertThat(defaults.toString()).isEqualTo("{\"lr\":0.01,\"net\":{\"hidden\":[10,10],\"act\":\"relu\"}}");
        assertThat(file.toString()).isEqualTo("{\"net\":{\"hidden\":[64]},\"gamma\":0.99}");
    }

    @Test
    void convertNamesSourceAndField() {
        JsonNode tree = Json.mapper().createObjectNode().put("env", "x").put("hidden", "ten");
        assertThatThrownBy(() -> Json.convert(tree, Config.class, "--config c.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--config c.yaml: ").hasMessageContaining("(at hidden)");
    }
}
