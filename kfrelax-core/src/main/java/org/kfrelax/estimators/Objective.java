package org.kfrelax.estimators;

/**
 * A black-box function f of one sample (a Bernoulli 0/1 vector, a categorical one-hot row or a
 * continuous vector) whose expectation is optimized. Estimators only evaluate it; they never
 * differentiate it (except the relaxation-based ones, which need a {@link DifferentiableObjective}).
 */
@FunctionalInterface
public interface Objective {

    /** f(x) for one sample {@code x} (do not modify it). Must be finite. */
    double value(double[] x);
}
