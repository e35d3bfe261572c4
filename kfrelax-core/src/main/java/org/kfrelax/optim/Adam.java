package org.kfrelax.optim;

import java.util.List;
import org.kfrelax.autodiff.Tensor;

/**
 * Adam (Kingma and Ba 2015) with bias correction:
 * m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,
 * θ ← θ − η · (m / (1−β1ᵗ)) / (sqrt(v / (1−β2ᵗ)) + ε).
 */
public final class Adam extends ElementwiseOptimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double[][] m;
    private final double[][] v;
    private long t;
    private double c1;
    private double c2;

    /** Adam with β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    public Adam(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8);
    }

    public Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps) {
        super("Adam", params, lr);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam: betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("Adam: eps must be positive, got " + eps);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.m = newState();
        this.v = newState();
    }

    @Override
    void beginStep() {
        t++;
        c1 = 1.0 - Math.pow(beta1, t);
        c2 = 1.0 - Math.pow(beta2, t);
    }

    @Override
    void update(int i, double[] p, double[] g, double lr) {
        double[] mi = m[i];
        double[] vi = v[i];
        for (int j = 0; j < p.length; j++) {
            mi[j] = beta1 * mi[j] + (1 - beta1) * g[j];
            vi[j] = beta2 * vi[j] + (1 - beta2) * g[j] * g[j];
            p[j] -= lr * (mi[j] / c1) / (Math.sqrt(vi[j] / c2) + eps);
        }
    }

    @Override
    long stepCount() {
        return t;
    }

    @Override
    void restoreStepCount(long steps) {
        t = steps;
    }

    /** Number of steps taken. */
    public long steps() {
        return t;
    }
}
