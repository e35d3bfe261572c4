package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep's space: --grid/--random parsing, the points' order, the seeded sampler, sweep files. */
class SweepSpaceTest {
    @TempDir
    Path tmp;

    private static SweepSpace space(List<String> grids, List<String> randoms, Integer samples, long seed) throws IOException {
        return SweepSpace.of(null, grids, randoms, samples, seed);
    }

    @Test
    void gridIsEveryCombinationLastKeyFastestWithFlagSpellings() throws IOException {
        SweepSpace s = space(List.of("lr=0.01,0.003", "kfac-damping=0.01,0.1,1", "hidden=[10,10],[32]"), List.of(), null, 0);
        assertThat(s.keys("kf-relax")).containsExactly("lr", "kfacDamping", "hidden");
        List<Map<String, Object>> p = s.points("kf-relax");
        assertThat(p).hasSize(12);
        assertThat(p.get(0)).containsExactly(Map.entry("lr", "0.01"), Map.entry("kfacDamping", "0.01"),
                Map.entry("hidden", List.of(10, 10)));
        assertThat(p.get(1)).containsEntry("hidden", List.of(32)).containsEntry("kfacDamping", "0.01");
        assertThat(p.get(2)).containsEntry("kfacDamping", "0.1").containsEntry("hidden", List.of(10, 10));
        assertThat(p.get(11)).containsEntry("lr", "0.003").containsEntry("kfacDamping", "1").containsEntry("hidden", List.of(32));
        assertThat(SweepSpace.parseGrid("kfac_damping=1").key()).isEqualTo("kfacDamping");
        assertThat(SweepSpace.parseGrid("kfacDamping=1").key()).isEqualTo("kfacDamping");
    }

    @Test
    void badOptionsAreOneLineErrorsNamingTheValue() {
        assertThatThrownBy(() -> SweepSpace.parseGrid("lrr=0.1"))
                .hasMessageStartingWith("--grid lrr=0.1: unknown hyperparameter 'lrr'; valid keys: hidden, activation,")
                .hasMessageContaining("kfacDamping").hasMessageNotContaining("algo,").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> SweepSpace.parseGrid("algo=relax")).hasMessageContaining("unknown hyperparameter 'algo'");
        assertThatThrownBy(() -> SweepSpace.parseGrid("seed=1,2")).hasMessageContaining("unknown hyperparameter 'seed'");
        assertThatThrownBy(() -> SweepSpace.parseGrid("lr")).hasMessageContaining("expected KEY=V1,V2");
        assertThatThrownBy(() -> SweepSpace.parseGrid("lr=0.1,,0.2")).hasMessageContaining("an empty value");
        assertThatThrownBy(() -> SweepSpace.parseGrid("hidden=[10,10")).hasMessageContaining("unbalanced");
        assertThatThrownBy(() -> SweepSpace.parseRandom("lr=loguniform:0:1")).hasMessageContaining("positive bounds");
        assertThatThrownBy(() -> SweepSpace.parseRandom("lr=uniform:1:0.1")).hasMessageContaining("low bound");
        assertThatThrownBy(() -> SweepSpace.parseRandom("lr=gauss:0:1")).hasMessageContaining("unknown distribution 'gauss:0:1'");
        assertThatThrownBy(() -> SweepSpace.parseRandom("value-steps=int:1:2.5")).hasMessageContaining("whole-number bounds");
        assertThatThrownBy(() -> space(List.of("lr=0.1", "lr=0.2"), List.of(), null, 0)).hasMessageContaining("lr is swept twice");
        assertThatThrownBy(() -> space(List.of("lr=0.1"), List.of(), 3, 0)).hasMessageContaining("needs random parameters");
    }

    @Test
    void samplerIsSeededPrefixStableAndWithinItsBounds() throws IOException {
        List<String> r = List.of("lr=loguniform:1e-4:1e-2", "value-steps=int:1:3", "activation=choice:relu,tanh");
        List<Map<String, Object>> a = space(List.of(), r, 50, 7).points("relax");
        List<Map<String, Object>> b = space(List.of(), r, 50, 7).points("relax");
        List<Map<String, Object>> c = space(List.of(), r, 50, 8).points("relax");
        List<Map<String, Object>> longer = space(List.of(), r, 80, 7).points("relax");
        assertThat(a).hasSize(50).isEqualTo(b).isNotEqualTo(c);
        assertThat(longer.subList(0, 50)).isEqualTo(a);
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (Map<String, Object> p : a) {
            double lr = (Double) p.get("lr");
            assertThat(lr).isBetween(1e-4, 1e-2);
            lo = Math.min(lo, lr);
            hi = Math.max(hi, lr);
            assertThat((Long) p.get("valueSteps")).isBetween(1L, 3L);
            assertThat(p.get("activation")).isIn("relu", "tanh");
        }
        // log-uniform: 50 draws cover most of the two decades (P(all above 3e-4 or all below 3e-3) < 1e-8)
        assertThat(lo).isLessThan(3e-4);
        assertThat(hi).isGreaterThan(3e-3);
        // grid x samples: every grid point gets the same samples
        List<Map<String, Object>> g = space(List.of("entropy=0,0.01"), r, 4, 7).points("relax");
        assertThat(g).hasSize(8);
        for (int j = 0; j < 4; j++) {
            assertThat(g.get(j).get("lr")).isEqualTo(a.get(j).get("lr")).isEqualTo(g.get(4 + j).get("lr"));
        }
    }

    @Test
    void sweepFileHasSharedAndPerAlgorithmSectionsAndOptionsWin() throws IOException {
        Path f = tmp.resolve("space.yaml");
        Files.writeString(f, """
                grid:
                  lr: [0.01, 0.003]
                fixed:
                  entropy: 0.02
                relax:
                  grid:
                    cv-lr: [0.03, 0.01]
                kf-relax:
                  grid:
                    cv_lr: [0.3, 0.1, 0.03]
                  fixed:
                    kfac-damping: 0.1
                """);
        SweepSpace s = SweepSpace.of(f, List.of(), List.of(), null, 0);
        assertThat(s.algosWithSections()).containsExactly("relax", "kf-relax");
        assertThat(s.points("relax")).hasSize(4);
        assertThat(s.points("kf-relax")).hasSize(6);
        assertThat(s.points("kf-relax").get(0)).containsExactly(Map.entry("entropy", 0.02), Map.entry("kfacDamping", 0.1),
                Map.entry("lr", 0.01), Map.entry("cvLr", 0.3));
        SweepSpace o = SweepSpace.of(f, List.of("lr=0.001", "kfac-damping=0.01,1"), List.of(), null, 0);
        assertThat(o.points("kf-relax")).hasSize(6);
        assertThat(o.points("kf-relax")).allSatisfy(p -> assertThat(p.get("lr")).isEqualTo("0.001"));
        assertThat(o.keys("kf-relax")).containsExactly("cvLr", "lr", "kfacDamping");

        Files.writeString(f, "relax:\n  grid:\n    lrr: [1]\n");
        assertThatThrownBy(() -> SweepSpace.of(f, List.of(), List.of(), null, 0))
                .hasMessageStartingWith(f + ": relax: grid: unknown hyperparameter 'lrr'; valid keys: hidden,");
        Files.writeString(f, "grids:\n  lr: [1]\n");
        assertThatThrownBy(() -> SweepSpace.of(f, List.of(), List.of(), null, 0))
                .hasMessageContaining("unknown key 'grids'; expected grid, random, fixed, samples or an algorithm");
        Files.writeString(f, "grid:\n  lr: 0.1\n");
        assertThatThrownBy(() -> SweepSpace.of(f, List.of(), List.of(), null, 0))
                .hasMessageContaining("lr must be a non-empty list of values");
    }

    @Test
    void theReadmesSweepFileIsValid() throws IOException {
        Path root = Path.of(System.getProperty("kfrelax.root", "..")).toAbsolutePath();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^```yaml\\n(# space\\.yaml.*?)^```",
                java.util.regex.Pattern.DOTALL).matcher(Files.readString(root.resolve("README.md")));
        assertThat(m.find()).as("the sweep file in README.md").isTrue();
        Path f = tmp.resolve("space.yaml");
        Files.writeString(f, m.group(1));
        SweepSpace s = SweepSpace.of(f, List.of(), List.of(), null, 0);
        assertThat(s.algosWithSections()).containsExactly("relax", "kf-relax");
        assertThat(s.points("relax")).hasSize(9);
        assertThat(s.points("kf-relax")).hasSize(9).allSatisfy(p -> assertThat(p.get("kfacDamping")).isEqualTo(0.1));
    }
}
