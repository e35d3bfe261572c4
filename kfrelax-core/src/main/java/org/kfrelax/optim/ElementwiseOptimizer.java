package org.kfrelax.optim;

import java.util.List;
import org.kfrelax.autodiff.Tensor;

/**
 * Shared plumbing of optimizers that update each parameter element from its own gradient and
 * per-element state (SGD, Adam, RMSProp): the parameter list, the learning rate, gradient
 * checks before any update, and zero-initialized state arrays.
 */
abstract class ElementwiseOptimizer implements Optimizer {
    private final String name;
    private final List<Tensor> params;
    private double lr;

    ElementwiseOptimizer(String name, List<Tensor> params, double lr) {
        Optimizer.checkRate(lr, name);
        this.name = name;
        this.params = List.copyOf(params);
        this.lr = lr;
    }

    /** One zero array per parameter, shaped like its values. */
    final double[][] newState() {
        double[][] s = new double[params.size()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = new double[params.get(i).size()];
        }
        return s;
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
