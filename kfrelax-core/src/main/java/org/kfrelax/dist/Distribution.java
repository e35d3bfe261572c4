package org.kfrelax.dist;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.random.Rng;

/**
 * A distribution over vectors of {@link #dim()} values whose parameters are autodiff tensors
 * (so log-probabilities are differentiable in them, and in anything they were computed from).
 *
 * <p>Batches are matrices with one sample per row. The parameters are either one row (a
 * vector, shared by every sample of a batch) or a matrix with one row per sample; in the
 * latter case the batch size must equal the number of parameter rows.
 */
public interface Distribution {

    /** Values per sample (units for Bernoulli, classes for a one-hot categorical, dimensions for a Gaussian). */
    int dim();

    /** Number of parameter rows: 1 for vector parameters (broadcast over any batch). */
    int paramRows();

    /** {@code batch} independent samples as a constant batch×dim matrix. */
    Tensor sample(int batch, Rng rng);

    /** log p(x|θ) of each row of {@code x} (a vector of length rows), differentiable in the parameters. */
    Tensor logProb(Tensor x);

    /** The entropy summed over units: a scalar for vector parameters, else one value per parameter row. */
    Tensor entropy();

    /** Checks a batch size against the parameter rows; returns it. */
    default int checkBatch(int batch) {
        if (batch <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batch);
        }
        if (paramRows() != 1 && paramRows() != batch) {
            throw new IllegalArgumentException("batch size " + batch + " does not match the " + paramRows()
                    + " parameter rows of the distribution (use vector parameters to broadcast)");
        }
        return batch;
    }
}
