package org.kfrelax.optim;

import java.util.List;
import org.kfrelax.autodiff.Tensor;

/**
 * Stochastic gradient descent with (heavy-ball) momentum μ, as PyTorch's SGD:
 * v ← μ·v + g,  θ ← θ − η·v  (μ = 0 gives plain SGD).
 */
public final class Sgd extends ElementwiseOptimizer {
    private final double momentum;
    private final double[][] velocity;

    public Sgd(List<Tensor> params, double lr, double momentum) {
        super("SGD", params, lr);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("SGD: momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
        this.velocity = newState();
    }

    @Override
    void update(int i, double[] p, double[] g, double lr) {
        double[] v = velocity[i];
        for (int j = 0; j < p.length; j++) {
            v[j] = momentum * v[j] + g[j];
            p[j] -= lr * v[j];
        }
    }
}
