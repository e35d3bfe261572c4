package org.kfrelax.cli;

import picocli.CommandLine.Option;

/** Picocli mixin for {@code --seed S} (default 0); use as {@code @Mixin SeedOption seed;}. */
public final class SeedOption {

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Random seed (default: ${DEFAULT-VALUE}); the same seed gives the same results.")
    long seed;

    /** The seed (numpy's SeedSequence, which seeds everything, takes only non-negative ones). */
    public long seed() {
        if (seed < 0) {
            throw new IllegalArgumentException("--seed must be a non-negative integer, got " + seed);
        }
        return seed;
    }
}
