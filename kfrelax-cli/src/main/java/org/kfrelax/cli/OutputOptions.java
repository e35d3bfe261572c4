package org.kfrelax.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Picocli mixin for {@code --out DIR} and {@code --force}; use as
 * {@code @Mixin OutputOptions output;} and call {@link #resolve} once the other options are
 * validated. Rules: {@link RunDir}.
 */
public final class OutputOptions {

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output directory (created if needed; must be empty unless --force). "
                    + "Default: a new directory runs/<what ran>-<yyyyMMdd-HHmmss> (e.g. runs/CartPole-v0-kf-relax-s0-...).")
    Path out;

    @Option(names = "--force", description = "Write into a non-empty --out directory, overwriting its results.")
    boolean force;

    /** The {@code --out} value, or null if not given. */
    public Path out() {
        return out;
    }

    /** Whether {@code --force} was given. */
    public boolean force() {
        return force;
    }

    /**
     * Resolves and creates the output directory ({@link RunDir#resolve}).
     *
     * @param name the command name, used for the default directory
     * @param resultFiles the file names the command writes
     */
    public Path resolve(String name, String... resultFiles) throws IOException {
        return RunDir.resolve(out, force, name, resultFiles);
    }

    /**
     * Resolves, creates and locks the output directory ({@link RunDir#open}); close the
     * returned lock when the command is done.
     */
    public RunLock open(String name, String... resultFiles) throws IOException {
        return RunDir.open(out, force, name, resultFiles);
    }

    /** Checks {@code --out} without creating anything ({@link RunDir#check}); no-op if not given. */
    public void check(String... resultFiles) throws IOException {
        if (out != null) {
            RunDir.check(out, force, resultFiles);
        }
    }
}
