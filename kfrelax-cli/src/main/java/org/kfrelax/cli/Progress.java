package org.kfrelax.cli;

import java.io.Closeable;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Reports the progress of a long command on stderr, with a free message (e.g. the running
 * mean return). Thread-safe; close it when done (try-with-resources).
 *
 * <p>{@link #start} picks the form: on an interactive terminal ({@code System.console() != null}
 * and no {@code CI} environment variable) a progress bar (me.tongfei progressbar); otherwise
 * plain log lines on stderr such as {@code train: 420/1000 episodes (42%) 12.3 s mean return 103.2},
 * at most one every 10 s plus one per 10% of the total, and a final line on close. The
 * environment variable {@code KFRELAX_PROGRESS} = {@code bar}, {@code plain} or {@code off}
 * overrides the choice (the system property {@code kfrelax.progress} overrides both, e.g. to
 * silence commands run from tests). Progress output never goes to stdout and never into results.
 */
public abstract class Progress implements Closeable {

    /** Default minimum time between plain log lines. */
    public static final long PLAIN_INTERVAL_MILLIS = 10_000;

    Progress() {}

    /**
     * Starts a reporter chosen for the current environment.
     *
     * @param task short name shown first (e.g. the command name)
     * @param total the amount of work, or 0 if unknown
     * @param unit the unit of work, plural (e.g. "episodes", "iterations")
     */
    public static Progress start(String task, long total, String unit) {
        String mode = System.getProperty("kfrelax.progress", System.getenv("KFRELAX_PROGRESS"));
        if (mode == null) {
            mode = System.console() != null && System.getenv("CI") == null ? "bar" : "plain";
        }
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "off":
                return silent();
            case "bar":
                return bar(task, total, unit, System.err);
            default:
                return plain(task, total, unit, System.err, PLAIN_INTERVAL_MILLIS, System::nanoTime);
        }
    }

    /** A reporter writing plain lines to {@code err} (at most one per {@code intervalMillis}, plus one per 10%). */
    public static Progress plain(String task, long total, String unit, PrintStream err, long intervalMillis,
            LongSupplier nanoClock) {
        return new Plain(task, total, unit, err, intervalMillis, nanoClock);
    }

    /** A terminal progress bar drawn on {@code err}, cut to the terminal's width. */
    static Progress bar(String task, long total, String unit, PrintStream err) {
        return new Bar(task, total, unit, new ConsoleProgressBarConsumer(err));
    }

    /**
     * A progress bar cut to {@code width} characters (the terminal's width is not known without
     * a terminal; the library then cuts at 80, which the elapsed time and speed can exceed).
     */
    static Progress bar(String task, long total, String unit, PrintStream err, int width) {
        return new Bar(task, total, unit, new ConsoleProgressBarConsumer(err, width));
    }

    /** A reporter that prints nothing. */
    public static Progress silent() {
        return new Silent();
    }

    /** Sets the amount of work done so far (absolute). */
    public abstract void stepTo(long done);

    /** Adds one unit of work. */
    public abstract void step();

    /**
     * Restarts the clock (and the count) at zero: called where the measured work starts (train:
     * right before learning), so the elapsed time shown agrees with the run's wall_seconds.
     */
    public abstract void restartClock();

    /** Sets the free message shown after the counts (e.g. {@code "mean return 103.2"}). */
    public abstract void message(String message);

    /**
     * Sets the free message, built only when it is shown: a per-episode message costs nothing
     * when the report is silent or prints no line (formatting it on every episode of a long run
     * made the JIT compile the JDK's {@code Formatter}).
     */
    public abstract void message(Supplier<String> message);

    /** Ends the report (prints the final state). Idempotent. */
    @Override
    public abstract void close();

    /** The terminal progress bar. */
    private static final class Bar extends Progress {
        private final ProgressBar bar;
        private long done;
        private long lastMessageNanos = System.nanoTime() - 1_000_000_000L;
        /** The latest message, when it came too soon after the last one built; shown at close. */
        private Supplier<String> pending;
        private boolean closed;

        Bar(String task, long total, String unit, ConsoleProgressBarConsumer consumer) {
            bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(total > 0 ? total : -1)
                    .setUnit(" " + unit, 1)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(200)
                    .setConsumer(consumer)
                    .showSpeed()
                    .build();
        }

        @Override
        public synchronized void stepTo(long d) {
            done = d;
            bar.stepTo(bar.getMax() > 0 ? Math.min(d, bar.getMax()) : d);
        }

        @Override
        public synchronized void restartClock() {
            done = 0;
            bar.reset();
        }

        @Override
        public synchronized void step() {
            stepTo(done + 1);
        }

        @Override
        public synchronized void message(String message) {
            pending = null;
            bar.setExtraMessage(message == null || message.isEmpty() ? "" : " " + message);
        }

        @Override
        public synchronized void message(Supplier<String> message) {
            // the bar redraws every 200 ms: build the message no more often than that
            long now = System.nanoTime();
            if (now - lastMessageNanos >= 200_000_000L) {
                lastMessageNanos = now;
                message(message.get());
            } else {
                pending = message;
            }
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                if (pending != null) {
                    message(pending.get());   // the final line shows the last message, not an older one
                }
                bar.close();
            }
        }
    }

    /** Plain log lines, for logs and CI. */
    private static final class Plain extends Progress {
        private final String task;
        private final long total;
        private final String unit;
        private final PrintStream err;
        private final long intervalNanos;
        private final LongSupplier clock;
        private long startNanos;
        private long lastPrintNanos;
        private long lastDecile;
        private long done;
        private Supplier<String> message = () -> "";
        private boolean closed;

        Plain(String task, long total, String unit, PrintStream err, long intervalMillis, LongSupplier clock) {
            this.task = task;
            this.total = total;
            this.unit = unit;
            this.err = err;
            this.intervalNanos = intervalMillis * 1_000_000L;
            this.clock = clock;
            this.startNanos = clock.getAsLong();
            this.lastPrintNanos = startNanos;
        }

        @Override
        public synchronized void restartClock() {
            done = 0;
            startNanos = clock.getAsLong();
            lastPrintNanos = startNanos;
            lastDecile = 0;
        }

        @Override
        public synchronized void stepTo(long d) {
            // a step budget is checked between episodes, so the last episode can end past it:
            // the count shown stops at the total (never 102 %)
            done = total > 0 ? Math.min(d, total) : d;
            long now = clock.getAsLong();
            long decile = total > 0 ? Math.min(10, done * 10 / total) : 0;
            boolean newDecile = decile > lastDecile && done < total;
            if (newDecile || now - lastPrintNanos >= intervalNanos) {
                lastDecile = Math.max(lastDecile, decile);
                print(now);
            }
        }

        @Override
        public synchronized void step() {
            stepTo(done + 1);
        }

        @Override
        public synchronized void message(String m) {
            String text = m == null ? "" : m;
            message = () -> text;
        }

        @Override
        public synchronized void message(Supplier<String> m) {
            message = m;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                print(clock.getAsLong());
            }
        }

        private void print(long now) {
            lastPrintNanos = now;
            StringBuilder sb = new StringBuilder(task).append(": ").append(done);
            if (total > 0) {
                sb.append('/').append(total).append(' ').append(unit)
                        .append(String.format(Locale.ROOT, " (%d%%)", done * 100 / total));
            } else {
                sb.append(' ').append(unit);
            }
            sb.append(String.format(Locale.ROOT, " %.1f s", (now - startNanos) / 1e9));
            String m = message.get();
            if (m != null && !m.isEmpty()) {
                sb.append(' ').append(m);
            }
            err.println(sb);
        }
    }

    /** No output. */
    private static final class Silent extends Progress {
        @Override
        public void stepTo(long done) {}

        @Override
        public void step() {}

        @Override
        public void restartClock() {}

        @Override
        public void message(String message) {}

        @Override
        public void message(Supplier<String> message) {}

        @Override
        public void close() {}
    }
}
