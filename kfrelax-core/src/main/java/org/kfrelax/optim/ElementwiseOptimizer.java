package org.kfrelax.optim;

import java.util.ArrayList;
import java.util.List;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.state.TrainingState;

/**
 * Shared plumbing of optimizers that update each parameter element from its own gradient and
 * per-element state (SGD, Adam, RMSProp): the parameter list, the learning rate, gradient
 * checks before any update, and zero-initialized state arrays, which are also what
 * {@link #saveState} writes: {@code prefix.lr}, {@code prefix.steps} (Adam's t; 0 for the
 * others) and {@code prefix.state<k>.<i>}, the k-th state array of parameter i.
 */
abstract class ElementwiseOptimizer implements Optimizer {
    private final String name;
    private final List<Tensor> params;
    private double lr;
    private final List<double[][]> states = new ArrayList<>();

    ElementwiseOptimizer(String name, List<Tensor> params, double lr) {
        Optimizer.checkRate(lr, name);
        this.name = name;
        this.params = List.copyOf(params);
        this.lr = lr;
    }

    /** One zero array per parameter, shaped like its values (registered for {@link #saveState}). */
    final double[][] newState() {
        double[][] s = new double[params.size()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = new double[params.get(i).size()];
        }
        states.add(s);
        return s;
    }

    /** Steps taken, for optimizers whose update depends on it (Adam's t); 0 otherwise. */
    long stepCount() {
        return 0;
    }

    void restoreStepCount(long steps) {}

    @Override
    public final void saveState(TrainingState state, String prefix) {
        state.putDouble(prefix + ".lr", lr);
        state.putLongs(prefix + ".steps", stepCount());
        for (int k = 0; k < states.size(); k++) {
            for (int i = 0; i < params.size(); i++) {
                state.putDoubles(prefix + ".state" + k + "." + i, states.get(k)[i]);
            }
        }
    }

    @Override
    public final void loadState(TrainingState state, String prefix) {
        double newLr = state.getDouble(prefix + ".lr");
        Optimizer.checkRate(newLr, name);
        long steps = state.getLong(prefix + ".steps");
        if (steps < 0) {
            throw new IllegalArgumentException("training state: '" + prefix + ".steps' is negative: " + steps);
        }
        double[][][] read = new double[states.size()][params.size()][];
        for (int k = 0; k < states.size(); k++) {
            for (int i = 0; i < params.size(); i++) {
                read[k][i] = state.doubles(prefix + ".state" + k + "." + i, params.get(i).size());
            }
        }
        for (int k = 0; k < states.size(); k++) {
            for (int i = 0; i < params.size(); i++) {
                System.arraycopy(read[k][i], 0, states.get(k)[i], 0, read[k][i].length);
            }
        }
        lr = newLr;
        restoreStepCount(steps);
    }

    @Override
    public final void step(Tensor[] grads) {
        Optimizer.checkGrads(params, grads, name);
        beginStep();
        for (int i = 0; i < grads.length; i++) {
            update(i, params.get(i).data(), grads[i].data(), lr);
        }
    }

    /** Called once per step before the parameters are updated. */
    void beginStep() {}

    /** Updates parameter {@code i}'s values {@code p} in place from its gradient {@code g}. */
    abstract void update(int i, double[] p, double[] g, double lr);

    @Override
    public final List<Tensor> parameters() {
        return params;
    }

    @Override
    public final double learningRate() {
        return lr;
    }

    @Override
    public final void setLearningRate(double lr) {
        Optimizer.checkRate(lr, name);
        this.lr = lr;
    }
}
