package org.kfrelax.tensorboard;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kfrelax.experiments.ToyRun;

/**
 * The toy problem's curves in TensorBoard, with the iteration as the step: {@value #LOSS},
 * {@value #THETA} and {@value #P} of every logged row; at evaluated rows also the gradient's
 * {@value #GRAD_MEAN}, {@value #GRAD_VARIANCE}, the {@value #EXACT_GRAD}, REINFORCE's exact
 * variance {@value #REINFORCE_VARIANCE} and {@value #GRAD_Z} = (mean − exact)/SE, the standard
 * normal under unbiasedness (the columns of toy.csv).
 */
public final class ToyScalars {
    public static final String LOSS = "toy/loss";
    public static final String THETA = "toy/theta";
    public static final String P = "toy/p";
    public static final String GRAD_MEAN = "grad/mean";
    public static final String GRAD_VARIANCE = "grad/variance";
    public static final String EXACT_GRAD = "grad/exact";
    public static final String REINFORCE_VARIANCE = "grad/reinforce_variance";
    public static final String GRAD_Z = "grad/z";

    private ToyScalars() {}

    /** The scalars of one row of a run that measures with {@code samples} estimates per evaluation. */
    public static Map<String, Double> of(ToyRun.Row r, int samples) {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put(LOSS, r.loss());
        v.put(THETA, r.theta());
        v.put(P, r.p());
        if (r.evaluated()) {
            v.put(GRAD_MEAN, r.gradMean());
            v.put(GRAD_VARIANCE, r.gradVar());
            v.put(EXACT_GRAD, r.exactGrad());
            v.put(REINFORCE_VARIANCE, r.reinforceVar());
            v.put(GRAD_Z, r.z(samples));   // NaN (left out by the writer) when the variance is 0
        }
        return v;
    }
}
