package org.kfrelax.estimators;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.optim.Adam;
import org.kfrelax.state.TrainingState;

/**
 * Adam on all of the surrogate's parameters (MLP and temperature), the RELAX paper's choice.
 * Its state is Adam's, once the first step has created it.
 */
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

    /** Writes {@code prefix.started} and, after the first step, Adam's state under {@code prefix.adam}. */
    @Override
    public void saveState(Surrogate surrogate, TrainingState state, String prefix) {
        state.putBoolean(prefix + ".started", adam != null);
        if (adam != null) {
            adam.saveState(state, prefix + ".adam");
        }
    }

    /** Reads back what {@link #saveState} wrote; an Adam that had started is restored for {@code surrogate}. */
    @Override
    public void loadState(Surrogate surrogate, TrainingState state, String prefix) {
        if (state.getBoolean(prefix + ".started")) {
            Adam a = new Adam(surrogate.parameters(), lr);
            a.loadState(state, prefix + ".adam");
            adam = a;
            owner = surrogate;
        } else {
            adam = null;
            owner = null;
        }
    }
}
