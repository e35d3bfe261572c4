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

    /** Whether {@link #step} needs the estimate's autodiff graph (recorded layers or the variance loss). */
    default boolean needsGraph() {
        return false;
    }

    /**
     * One step on {@code surrogate.parameters()} from the variance gradient
     * ({@code grads} aligned with them). {@code varianceLoss} is Σ_j ĝ_j² as a graph (for
     * optimizers that differentiate it again w.r.t. recorded pre-activations), or null.
     */
    void step(Surrogate surrogate, Tensor[] grads, Tensor varianceLoss);
}
