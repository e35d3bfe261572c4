package org.kfrelax.cli.sweep;

import java.util.List;

/**
 * Runs a sweep's trials: {@code kfrelax sweep --engine NAME} picks the engine whose
 * {@link #name()} is NAME among those {@link java.util.ServiceLoader} finds
 * ({@link Engines#find}). An implementation has a public no-argument constructor and is listed
 * in {@code META-INF/services/org.kfrelax.cli.sweep.SweepEngine} of its jar.
 *
 * <p>Contract: run every trial with {@link org.kfrelax.cli.SweepTrial#run(TrialSpec)} (or its
 * overloads with a stop check and, for trials in the driver's process, the warnings stream
 * {@link TrialListener#warnings()}), each on one thread, and pass each result to
 * {@link TrialListener#finished} exactly once, as soon as the driver can have it (the driver
 * stores each result when it arrives, so a killed sweep loses only the trials in flight). The
 * engine writes nothing itself: the trials write their run directories, the driver the store.
 * Once {@link TrialListener#stopRequested()} is true, start no further trial (those not run are
 * simply not reported; a resumed sweep runs them). Trials may run in any order and on any
 * machine that sees their run directories.
 */
public interface SweepEngine {
    /** The engine's name for {@code --engine}, e.g. {@code local}, {@code spark}. */
    String name();

    /**
     * Runs {@code trials} and reports each result to {@code listener}; returns when all are
     * reported or, after a stop request, when the running ones are.
     *
     * @throws Exception if the engine itself fails (e.g. a cluster cannot be reached); a trial's
     *     own failure is a {@link TrialResult.Status#FAILED} result, not an exception
     */
    void run(List<TrialSpec> trials, EngineSettings settings, TrialListener listener) throws Exception;
}
