package org.kfrelax.cli;

import java.util.ArrayList;
import java.util.List;
import org.kfrelax.rl.EpisodeStats;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * When a run should end early: after the episode during which SIGINT or SIGTERM arrived (the
 * run then writes a resumable checkpoint and a summary marked interrupted, and the command
 * exits 128 + the signal's number: 130, 143). {@link #afterEpisodes} ends a run the same way
 * at a given episode, which is how the resume tests interrupt runs. A second signal of either
 * kind ends the process at once (exit 128 + its number), for an episode that takes too long.
 */
class StopRequest {
    /** Signal numbers (POSIX). */
    static final int SIGINT = 2;
    static final int SIGTERM = 15;

    private volatile int signal;

    /** Whether the run should stop after the episode {@code s} just finished. */
    boolean stopAfter(EpisodeStats s) {
        return signal != 0;
    }

    /** Asks the run to stop after its current episode, as signal {@code number} does. */
    final void request(int number) {
        if (signal == 0) {
            signal = number;
        }
    }

    /** The signal that asked for the stop (0: none, or {@link #afterEpisodes}). */
    final int signal() {
        return signal;
    }

    /** The exit code of a stopped command: 128 + the signal's number (130 without a signal). */
    final int exitCode() {
        return 128 + (signal == 0 ? SIGINT : signal);
    }

    /** A request that stops a run after episode {@code n} (counted over the whole run), as SIGINT would. */
    static StopRequest afterEpisodes(long n) {
        return new StopRequest() {
            @Override
            boolean stopAfter(EpisodeStats s) {
                return s.episode() >= n || super.stopAfter(s);
            }
        };
    }

    /**
     * Routes SIGINT and SIGTERM to this request until the returned handle is closed (which puts
     * the previous handlers back). Where the JVM does not let a program handle a signal
     * (e.g. {@code -Xrs}), that signal keeps its default action.
     */
    final AutoCloseable onSignals() {
        List<Signal> signals = new ArrayList<>();
        List<SignalHandler> previous = new ArrayList<>();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal sig = new Signal(name);
            try {
                previous.add(Signal.handle(sig, s -> {
                    if (signal != 0) {
                        Runtime.getRuntime().halt(128 + s.getNumber());
                    }
                    request(s.getNumber());
                }));
                signals.add(sig);
            } catch (IllegalArgumentException e) {
                // the JVM reserves this signal here: it keeps its default action
            }
        }
        return () -> {
            for (int i = 0; i < signals.size(); i++) {
                Signal.handle(signals.get(i), previous.get(i));
            }
        };
    }
}
