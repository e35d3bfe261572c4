package org.kfrelax.cli.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.kfrelax.cli.SweepTrial;

/**
 * The built-in engine ({@code --engine local}): a pool of {@link EngineSettings#threads()}
 * threads in this JVM, one trial per thread at a time, started in the order given.
 */
public final class LocalEngine implements SweepEngine {

    @Override
    public String name() {
        return "local";
    }

    @Override
    public void run(List<TrialSpec> trials, EngineSettings settings, TrialListener listener) throws Exception {
        if (settings.master() != null) {
            throw new IllegalArgumentException("--master " + settings.master() + " is for cluster engines; the local"
                    + " engine runs on this machine (--threads N)");
        }
        if (!settings.conf().isEmpty()) {
            throw new IllegalArgumentException("the local engine takes no --engine-conf, got " + settings.conf().keySet());
        }
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (TrialSpec t : trials) {
                futures.add(pool.submit(() -> {
                    if (!listener.stopRequested()) {
                        listener.finished(SweepTrial.run(t, listener::stopRequested, listener.warnings()));
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof Exception ex) {
                        throw ex;
                    }
                    if (c instanceof Error err) {
                        throw err;   // e.g. OutOfMemoryError: one line at the command level
                    }
                    throw new IllegalStateException(c);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
