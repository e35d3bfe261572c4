package org.kfrelax.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.kfrelax.cli.sweep.TrialResult;
import org.kfrelax.cli.sweep.TrialSpec;
import org.kfrelax.rl.AgentConfig;
import org.kfrelax.rl.Budget;
import org.kfrelax.rl.EpisodeStats;

/**
 * One sweep trial as a plain static function of its {@link TrialSpec}: a {@code train} run
 * ({@link TrainRun}) into the spec's run directory, no plot, a TensorBoard event file when the spec
 * asks for one ({@link TrialSpec#tensorboard()}). It keeps no
 * state between calls and runs on the calling thread, seeded by the spec, so every engine (and
 * every machine) gives the same result for the same spec, wall-clock figures aside.
 *
 * <p>It finishes what is missing in the directory ({@link TrainRun#finish}): a finished run there
 * with the same settings is read back, an interrupted one resumes from its checkpoint, anything
 * else starts afresh. The directory is locked ({@link RunLock}) while the trial runs.
 */
public final class SweepTrial {
    private SweepTrial() {}

    /** Runs {@code spec} to its end; warnings go to stderr. */
    public static TrialResult run(TrialSpec spec) {
        return run(spec, () -> false);
    }

    /**
     * Runs {@code spec}; once {@code stop} is true the run ends after its current episode (status
     * {@link TrialResult.Status#INTERRUPTED}, resumable). Never throws for a trial's own failure:
     * that is a {@link TrialResult.Status#FAILED} result with a one-line reason.
     */
    public static TrialResult run(TrialSpec spec, BooleanSupplier stop) {
        return run(spec, stop, new PrintWriter(System.err, true));
    }

    /** As {@link #run(TrialSpec, BooleanSupplier)}, with the run's warnings printed on {@code err}. */
    public static TrialResult run(TrialSpec spec, BooleanSupplier stop, PrintWriter err) {
        long start = System.currentTimeMillis();
        try {
            Path dir = Path.of(spec.runDir());
            Files.createDirectories(dir);
            AgentConfig config = AgentConfig.fromStored(spec.config());
            if (!config.algo().toString().equals(spec.algo())) {
                throw new IllegalArgumentException("trial " + spec.id() + ": algo " + spec.algo() + " but its config is for "
                        + config.algo());
            }
            TrainRun.Spec run = new TrainRun.Spec(spec.envId(), config, spec.seed(),
                    new Budget(spec.maxEpisodes(), spec.maxSteps()), spec.stopWhenSolved(), spec.solveThreshold());
            StopRequest request = new StopRequest() {
                @Override
                boolean stopAfter(EpisodeStats s) {
                    return stop.getAsBoolean() || super.stopAfter(s);
                }
            };
            TrainRun.Outcome o;
            try (RunLock lock = RunLock.acquire(dir)) {
                o = TrainRun.finish(run, dir, new Warnings(err, "sweep", spec.id() + ": "), spec.tensorboard(),
                        request);
            }
            TrialResult.Status status = o.divergenceReason() != null ? TrialResult.Status.DIVERGED
                    : o.interrupted() ? TrialResult.Status.INTERRUPTED : TrialResult.Status.COMPLETE;
            // through JSON text, as summary.json holds it (whole numbers as Integer where they fit)
            Map<String, Object> summary = Json.mapper().readValue(Json.toJson(o.summary()),
                    new TypeReference<Map<String, Object>>() {});
            return new TrialResult(spec.id(), status, o.divergenceReason(), summary, episodes(dir), start,
                    System.currentTimeMillis());
        } catch (Exception e) {
            return TrialResult.failed(spec.id(), Cli.describe(e), start, System.currentTimeMillis());
        }
    }

    /** The rows of the run's episodes.csv. */
    private static List<TrialResult.Episode> episodes(Path dir) throws java.io.IOException {
        List<TrialResult.Episode> out = new ArrayList<>();
        for (Object[] r : EpisodeRows.read(dir.resolve("episodes.csv"), TrainRun.COLUMNS)) {
            out.add(new TrialResult.Episode((Long) r[0], (Long) r[1], (Double) r[2], (Long) r[3], (Double) r[4],
                    (Double) r[5], (Double) r[6]));
        }
        return out;
    }
}
