package org.kfrelax.estimators;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Distribution;
import org.kfrelax.random.Rng;

/**
 * REINFORCE leave-one-out (Kool et al. 2019; Salimans and Knowles 2014) for a batch of B ≥ 2
 * independent samples: each sample's baseline is the mean of f over the others,
 * ĝ = (1/B) Σ_i [f(x_i) − (1/(B−1)) Σ_{j≠i} f(x_j)] ∇θ log p(x_i|θ). Unbiased.
 *
 * <p>For a distribution with R parameter rows (one per data point of a minibatch, e.g. a VAE's
 * encoder), the batch is k·R samples, k ≥ 2 per row: k independent draws x_{s,i}, s = 1..k, of
 * every row i, each row's baselines taken over its own draws,
 * ĝ = (1/(kR)) Σ_i Σ_s [f(x_{s,i}) − (1/(k−1)) Σ_{t≠s} f(x_{t,i})] ∇θ log p(x_{s,i}|θ_i)
 * (k = 2 is the DisARM paper's "REINFORCE LOO" on the discrete VAE).
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
            return perRow(theta, dist, f, batch, rng);
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

    /** k = batch / R draws of each of the R parameter rows, leave-one-out within each row. */
    private static Estimate perRow(Tensor[] theta, Distribution dist, Objective f, int batch, Rng rng) {
        int r = dist.paramRows();
        if (batch % r != 0 || batch / r < 2) {
            throw new IllegalArgumentException("rloo on a distribution with " + r + " parameter rows needs a batch of k·" + r
                    + " samples (k >= 2 draws per row), got " + batch);
        }
        int k = batch / r;
        Tensor[] x = new Tensor[k];
        double[][] fx = new double[k][];
        double[] total = new double[r];
        double sum = 0;
        for (int s = 0; s < k; s++) {
            x[s] = dist.sample(r, rng);
            fx[s] = Support.values(f, x[s]);
            for (int i = 0; i < r; i++) {
                total[i] += fx[s][i];
                sum += fx[s][i];
            }
        }
        Tensor obj = null;
        for (int s = 0; s < k; s++) {
            double[] w = new double[r];
            for (int i = 0; i < r; i++) {
                w[i] = fx[s][i] - (total[i] - fx[s][i]) / (k - 1);
            }
            Tensor term = Support.vector(w).mul(dist.logProb(x[s])).sum();
            obj = obj == null ? term : obj.add(term);
        }
        return Estimate.of(Support.gradient(obj.div(batch), theta), sum / batch);
    }
}
