package org.kfrelax.rl;

import org.kfrelax.autodiff.Tensor;

/** Helpers for turning ascent directions into the loss gradients optimizers minimize. */
final class PolicyGradients {
    private PolicyGradients() {}

    /** −(g + β·gEntropy), component-wise: the gradient of the loss −(objective + β·entropy). */
    static Tensor[] lossGradient(Tensor[] g, Tensor[] gEntropy, double beta) {
        Tensor[] out = new Tensor[g.length];
        for (int i = 0; i < g.length; i++) {
            double[] a = g[i].data();
            double[] e = gEntropy[i].data();
            double[] d = new double[a.length];
            for (int j = 0; j < d.length; j++) {
                d[j] = -(a[j] + beta * e[j]);
            }
            out[i] = Nets.constantLike(g[i], d);
        }
        return out;
    }
}
