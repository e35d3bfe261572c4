package org.kfrelax.cli.sweep;

import java.io.PrintWriter;

/** The driver's side of the seam: where an engine reports results, and asks whether to stop. */
public interface TrialListener {
    /** A trial ended (any status); called once per trial run, from any thread (implementations are thread-safe). */
    void finished(TrialResult result);

    /** Whether the sweep is to stop (SIGINT/SIGTERM): start no further trial; running ones end after their episode. */
    default boolean stopRequested() {
        return false;
    }

    /**
     * Where trials that run in the driver's process print their warnings: the command's error
     * stream (by default the process's stderr, where a trial on another machine prints them too).
     */
    default PrintWriter warnings() {
        return new PrintWriter(System.err, true);
    }
}
