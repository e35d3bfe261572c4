package org.kfrelax.cli;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Two pieces of output written at the same time, one on a new thread and one on the caller's
 * (a run's plots are drawn while its checkpoint and summary are written: {@link TrainRun}).
 */
final class Alongside {
    private Alongside() {}

    /** An action that may throw {@link IOException}. */
    @FunctionalInterface
    interface IOAction {
        /** Performs the action. */
        void run() throws IOException;
    }

    /**
     * Runs {@code background} on a new thread named {@code name} while {@code foreground} runs
     * on this one, and returns only when both have ended. A failure of {@code foreground} is
     * thrown (after {@code background} has ended; its failure, if any, added as suppressed);
     * otherwise a failure of {@code background} is thrown as it was (an {@link IOException}, an
     * unchecked exception or an error). So neither action's failure stops the other's output.
     */
    static void run(String name, IOAction background, IOAction foreground) throws IOException {
        FutureTask<Void> task = new FutureTask<>(() -> {
            background.run();
            return null;
        });
        new Thread(task, name).start();
        Throwable backgroundFailure;
        try {
            foreground.run();
        } catch (IOException | RuntimeException | Error e) {
            Throwable b = await(task);
            if (b != null) {
                e.addSuppressed(b);
            }
            throw e;
        }
        backgroundFailure = await(task);
        if (backgroundFailure instanceof IOException e) {
            throw e;
        }
        if (backgroundFailure instanceof RuntimeException e) {
            throw e;
        }
        if (backgroundFailure instanceof Error e) {
            throw e;
        }
        if (backgroundFailure != null) {
            throw new IllegalStateException(backgroundFailure);   // a checked exception IOAction cannot throw
        }
    }

    /** Waits for {@code task} to end; its failure, or null (an interrupt while waiting is kept for the caller). */
    private static Throwable await(FutureTask<?> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    task.get();
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    return e.getCause();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
