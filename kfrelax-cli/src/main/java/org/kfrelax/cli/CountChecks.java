package org.kfrelax.cli;

/**
 * The range checks of the counts that several commands take ({@code --seeds}, {@code --threads},
 * {@code --bootstrap-resamples}), so that each is checked, and worded, once.
 */
final class CountChecks {
    private CountChecks() {
    }

    /**
     * Requires {@code seeds} in 1..1000 and the first seed, given by the option {@code firstOption}, in
     * 0..{@code Long.MAX_VALUE - seeds + 1}, so that every seed S..S+K−1 is a non-negative 64-bit integer.
     */
    static void seeds(int seeds, long first, String firstOption) {
        if (seeds < 1 || seeds > 1000) {
            throw new IllegalArgumentException("--seeds must be in 1..1000, got " + seeds);
        }
        long last = Long.MAX_VALUE - seeds + 1;
        if (first < 0 || first > last) {
            throw new IllegalArgumentException(firstOption + " must be in 0.." + last + " (the last of the " + seeds
                    + " seeds must fit in a signed 64-bit integer), got " + first);
        }
    }

    /** {@code --threads}: {@code threads}, or the available cores when it is not given; in 1..1024. */
    static int threads(Integer threads) {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1 || n > 1024) {
            throw new IllegalArgumentException("--threads must be in 1..1024, got " + n);
        }
        return n;
    }

    /** Requires {@code --bootstrap-resamples} in 1..10,000,000. */
    static void bootstrapResamples(int resamples) {
        if (resamples < 1 || resamples > 10_000_000) {
            throw new IllegalArgumentException("--bootstrap-resamples must be in 1..10000000, got " + resamples);
        }
    }
}
