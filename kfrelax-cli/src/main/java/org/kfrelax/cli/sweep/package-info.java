/**
 * The seam between {@code kfrelax sweep} and the engines that run its trials.
 *
 * <p>The driver ({@code kfrelax sweep}) resolves every trial to a {@link org.kfrelax.cli.sweep.TrialSpec}
 * (environment, algorithm, seed, the full hyperparameter config, budget, run directory) and
 * hands the list to a {@link org.kfrelax.cli.sweep.SweepEngine}, found by name with
 * {@link java.util.ServiceLoader} ({@link org.kfrelax.cli.sweep.Engines}). The engine runs each
 * trial with the plain static function {@link org.kfrelax.cli.SweepTrial#run(TrialSpec)} (a
 * {@code train} run into the trial's directory: single-threaded, seeded, no shared mutable
 * state, so every engine gives the same results) and reports each
 * {@link org.kfrelax.cli.sweep.TrialResult} to the driver's {@link org.kfrelax.cli.sweep.TrialListener}.
 * The driver alone writes the trial store. {@link org.kfrelax.cli.sweep.LocalEngine} (threads)
 * is built in; others (Spark) live in optional modules and register themselves in
 * {@code META-INF/services/org.kfrelax.cli.sweep.SweepEngine}.
 */
package org.kfrelax.cli.sweep;
