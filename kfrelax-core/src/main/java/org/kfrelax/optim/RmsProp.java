package org.kfrelax.optim;

import java.util.List;
import org.kfrelax.autodiff.Tensor;

/**
 * RMSProp as PyTorch's: s ← α·s + (1−α)·g²,  θ ← θ − η·g / (sqrt(s) + ε).
 */
public final class RmsProp implements Optimizer {
    private final List<Tensor> params;
    private final double alpha;
    private final double eps;
    private final double[][] s;
    private double lr;

    /** α = 0.99, ε = 1e-8. */
    public RmsProp(List<Tensor> params, double lr) {
        this(params, lr, 0.99, 1e-8);
    }

    public RmsProp(List<Tensor> params, double lr, double alpha, double eps) {
        Optimizer.checkRate(lr, "RMSProp");
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("RMSProp: alpha must be in [0, 1), got " + alpha);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("RMSProp: eps must be positive, got " + eps);
        }
        this.params = List.copyOf(params);
        this.lr = lr;
        this.alpha = alpha;
        this.eps = eps;
        this.s = new double[this.params.size()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = new double[this.params.get(i).size()];
        }
    }

    @Override
    public void step(Tensor[] grads) {
        Optimizer.checkGrads(params, grads, "RMSProp");
        for (int i = 0; i < grads.length; i++) {
            double[] p = params.get(i).data();
            double[] g = grads[i].data();
            double[] si = s[i];
            for (int j = 0; j < p.length; j++) {
                si[j] = alpha * si[j] + (1 - alpha) * g[j] * g[j];
                p[j] -= lr * g[j] / (Math.sqrt(si[j]) + eps);
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
        Optimizer.checkRate(lr, "RMSProp");
        this.lr = lr;
    }
}
