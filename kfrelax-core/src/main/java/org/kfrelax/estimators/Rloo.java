package org.kfrelax.estimators;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Distribution;
import org.kfrelax.random.Rng;

/**
 * REINFORCE leave-one-out (Kool et al. 2019; Salimans and Knowles 2014) for a batch of B ≥ 2
 * independent samples: each sample's baseline is the mean of f over the others,
 * ĝ = (1/B) Σ_i [f(x_i) − (1/(B−1)) Σ_{j≠i} f(x_j)] ∇θ log p(x_i|θ). Unbiased.
 */
public final class Rloo implements Estimator {

    @Override
    public String name() {
        return "rloo";
    }

    @Override
    public boolean isUnbiased() {
        return true;
    }

    @Override
    public Estimate estimate(Tensor[] theta, Distribution dist, Objective f, int batch, Rng rng, boolean varianceGradient) {
        Support.checkTheta(theta);
        if (batch < 2) {
            throw new IllegalArgumentException("rloo needs a batch of at least 2 samples, got " + batch);
        }
        if (dist.paramRows() != 1) {
            throw new IllegalArgumentException("rloo needs samples from one distribution (vector parameters), got "
                    + dist.paramRows() + " parameter rows");
        }
        Tensor x = dist.sample(batch, rng);
        double[] fx = Support.values(f, x);
        double total = 0;
        for (double v : fx) {
            total += v;
        }
        double[] w = new double[fx.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = fx[i] - (total - fx[i]) / (batch - 1);
        }
        return Support.scoreFunction(w, dist, x, theta, total / batch);
    }
}
