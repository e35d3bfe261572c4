package org.kfrelax.rl;

/**
 * How long {@link Agent#learn} may train: at most {@code maxEpisodes} episodes and at most
 * {@code maxSteps} environment steps (0 means no limit on that count; at least one must be
 * set). Training stops after the episode during which a limit is reached.
 */
public record Budget(long maxEpisodes, long maxSteps) {
    public Budget {
        if (maxEpisodes < 0 || maxSteps < 0) {
            throw new IllegalArgumentException("budget counts must be >= 0, got episodes=" + maxEpisodes
                    + " steps=" + maxSteps);
        }
        if (maxEpisodes == 0 && maxSteps == 0) {
            throw new IllegalArgumentException("a budget needs a maximum number of episodes or of steps");
        }
    }

    /** At most {@code n} episodes. */
    public static Budget episodes(long n) {
        return new Budget(n, 0);
    }

    /** At most {@code n} environment steps. */
    public static Budget steps(long n) {
        return new Budget(0, n);
    }

    /** Whether a run with these counts has used the budget up. */
    public boolean exhausted(long episodes, long steps) {
        return (maxEpisodes > 0 && episodes >= maxEpisodes) || (maxSteps > 0 && steps >= maxSteps);
    }
}
