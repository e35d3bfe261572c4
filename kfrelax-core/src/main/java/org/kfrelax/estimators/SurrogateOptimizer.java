package org.kfrelax.estimators;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.state.TrainingState;

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
     * Tensors of the surrogate's graph at which this step wants the gradients of the estimator's
     * backward pass through the surrogate (the one that differentiates the surrogate's outputs
     * in θ to form ĝ), so that it need not run a backward pass of its own; called after the
     * surrogate's evaluations of a recorded estimate and before that backward pass. Empty by
     * default. An estimator that does not call it (nor {@link #pathwiseGradients}) stays correct.
     */
    default Tensor[] pathwiseTaps(Surrogate surrogate) {
        return new Tensor[0];
    }

    /**
     * The gradients at the tensors {@link #pathwiseTaps} returned (aligned; null where the
     * backward pass did not reach), from the estimator's backward pass through the surrogate.
     */
    default void pathwiseGradients(Tensor[] gradients) {}

    /**
     * One step on {@code surrogate.parameters()} from the variance gradient
     * ({@code grads} aligned with them). {@code estimate} is ĝ as a graph in φ (for optimizers
     * that differentiate it, or its {@link VarianceLoss}, again w.r.t. recorded pre-activations), or null.
     */
    void step(Surrogate surrogate, Tensor[] grads, Tensor[] estimate);

    /**
     * Writes the state that this optimizer's next steps of {@code surrogate} depend on (Adam's
     * moments, or K-FAC's factors, inverses and counters) under names starting with {@code prefix}.
     */
    void saveState(Surrogate surrogate, TrainingState state, String prefix);

    /**
     * Reads back what {@link #saveState} wrote under {@code prefix}, so that the next step of
     * {@code surrogate} is the one the saved optimizer would have taken.
     *
     * @throws IllegalArgumentException if an entry is missing or has the wrong kind or length
     */
    void loadState(Surrogate surrogate, TrainingState state, String prefix);
}
