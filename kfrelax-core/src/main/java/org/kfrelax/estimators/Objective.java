package org.kfrelax.estimators;

import org.kfrelax.autodiff.Tensor;

/**
 * A black-box function f of one sample (a Bernoulli 0/1 vector, a categorical one-hot row or a
 * continuous vector) whose expectation is optimized. Estimators only evaluate it; they never
 * differentiate it (except the relaxation-based ones, which need a {@link DifferentiableObjective}).
 */
@FunctionalInterface
public interface Objective {

    /** f(x) for one sample {@code x} (do not modify it). Must be finite. */
    double value(double[] x);

    /**
     * f of every row of a constant batch×dim matrix {@code x}, one value per row. By default
     * {@link #value} of each row; an objective whose value depends on the row (a data point's term
     * of a minibatch objective: row i of a sample paired with the distribution's parameter row i)
     * overrides this, and the estimators evaluate f only through it.
     */
    default double[] values(Tensor x) {
        int cols = x.cols();
        double[] d = x.data();
        double[] out = new double[x.rows()];
        for (int i = 0; i < out.length; i++) {
            out[i] = value(java.util.Arrays.copyOfRange(d, i * cols, (i + 1) * cols));
        }
        return out;
    }
}
