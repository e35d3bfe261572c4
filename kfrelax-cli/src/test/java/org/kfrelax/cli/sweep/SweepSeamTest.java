package org.kfrelax.cli.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfrelax.cli.SweepTrial;

/**
 * The engine seam: specs and results survive both transports an engine may use (JSON text, Java
 * serialization), engines are found by name, and the local engine's results equal the trial
 * function's called directly, wall-clock figures aside.
 */
class SweepSeamTest {
    @TempDir
    Path tmp;

    static TrialSpec spec(String id, String algo, long seed, Path dir) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("algo", algo);
        config.put("lr", 0.003);
        config.put("hidden", List.of(8, 8));
        return new TrialSpec(id, "CartPole-v0", algo, seed, config, 12, 0, true, 195.0, dir.resolve(id).toString());
    }

    @Test
    void specAndResultRoundTripAsJsonAndAsObjects() throws Exception {
        TrialSpec s = spec("kf-relax-c0-s3", "kf-relax", 3, tmp);
        assertThat(TrialSpec.fromJson(s.toJson())).isEqualTo(s);
        assertThat(javaRoundTrip(s)).isEqualTo(s);
        TrialResult r = SweepTrial.run(s);
        assertThat(r.status()).as(r.error()).isEqualTo(TrialResult.Status.COMPLETE);
        assertThat(r.episodes()).hasSize(12);
        assertThat(r.summary().get("episodes")).isEqualTo(12);
        assertThat(TrialResult.fromJson(r.toJson())).isEqualTo(r);
        assertThat(javaRoundTrip(r)).isEqualTo(r);
    }

    @Test
    void enginesAreFoundByNameAndAMissingOneSaysHowToGetIt() {
        assertThat(Engines.find("local")).isInstanceOf(LocalEngine.class);
        assertThat(Engines.names()).contains("local");
        assertThatThrownBy(() -> Engines.find("spark")).hasMessageContaining("kfrelax-spark").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> Engines.find("ray")).hasMessage("unknown --engine 'ray'; engines on the class path: "
                + String.join(", ", Engines.names()));
    }

    @Test
    void localEngineGivesTheTrialFunctionsResults() throws Exception {
        List<TrialSpec> a = new ArrayList<>();
        List<TrialSpec> b = new ArrayList<>();
        for (String algo : List.of("relax", "kf-relax")) {
            for (long seed = 0; seed < 2; seed++) {
                a.add(spec(algo + "-s" + seed, algo, seed, tmp.resolve("engine")));
                b.add(spec(algo + "-s" + seed, algo, seed, tmp.resolve("direct")));
            }
        }
        List<TrialResult> viaEngine = Collections.synchronizedList(new ArrayList<>());
        new LocalEngine().run(a, new EngineSettings(3, null, Map.of()), viaEngine::add);
        viaEngine.sort(Comparator.comparing(r -> a.indexOf(a.stream().filter(t -> t.id().equals(r.id())).findFirst().get())));
        assertThat(viaEngine).hasSize(4);
        for (int i = 0; i < b.size(); i++) {
            TrialResult direct = SweepTrial.run(b.get(i));
            assertThat(withoutClock(viaEngine.get(i))).as(b.get(i).id()).isEqualTo(withoutClock(direct));
        }
        assertThatThrownBy(() -> new LocalEngine().run(a, new EngineSettings(1, "local[2]", Map.of()), r -> { }))
                .hasMessageContaining("--master local[2] is for cluster engines");
    }

    @Test
    void aTrialThatCannotRunIsAFailedResultNotAnException() {
        TrialSpec s = spec("bad", "relax", 0, tmp);
        Map<String, Object> config = new LinkedHashMap<>(s.config());
        config.put("lr", -1.0);
        TrialSpec bad = new TrialSpec(s.id(), s.envId(), s.algo(), 0, config, 5, 0, false, null, s.runDir());
        TrialResult r = SweepTrial.run(bad);
        assertThat(r.status()).isEqualTo(TrialResult.Status.FAILED);
        assertThat(r.error()).contains("lr").doesNotContain("\n");
        assertThat(r.status().done()).isFalse();
    }

    /** The result without what the clock decides (times, rates, the wall-clock column). */
    static Object withoutClock(TrialResult r) {
        Map<String, Object> s = new LinkedHashMap<>(r.summary());
        for (String k : List.of("wall_seconds", "steps_per_second", "thread_cpu_seconds", "steps_per_cpu_second")) {
            assertThat(s.remove(k)).as(k).isNotNull();
        }
        List<Object> eps = new ArrayList<>();
        for (TrialResult.Episode e : r.episodes()) {
            eps.add(List.of(e.episode(), e.steps(), e.ret(), e.totalSteps(), String.valueOf(e.gradLogVar()), e.meanReturn100()));
        }
        return List.of(r.id(), r.status(), String.valueOf(r.error()), s, eps);
    }

    @SuppressWarnings("unchecked")
    private static <T> T javaRoundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
