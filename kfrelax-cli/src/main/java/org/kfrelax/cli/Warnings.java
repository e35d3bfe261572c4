package org.kfrelax.cli;

import java.io.PrintWriter;

/**
 * The command line's warnings for one run: one line each on the command's error stream,
 * {@code kfrelax <command>: warning: <context><message>}; the first {@value #SHOWN} are printed,
 * the rest only counted (runs count what matters in their summary, e.g. skipped K-FAC updates).
 * Thread-safe, so that parallel runs may share the stream.
 */
final class Warnings {
    /** Warnings printed per run. */
    static final int SHOWN = 10;

    private final PrintWriter err;
    private final String command;
    private final String context;
    private int count;

    /**
     * @param err where to print
     * @param command the command's name ({@code train})
     * @param context put before each message, e.g. {@code "acktr seed 3: "} in compare; may be empty
     */
    Warnings(PrintWriter err, String command, String context) {
        this.err = err;
        this.command = command;
        this.context = context;
    }

    /** Prints (or, past the first {@value #SHOWN}, counts) one warning; {@code message} is one line. */
    synchronized void warn(String message) {
        count++;
        if (count > SHOWN) {
            return;
        }
        print(message, count == SHOWN);
    }

    private void print(String message, boolean last) {
        String line = message.lines().findFirst().orElse("").strip();
        err.println("kfrelax " + command + ": warning: " + context + line
                + (last ? " (further warnings of this run are not shown)" : ""));
        err.flush();
    }

    /** Prints one warning that is never suppressed (e.g. that the run diverged), and counts it. */
    synchronized void warnAlways(String message) {
        count++;
        print(message, false);
    }
}
