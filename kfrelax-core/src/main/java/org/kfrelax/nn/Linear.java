package org.kfrelax.nn;

import java.util.List;
import org.kfrelax.autodiff.Tensor;

/**
 * A dense layer y = x·W + b with W of shape in×out and b of length out, computed as one
 * {@link Tensor#affine} operation (which is how K-FAC finds the layer's passes in a graph).
 * Stateless apart from its parameters.
 */
public final class Linear {
    private final Tensor weight;
    private final Tensor bias;

    public Linear(Tensor weight, Tensor bias) {
        if (weight.rank() != 2 || bias.size() != weight.cols() || !weight.requiresGrad() || !bias.requiresGrad()) {
            throw new IllegalArgumentException("Linear needs a weight parameter in×out and a bias parameter of length out, got "
                    + weight.shape() + " and " + bias.shape());
        }
        this.weight = weight;
        this.bias = bias;
    }

    /** A layer with the given initial weights (row-major in×out) and zero bias. */
    public static Linear of(int in, int out, double[] weights) {
        return new Linear(Tensor.paramMatrix(in, out, weights), Tensor.param(Tensor.vector(new double[out])));
    }

    public int in() {
        return weight.rows();
    }

    public int out() {
        return weight.cols();
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    /** Weight then bias. */
    public List<Tensor> parameters() {
        return List.of(weight, bias);
    }

    /** x·W + b for a batch (rows) or a single example (vector). */
    public Tensor forward(Tensor x) {
        return Tensor.affine(x, weight, bias);
    }
}
