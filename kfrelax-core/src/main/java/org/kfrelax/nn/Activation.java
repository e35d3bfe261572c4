package org.kfrelax.nn;

import java.util.Locale;
import org.kfrelax.autodiff.Tensor;

/**
 * Hidden-layer nonlinearities. {@code LEAKY_RELU} is x for x &gt; 0 and 0.3x otherwise: the slope of
 * Keras's {@code LeakyReLU} default (alpha = 0.3), which the discrete-VAE benchmark's nonlinear model
 * uses (google-research/disarm, experiment_launcher_singlelayer.py).
 */
public enum Activation {
    TANH, RELU, ELU, IDENTITY, LEAKY_RELU;

    /** The negative-side slope of {@link #LEAKY_RELU}. */
    public static final double LEAKY_SLOPE = 0.3;

    /** Applies the nonlinearity elementwise. */
    public Tensor apply(Tensor x) {
        return switch (this) {
            case TANH -> x.tanh();
            case RELU -> x.relu();
            case ELU -> x.elu();
            case IDENTITY -> x;
            case LEAKY_RELU -> x.where(x.heaviside(), x.mul(LEAKY_SLOPE));
        };
    }

    /** Applies the nonlinearity to one value (tanh, max(x, 0), x or e^x − 1 for x ≤ 0, x, x or 0.3x for x ≤ 0). */
    public double apply(double x) {
        return switch (this) {
            case TANH -> Math.tanh(x);
            case RELU -> Math.max(x, 0.0); // as Tensor.relu: NaN stays NaN
            case ELU -> x > 0 ? x : Math.expm1(x);
            case IDENTITY -> x;
            case LEAKY_RELU -> x > 0 ? x : LEAKY_SLOPE * x;
        };
    }

    /** Parses {@code tanh}, {@code relu}, {@code elu}, {@code identity} or {@code leaky-relu} (case-insensitive). */
    public static Activation parse(String name) {
        for (Activation a : values()) {
            if (a.toString().equalsIgnoreCase(name.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name
                + "'; expected one of tanh, relu, elu, identity, leaky-relu");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
