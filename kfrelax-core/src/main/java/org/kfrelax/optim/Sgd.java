package org.kfrelax.optim;

import java.util.List;
import org.kfrelax.autodiff.Tensor;

/**
 * Stochastic gradient descent with (heavy-ball) momentum μ, as PyTorch's SGD:
 * v ← μ·v + g,  θ ← θ − η·v  (μ = 0 gives plain SGD).
 */
public final class Sgd implements Optimizer {
    private final List<Tensor> params;
    private final double momentum;
    private final double[][] velocity;
    private double lr;

    public Sgd(List<Tensor> params, double lr, double momentum) {
        Optimizer.checkRate(lr, "SGD");
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("SGD: momentum must be in [0, 1), got " + momentum);
        }
        this.params = List.copyOf(params);
        this.lr = lr;
        this.momentum = momentum;
        this.velocity = new double[this.params.size()][];
        for (int i = 0; i < velocity.length; i++) {
            velocity[i] = new double[this.params.get(i).size()];
        }
    }

    @Override
    public void step(Tensor[] grads) {
        Optimizer.checkGrads(params, grads, "SGD");
        for (int i = 0; i < grads.length; i++) {
            double[] p = params.get(i).data();
            double[] g = grads[i].data();
            double[] v = velocity[i];
            for (int j = 0; j < p.length; j++) {
                v[j] = momentum * v[j] + g[j];
                p[j] -= lr * v[j];
            }
        }
    }

    @Override
    public List<Tensor> parameters() {
        return params;
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(double lr) {
        Optimizer.checkRate(lr, "SGD");
        this.lr = lr;
    }
}
