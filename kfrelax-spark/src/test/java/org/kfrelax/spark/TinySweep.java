package org.kfrelax.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kfrelax.cli.sweep.EngineSettings;
import org.kfrelax.cli.sweep.SweepEngine;
import org.kfrelax.cli.sweep.TrialListener;
import org.kfrelax.cli.sweep.TrialResult;
import org.kfrelax.cli.sweep.TrialSpec;
import org.kfrelax.rl.AgentConfig;
import org.kfrelax.rl.Algorithm;

/** A tiny sweep for the engine tests: relax and kf-relax, two learning rates, two seeds, a few CartPole-v0 episodes. */
final class TinySweep {
    private TinySweep() {
    }

    /** The summary keys that hold wall-clock or CPU-clock figures (the only ones allowed to differ between engines). */
    static final List<String> CLOCK_KEYS = List.of("wall_seconds", "steps_per_second", "thread_cpu_seconds",
            "steps_per_cpu_second");

    /** The trials, six episodes each, their run directories under {@code root}. */
    static List<TrialSpec> trials(Path root) {
        return trials(root, 6);
    }

    /** The trials, {@code episodes} each, their run directories under {@code root}. */
    static List<TrialSpec> trials(Path root, int episodes) {
        List<TrialSpec> out = new ArrayList<>();
        for (Algorithm algo : List.of(Algorithm.RELAX, Algorithm.KF_RELAX)) {
            for (double lr : new double[] {0.01, 0.003}) {
                for (long seed = 3; seed <= 4; seed++) {
                    Map<String, Object> config = AgentConfig.builder(algo).lr(lr).build().toMap();
                    String id = algo + "-lr" + lr + "-s" + seed;
                    out.add(new TrialSpec(id, "CartPole-v0", algo.toString(), seed, config, episodes, 0, false, 195.0,
                            root.resolve(id).toAbsolutePath().toString()));
                }
            }
        }
        return out;
    }

    /** Runs the trials on {@code engine}; the results by trial id, each reported once. */
    static Map<String, TrialResult> run(SweepEngine engine, List<TrialSpec> trials, EngineSettings settings)
            throws Exception {
        return run(engine, trials, settings, Integer.MAX_VALUE);
    }

    /** Runs the trials on {@code engine}, asking it to stop once {@code stopAfter} results are in; the results by trial id. */
    static Map<String, TrialResult> run(SweepEngine engine, List<TrialSpec> trials, EngineSettings settings, int stopAfter)
            throws Exception {
        Map<String, TrialResult> results = new TreeMap<>();
        List<String> duplicates = new ArrayList<>();
        engine.run(trials, settings, new TrialListener() {
            @Override
            public synchronized void finished(TrialResult result) {
                if (results.put(result.id(), result) != null) {
                    duplicates.add(result.id());
                }
            }

            @Override
            public synchronized boolean stopRequested() {
                return results.size() >= stopAfter;
            }
        });
        if (!duplicates.isEmpty()) {
            throw new AssertionError("reported more than once: " + duplicates);
        }
        return results;
    }

    /** A result with its clock figures (timestamps, wall-clock and CPU-clock columns and keys) left out; the rest is compared bit for bit. */
    static List<Object> withoutClocks(TrialResult result) {
        // through the seam's JSON (exact for doubles) so both sides hold the same Java number types
        TrialResult r = TrialResult.fromJson(result.toJson());
        Map<String, Object> summary = new LinkedHashMap<>(r.summary());
        CLOCK_KEYS.forEach(summary::remove);
        List<TrialResult.Episode> episodes = new ArrayList<>();
        for (TrialResult.Episode e : r.episodes()) {
            episodes.add(new TrialResult.Episode(e.episode(), e.steps(), e.ret(), e.totalSteps(), 0.0, e.gradLogVar(),
                    e.meanReturn100()));
        }
        return List.of(r.id(), r.status(), String.valueOf(r.error()), summary, episodes);
    }

    static Map<String, List<Object>> withoutClocks(Map<String, TrialResult> results) {
        Map<String, List<Object>> out = new TreeMap<>();
        results.forEach((id, r) -> out.put(id, withoutClocks(r)));
        return out;
    }
}
