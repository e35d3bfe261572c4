package org.kfrelax.estimators;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.optim.Adam;

/** Adam on all of the surrogate's parameters (MLP and temperature), the RELAX paper's choice. */
public final class AdamSurrogateOptimizer implements SurrogateOptimizer {
    private final double lr;
    private Adam adam;
    private Surrogate owner;

    /** Adam with learning rate {@code lr} (the toy problem uses 0.01). */
    public AdamSurrogateOptimizer(double lr) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("surrogate learning rate must be positive and finite, got " + lr);
        }
        this.lr = lr;
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public void step(Surrogate surrogate, Tensor[] grads, Tensor[] estimate) {
        if (adam == null || owner != surrogate) {
            adam = new Adam(surrogate.parameters(), lr);
            owner = surrogate;
        }
        adam.step(grads);
    }
}
