package org.kfrelax.nn;

import java.util.Locale;
import org.kfrelax.autodiff.Tensor;

/** Hidden-layer nonlinearities. */
public enum Activation {
    TANH, RELU, ELU, IDENTITY;

    /** Applies the nonlinearity elementwise. */
    public Tensor apply(Tensor x) {
        return switch (this) {
            case TANH -> x.tanh();
            case RELU -> x.relu();
            case ELU -> x.elu();
            case IDENTITY -> x;
        };
    }

    /** Applies the nonlinearity to one value (tanh, max(x, 0), x or e^x − 1 for x ≤ 0, x). */
    public double apply(double x) {
        return switch (this) {
            case TANH -> Math.tanh(x);
            case RELU -> Math.max(x, 0.0); // as Tensor.relu: NaN stays NaN
            case ELU -> x > 0 ? x : Math.expm1(x);
            case IDENTITY -> x;
        };
    }

    /** Parses {@code tanh}, {@code relu}, {@code elu} or {@code identity} (case-insensitive). */
    public static Activation parse(String name) {
        for (Activation a : values()) {
            if (a.name().equalsIgnoreCase(name.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of tanh, relu, elu, identity");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
