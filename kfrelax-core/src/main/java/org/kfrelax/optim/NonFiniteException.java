package org.kfrelax.optim;

/** Numerical trouble (NaN, Inf, a failed decomposition) detected before it reached the parameters. */
public class NonFiniteException extends IllegalStateException {
    public NonFiniteException(String message) {
        super(message);
    }
}
