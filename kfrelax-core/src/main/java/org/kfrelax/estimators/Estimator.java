package org.kfrelax.estimators;

import java.util.List;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Distribution;
import org.kfrelax.random.Rng;

/**
 * A gradient estimator for ∇θ E_{x ~ p(x|θ)}[f(x)], where the distribution's parameters are
 * autodiff tensors computed from θ (for example {@code new Bernoulli(theta)}, or the output of
 * a network whose weights are θ) and f is a black box.
 *
 * <p>Typical loop (minimizing E[f]):
 * <pre>{@code
 * Estimate e = estimator.estimate(theta, new Bernoulli(theta[0]), f, batch, rng, true);
 * thetaOptimizer.step(e.gradient());
 * estimator.update(e);          // trains the estimator's own parameters, if any
 * }</pre>
 *
 * Estimators with their own parameters (control variates, temperatures) keep state and are
 * not thread-safe; use one per training run.
 */
public interface Estimator {

    /** The name used on the command line and in results (e.g. {@code relax}). */
    String name();

    /** False for the biased estimators (concrete, straight-through): E[ĝ] ≠ ∇θ E[f]. */
    boolean isUnbiased();

    /** The estimator's own parameters (empty if none), in the order of {@link Estimate#varianceGradient()}. */
    default List<Tensor> parameters() {
        return List.of();
    }

    /**
     * One gradient estimate averaged over {@code batch} samples.
     *
     * @param theta the parameters to differentiate with respect to (each must require a gradient)
     * @param dist the distribution, with parameters computed from {@code theta}
     * @param f the objective
     * @param batch the number of samples (≥ 1; some estimators need ≥ 2)
     * @param rng the source of all randomness of this estimate
     * @param varianceGradient whether to also compute ∂E[ĝ²]/∂ψ for the estimator's own
     *     parameters ψ (costs a second backward pass; ignored if there are none)
     */
    Estimate estimate(Tensor[] theta, Distribution dist, Objective f, int batch, Rng rng, boolean varianceGradient);

    /** Trains the estimator's own parameters from an estimate computed with {@code varianceGradient = true}; no-op by default. */
    default void update(Estimate estimate) {}
}
