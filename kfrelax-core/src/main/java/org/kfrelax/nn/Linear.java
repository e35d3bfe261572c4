package org.kfrelax.nn;

import java.util.ArrayList;
import java.util.List;
import org.kfrelax.autodiff.Tensor;

/**
 * A dense layer y = x·W + b with W of shape in×out and b of length out.
 *
 * <p>For K-FAC, every forward pass can be recorded: while {@link #startRecording()} is on,
 * each call appends its input x and pre-activation output y, so A = E[ā āᵀ] and
 * G = E[g gᵀ] (g = ∂loss/∂y) can be computed without changing the layer. The last call is
 * always available from {@link #lastInput()} and {@link #lastOutput()}. Recording is per
 * layer object: do not share one layer between threads.
 */
public final class Linear {
    private final Tensor weight;
    private final Tensor bias;
    private Tensor lastInput;
    private Tensor lastOutput;
    private List<Tensor[]> records;

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
        Tensor y = Tensor.affine(x, weight, bias);
        lastInput = x;
        lastOutput = y;
        if (records != null) {
            records.add(new Tensor[] {x, y});
        }
        return y;
    }

    /** Input of the last forward pass. */
    public Tensor lastInput() {
        return lastInput;
    }

    /** Pre-activation output of the last forward pass. */
    public Tensor lastOutput() {
        return lastOutput;
    }

    /** Starts (or restarts, clearing old records) recording every forward pass. */
    public void startRecording() {
        records = new ArrayList<>();
    }

    /** Stops recording and returns the recorded {input, pre-activation} pairs in call order. */
    public List<Tensor[]> stopRecording() {
        List<Tensor[]> r = records == null ? List.of() : records;
        records = null;
        return r;
    }
}
