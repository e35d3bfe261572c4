package org.kfrelax.nn;

import java.util.List;
import org.kfrelax.linalg.Dense;

/**
 * Evaluates an {@link Mlp} on one input with plain arrays, recording no graph: the fast path
 * for acting during rollouts. Reads the current parameter values on every call; each layer is
 * b + h·W by {@link Dense}, the arithmetic of {@link Mlp#forward}, so the two agree bit for bit.
 * Not thread-safe (it owns scratch buffers).
 */
public final class MlpEval {
    private final List<Linear> layers;
    private final Activation activation;
    private final double[][] buffers;

    public MlpEval(Mlp mlp) {
        this.layers = mlp.layers();
        this.activation = mlp.activation();
        this.buffers = new double[layers.size()][];
        for (int i = 0; i < layers.size(); i++) {
            buffers[i] = new double[layers.get(i).out()];
        }
    }

    /** The network's output for input {@code x}; the returned array is reused by the next call. */
    public double[] forward(double[] x) {
        double[] h = x;
        int last = layers.size() - 1;
        for (int l = 0; l <= last; l++) {
            Linear layer = layers.get(l);
            double[] w = layer.weight().data();
            double[] b = layer.bias().data();
            int in = layer.in();
            int out = layer.out();
            double[] y = buffers[l];
            System.arraycopy(b, 0, y, 0, out);
            Dense.addMul(h, w, y, 1, in, out);   // y = b + h·W, as Mlp.forward's affine computes it
            if (l < last) {
                for (int j = 0; j < out; j++) {
                    y[j] = activation.apply(y[j]);
                }
            }
            h = y;
        }
        return h;
    }
}
