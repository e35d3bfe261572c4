package org.kfrelax.estimators;

import org.kfrelax.autodiff.Tensor;

/**
 * How a surrogate-based estimator (RELAX, LAX, discrete LAX) updates its control variate from
 * the variance gradient: {@link AdamSurrogateOptimizer} (plain gradient steps) or
 * {@link KfacSurrogateOptimizer} (KF-RELAX / KF-LAX).
 */
public interface SurrogateOptimizer {

    /** A short name for results ({@code adam}, {@code kfac}). */
    String name();

    /**
     * Called before the forward passes of an estimate that will be used for a step, so
     * curvature-based optimizers can record the surrogate's layer inputs and pre-activations.
     */
    default void beginRecording(Surrogate surrogate) {}

    /** Whether {@link #step} reads the surrogate's forward passes recorded since {@link #beginRecording}. */
    default boolean recordsForwardPasses() {
        return false;
    }

    /** Whether {@link #step} differentiates the estimate's graph again (so it must be built by autodiff). */
    default boolean needsEstimateGraph() {
        return false;
    }

    /**
     * One step on {@code surrogate.parameters()} from the variance gradient
     * ({@code grads} aligned with them). {@code estimate} is ĝ as a graph in φ (for optimizers
     * that differentiate it, or its {@link VarianceLoss}, again w.r.t. recorded pre-activations), or null.
     */
    void step(Surrogate surrogate, Tensor[] grads, Tensor[] estimate);
}
