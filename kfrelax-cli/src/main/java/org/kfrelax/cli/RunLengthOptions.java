package org.kfrelax.cli;

import org.kfrelax.rl.Budget;
import picocli.CommandLine.Option;

/** How long a training run lasts: the budget and the solve criterion (train and compare). */
public final class RunLengthOptions {

    @Option(names = "--max-episodes", paramLabel = "N", description = "Episode budget per run (default 2000 when no budget is given).")
    Long maxEpisodes;

    @Option(names = "--max-steps", paramLabel = "N", description = "Environment-step budget per run.")
    Long maxSteps;

    @Option(names = "--stop-when-solved", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Stop at the solve criterion (mean return over 100 episodes >= threshold). Default: on for CartPole-v0, off otherwise.")
    Boolean stopWhenSolved;

    @Option(names = "--solve-at", paramLabel = "R", description = "Solve threshold to use instead of the registered one (needed for Pendulum).")
    Double solveAt;

    /**
     * Takes the settings not given on the command line from a config file: the budget
     * ({@code maxEpisodes}, {@code maxSteps}) as one setting, so --max-episodes or --max-steps
     * replaces the file's budget whole; {@code stopWhenSolved} and {@code solveAt} each.
     */
    void fill(ConfigFile f) {
        if (maxEpisodes == null && maxSteps == null) {
            maxEpisodes = positive(f, "maxEpisodes");
            maxSteps = positive(f, "maxSteps");
        }
        if (stopWhenSolved == null) {
            stopWhenSolved = f.bool("stopWhenSolved");
        }
        if (solveAt == null) {
            solveAt = f.number("solveAt");
        }
    }

    private static Long positive(ConfigFile f, String key) {
        Long v = f.whole(key);
        if (v != null && v <= 0) {
            throw f.error(key + " must be positive, got " + v);
        }
        return v;
    }

    /** The budget from --max-episodes/--max-steps (2000 episodes if neither is given). */
    Budget budget() {
        if (maxEpisodes != null && maxEpisodes <= 0) {
            throw new IllegalArgumentException("--max-episodes must be positive, got " + maxEpisodes);
        }
        if (maxSteps != null && maxSteps <= 0) {
            throw new IllegalArgumentException("--max-steps must be positive, got " + maxSteps);
        }
        if (maxEpisodes == null && maxSteps == null) {
            return Budget.episodes(2000);
        }
        return new Budget(maxEpisodes == null ? 0 : maxEpisodes, maxSteps == null ? 0 : maxSteps);
    }

    /** Whether runs stop at the solve criterion: --stop-when-solved, else on for CartPole-v0 only. */
    boolean stop(String envId) {
        return stopWhenSolved != null ? stopWhenSolved : "CartPole-v0".equals(envId);
    }

    /** The solve threshold: --solve-at, else the environment's registered one (may be null). */
    Double threshold(String envId) {
        return TrainRun.threshold(envId, solveAt);
    }
}
