package org.kfrelax.nn;

import java.util.List;
import org.kfrelax.linalg.Dense;

/**
 * Evaluates an {@link Mlp} on one input or a batch with plain arrays, recording no graph: the
 * fast path for acting during rollouts and for a trust region's KL checks. Reads the current parameter values on every call; each layer is
 * b + h·W by {@link Dense} (one input through a narrow layer: the same fma chains in a loop of
 * its own), the arithmetic of {@link Mlp#forward}, so the two agree bit for bit.
 * Not thread-safe (it owns scratch buffers).
 */
public final class MlpEval {
    private final List<Linear> layers;
    private final Activation activation;
    private final double[][] buffers;
    private final double[][] batchBuffers;

    public MlpEval(Mlp mlp) {
        this.layers = mlp.layers();
        this.activation = mlp.activation();
        this.buffers = new double[layers.size()][];
        this.batchBuffers = new double[layers.size()][];
        for (int i = 0; i < layers.size(); i++) {
            buffers[i] = new double[layers.get(i).out()];
            batchBuffers[i] = new double[0];
        }
    }

    /** The network's output for input {@code x}; the returned array is reused by the next call. */
    public double[] forward(double[] x) {
        return forward(x, 1, buffers);
    }

    /**
     * The network's outputs for the {@code rows} inputs of {@code x} (row-major, rows × in), as a
     * rows × out row-major array that the next call of this method reuses (it may be longer than
     * rows × out). Each row is bit-identical to {@link #forward(double[])} of that row alone:
     * {@link Dense} computes every element by the same chain whatever the number of rows.
     */
    public double[] forward(double[] x, int rows) {
        return forward(x, rows, batchBuffers);
    }

    private double[] forward(double[] x, int rows, double[][] bufs) {
        double[] h = x;
        int last = layers.size() - 1;
        for (int l = 0; l <= last; l++) {
            Linear layer = layers.get(l);
            double[] w = layer.weight().data();
            double[] b = layer.bias().data();
            int in = layer.in();
            int out = layer.out();
            if (bufs[l].length < rows * out) {
                bufs[l] = new double[Math.max(rows, 2 * bufs[l].length / out) * out];   // only the batch buffers grow
            }
            double[] y = bufs[l];
            if (rows == 1 && out < Dense.AUTO_MIN_COLUMNS) {
                row(h, w, b, in, out, y);
            } else {
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(b, 0, y, r * out, out);
                }
                Dense.addMul(h, w, y, rows, in, out);   // y = b + h·W, as Mlp.forward's affine computes it
            }
            if (l < last) {
                for (int j = 0; j < rows * out; j++) {
                    y[j] = activation.apply(y[j]);
                }
            }
            h = y;
        }
        return h;
    }

    /**
     * y = b + h·W for one input h (in) and W in×out: each y_j the chain fma(h_k, W_kj, ·) over k in
     * increasing order from b_j, which is how {@link Dense} computes every element, so the bits
     * are the same. A rollout evaluates the policy once per environment step, on one row; for
     * layers narrower than {@link Dense#AUTO_MIN_COLUMNS} (which Dense runs in plain Java in its
     * default mode) this loop spares those small products Dense's checks, dispatch and work count (so
     * {@link Dense#multiplyAdds} does not count them).
     */
    private static void row(double[] h, double[] w, double[] b, int in, int out, double[] y) {
        for (int j = 0; j < out; j++) {
            double s = b[j];
            for (int k = 0, kj = j; k < in; k++, kj += out) {
                s = Math.fma(h[k], w[kj], s);
            }
            y[j] = s;
        }
    }
}
