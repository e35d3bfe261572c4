package org.kfrelax.estimators;

import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Bernoulli;
import org.kfrelax.dist.Distribution;
import org.kfrelax.random.Rng;

/**
 * ARM, the augment-REINFORCE-merge estimator for Bernoulli logits ℓ (Yin and Zhou 2019):
 * with u ~ U(0,1)^n, b⁽¹⁾ = 1[u > σ(−ℓ)], b⁽²⁾ = 1[u < σ(ℓ)],
 * ĝ_ℓ = [f(b⁽¹⁾) − f(b⁽²⁾)] (u − ½), then ĝ_θ = (∂ℓ/∂θ)ᵀ ĝ_ℓ by backprop; averaged over the
 * batch. Unbiased; two evaluations of f per sample.
 */
public final class Arm implements Estimator {

    @Override
    public String name() {
        return "arm";
    }

    @Override
    public boolean isUnbiased() {
        return true;
    }

    @Override
    public Estimate estimate(Tensor[] theta, Distribution dist, Objective f, int batch, Rng rng, boolean varianceGradient) {
        Support.checkTheta(theta);
        Bernoulli d = Support.bernoulli(dist, name());
        Tensor u = d.noise(batch, rng);
        int n = d.dim();
        double[] ud = u.data();
        double[] p = broadcastRows(d.probs().data(), d.paramRows(), batch, n);
        double[] b1 = new double[ud.length];
        double[] b2 = new double[ud.length];
        for (int i = 0; i < ud.length; i++) {
            b1[i] = ud[i] > 1 - p[i] ? 1 : 0;  // σ(−ℓ) = 1 − p
            b2[i] = ud[i] < p[i] ? 1 : 0;
        }
        double[] f1 = Support.values(f, Tensor.matrix(batch, n, b1));
        double[] f2 = Support.values(f, Tensor.matrix(batch, n, b2));
        double[] gl = new double[ud.length];
        for (int i = 0; i < batch; i++) {
            for (int k = 0; k < n; k++) {
                gl[i * n + k] = (f1[i] - f2[i]) * (ud[i * n + k] - 0.5) / batch;
            }
        }
        double meanF = (Support.mean(f1) + Support.mean(f2)) / 2;
        return Estimate.of(backToTheta(d.logits(), gl, batch, n, theta), meanF);
    }

    /** Parameter values of p rows (1 or batch) repeated to batch×n. */
    static double[] broadcastRows(double[] p, int rows, int batch, int n) {
        if (rows == batch) {
            return p;
        }
        double[] out = new double[batch * n];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(p, 0, out, i * n, n);
        }
        return out;
    }

    /** (∂ℓ/∂θ)ᵀ g for per-sample logit gradients g (batch×n, already divided by the batch). */
    static Tensor[] backToTheta(Tensor logits, double[] g, int batch, int n, Tensor[] theta) {
        Tensor gradOut;
        if (logits.rank() == 2 && logits.rows() == batch) {
            gradOut = Tensor.matrix(batch, n, g);
        } else {
            double[] s = new double[n];
            for (int i = 0; i < batch; i++) {
                for (int k = 0; k < n; k++) {
                    s[k] += g[i * n + k];
                }
            }
            gradOut = logits.rank() == 2 ? Tensor.matrix(1, n, s) : Tensor.vector(s);
        }
        if (!logits.requiresGrad()) {
            throw new IllegalArgumentException("the Bernoulli logits do not depend on theta");
        }
        return Autodiff.grad(new Tensor[] {logits}, theta, new Tensor[] {gradOut}, false);
    }
}
