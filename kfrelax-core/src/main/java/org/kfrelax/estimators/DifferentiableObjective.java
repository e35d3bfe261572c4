package org.kfrelax.estimators;

import org.kfrelax.autodiff.Tensor;

/**
 * An objective that can also be evaluated, differentiably, on relaxed (continuous) inputs, as
 * the concrete, straight-through, and REBAR estimators require. {@link #apply} maps a batch×dim
 * matrix to the vector of per-row values with autodiff operations; {@link #value} must agree
 * with it on hard samples.
 */
public interface DifferentiableObjective extends Objective {

    /** f of every row of {@code x}, as a vector of length rows, built from differentiable tensor ops. */
    Tensor apply(Tensor x);

    @Override
    default double value(double[] x) {
        return apply(Tensor.matrix(1, x.length, x)).item();
    }

    /** Requires {@code f} to be differentiable, naming the estimator that needs it. */
    static DifferentiableObjective require(Objective f, String estimator) {
        if (f instanceof DifferentiableObjective d) {
            return d;
        }
        throw new IllegalArgumentException(estimator + " evaluates f on relaxed samples and needs a "
                + "DifferentiableObjective, got a black-box " + f.getClass().getSimpleName());
    }
}
