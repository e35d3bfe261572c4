package org.kfrelax.cli.sweep;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a trial gives back to the driver: its status, its {@code summary.json} (the summary
 * metrics: episodes, total_steps, solved, episodes_to_solve, final_mean_return_100,
 * wall_seconds, ...), its episodes (the rows of its {@code episodes.csv}) and when it ran.
 * Plain data like {@link TrialSpec}.
 *
 * @param id the trial's {@link TrialSpec#id()}
 * @param status how it ended
 * @param error for {@link Status#FAILED}: the one-line reason; for {@link Status#DIVERGED}: the
 *     divergence reason; else null
 * @param summary the run's summary.json as JSON values (empty for a failed trial)
 * @param episodes its episodes in order (empty for a failed trial)
 * @param startMillis when the trial started (epoch milliseconds)
 * @param endMillis when it ended (epoch milliseconds)
 */
public record TrialResult(String id, Status status, String error, Map<String, Object> summary, List<Episode> episodes,
                          long startMillis, long endMillis) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How a trial ended. */
    public enum Status {
        /** Ran its budget or to the solve criterion: a result. */
        COMPLETE,
        /** Ended by numerical failure ({@code "diverged": true} in its summary): a result too (an unsolved run). */
        DIVERGED,
        /** Stopped early by a stop request (SIGINT/SIGTERM); resumable, not a result. */
        INTERRUPTED,
        /** Could not run (an error other than divergence); not a result, rerun on resume. */
        FAILED;

        /** Whether the trial counts as done (a resumed sweep does not run it again). */
        public boolean done() {
            return this == COMPLETE || this == DIVERGED;
        }
    }

    /**
     * One episode, a row of episodes.csv.
     *
     * @param episode 1-based episode number
     * @param steps its length
     * @param ret its return
     * @param totalSteps environment steps so far
     * @param wallSeconds learning time so far
     * @param gradLogVar the gradient log-variance estimate (null before there is one)
     * @param meanReturn100 mean return of the last 100 episodes
     */
    public record Episode(long episode, long steps, double ret, long totalSteps, double wallSeconds, Double gradLogVar,
                          double meanReturn100) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    public TrialResult {
        if (id == null || status == null) {
            throw new IllegalArgumentException("a trial result needs an id and a status");
        }
        summary = summary == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(summary));
        episodes = episodes == null ? List.of() : List.copyOf(episodes);
    }

    /** A trial that could not run. */
    public static TrialResult failed(String id, String error, long startMillis, long endMillis) {
        return new TrialResult(id, Status.FAILED, error, Map.of(), List.of(), startMillis, endMillis);
    }

    /** This result as one line of JSON. */
    public String toJson() {
        return SeamJson.write(this);
    }

    /** The result {@link #toJson()} wrote. */
    public static TrialResult fromJson(String json) {
        return SeamJson.read(json, TrialResult.class);
    }
}
