package org.kfrelax.cli;

import picocli.CommandLine.Option;

/**
 * Picocli mixin for {@code --[no-]tensorboard} (train, compare, sweep, toy): whether each run directory
 * gets a TensorBoard event file ({@link org.kfrelax.tensorboard.TrainingScalars}; toy: one per
 * estimator and seed, {@link org.kfrelax.tensorboard.ToyScalars}). On by
 * default: it costs well under a millisecond and ~200 bytes per episode, and curves of a run
 * started without it cannot be had afterwards ({@code tensorboard --logdir runs}).
 */
public final class TensorBoardOption {
    @Option(names = "--tensorboard", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Write a TensorBoard event file into each run directory (default: on; --no-tensorboard to turn off).")
    boolean tensorboard = true;

    /** Whether to write the event file. */
    boolean enabled() {
        return tensorboard;
    }
}
