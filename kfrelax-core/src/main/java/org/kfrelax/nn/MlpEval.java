package org.kfrelax.nn;

import java.util.List;

/**
 * Evaluates an {@link Mlp} on one input with plain arrays, recording no graph: the fast path
 * for acting during rollouts. Reads the current parameter values on every call, so it always
 * agrees with {@link Mlp#forward} up to rounding.
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
            for (int j = 0; j < out; j++) {
                double s = 0;
                for (int k = 0; k < in; k++) {
                    s += h[k] * w[k * out + j];
                }
                y[j] = s + b[j];
            }
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
