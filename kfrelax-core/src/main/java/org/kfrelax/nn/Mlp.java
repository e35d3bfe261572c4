package org.kfrelax.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.random.Rng;

/**
 * A multilayer perceptron: Linear layers with an activation between them and a linear output.
 * {@code sizes = [in, h1, ..., out]}.
 */
public final class Mlp {
    private final List<Linear> layers;
    private final Activation activation;

    public Mlp(List<Linear> layers, Activation activation) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("an Mlp needs at least one layer");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).in() != layers.get(i - 1).out()) {
                throw new IllegalArgumentException("layer " + i + " takes " + layers.get(i).in()
                        + " inputs but layer " + (i - 1) + " gives " + layers.get(i - 1).out());
            }
        }
        this.layers = List.copyOf(layers);
        this.activation = activation;
    }

    /** How hidden and output weights are initialized. */
    public enum InitScheme { ORTHOGONAL, XAVIER, ZEROS }

    /**
     * Builds an MLP with the given sizes. Hidden layers get the scheme with {@code gain};
     * the output layer gets the scheme with {@code outputGain}; biases start at zero.
     */
    public static Mlp create(int[] sizes, Activation activation, InitScheme scheme, double gain, double outputGain, Rng rng) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("Mlp sizes need at least input and output, got " + sizes.length + " entries");
        }
        List<Linear> ls = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            int in = sizes[i];
            int out = sizes[i + 1];
            if (in <= 0 || out <= 0) {
                throw new IllegalArgumentException("Mlp layer sizes must be positive, got " + in + " -> " + out);
            }
            double g = i + 2 == sizes.length ? outputGain : gain;
            double[] w = switch (scheme) {
                case ORTHOGONAL -> Init.orthogonal(in, out, g, rng);
                case XAVIER -> Init.xavierUniform(in, out, g, rng);
                case ZEROS -> Init.zeros(in, out);
            };
            ls.add(Linear.of(in, out, w));
        }
        return new Mlp(ls, activation);
    }

    /** Xavier-initialized MLP (gain 1), a common default. */
    public static Mlp create(int[] sizes, Activation activation, Rng rng) {
        return create(sizes, activation, InitScheme.XAVIER, 1.0, 1.0, rng);
    }

    public Tensor forward(Tensor x) {
        Tensor h = x;
        int last = layers.size() - 1;
        for (int i = 0; i <= last; i++) {
            h = layers.get(i).forward(h);
            if (i < last) {
                h = activation.apply(h);
            }
        }
        return h;
    }

    public List<Linear> layers() {
        return layers;
    }

    public Activation activation() {
        return activation;
    }

    public int inputSize() {
        return layers.get(0).in();
    }

    public int outputSize() {
        return layers.get(layers.size() - 1).out();
    }

    /** All parameters, layer by layer (weight, bias). */
    public List<Tensor> parameters() {
        List<Tensor> ps = new ArrayList<>();
        for (Linear l : layers) {
            ps.addAll(l.parameters());
        }
        return Collections.unmodifiableList(ps);
    }
}
