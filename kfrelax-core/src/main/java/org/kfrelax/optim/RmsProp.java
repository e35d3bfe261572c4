package org.kfrelax.optim;

import java.util.List;
import org.kfrelax.autodiff.Tensor;

/**
 * RMSProp as PyTorch's: s ← α·s + (1−α)·g²,  θ ← θ − η·g / (sqrt(s) + ε).
 */
public final class RmsProp extends ElementwiseOptimizer {
    private final double alpha;
    private final double eps;
    private final double[][] s;

    /** α = 0.99, ε = 1e-8. */
    public RmsProp(List<Tensor> params, double lr) {
        this(params, lr, 0.99, 1e-8);
    }

    public RmsProp(List<Tensor> params, double lr, double alpha, double eps) {
        super("RMSProp", params, lr);
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("RMSProp: alpha must be in [0, 1), got " + alpha);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("RMSProp: eps must be positive, got " + eps);
        }
        this.alpha = alpha;
        this.eps = eps;
        this.s = newState();
    }

    @Override
    void update(int i, double[] p, double[] g, double lr) {
        double[] si = s[i];
        for (int j = 0; j < p.length; j++) {
            si[j] = alpha * si[j] + (1 - alpha) * g[j] * g[j];
            p[j] -= lr * g[j] / (Math.sqrt(si[j]) + eps);
        }
    }
}
