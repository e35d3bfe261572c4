package org.kfrelax.optim;

import java.util.List;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.state.Stateful;

/**
 * Updates a fixed list of parameters in place from their gradients. Implementations keep
 * per-parameter state (moments), which they save and restore as {@link Stateful} for resumed
 * runs, and are not thread-safe.
 */
public interface Optimizer extends Stateful {

    /** The parameters this optimizer updates, in the order {@link #step} expects gradients. */
    List<Tensor> parameters();

    /**
     * One update. {@code grads[i]} is the gradient of the loss to minimize w.r.t. parameter i.
     *
     * @throws NonFiniteException if a gradient holds NaN or Inf (no parameter is changed)
     */
    void step(Tensor[] grads);

    double learningRate();

    void setLearningRate(double lr);

    /** Checks shapes and finiteness before any parameter is touched. */
    static void checkGrads(List<Tensor> params, Tensor[] grads, String who) {
        if (grads.length != params.size()) {
            throw new IllegalArgumentException(who + ": " + grads.length + " gradients for " + params.size() + " parameters");
        }
        for (int i = 0; i < grads.length; i++) {
            if (grads[i].size() != params.get(i).size()) {
                throw new IllegalArgumentException(who + ": gradient " + i + " has shape " + grads[i].shape()
                        + " but the parameter has shape " + params.get(i).shape());
            }
            if (!grads[i].isFinite()) {
                throw new NonFiniteException(who + ": gradient of parameter " + i + " " + params.get(i).shape()
                        + " contains NaN or Inf; no parameter was changed");
            }
        }
    }

    static void checkRate(double lr, String who) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException(who + ": learning rate must be positive and finite, got " + lr);
        }
    }
}
