package org.kfrelax.estimators;

import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Bernoulli;
import org.kfrelax.dist.Distribution;
import org.kfrelax.random.Rng;

/**
 * What ARM and DisARM share: for Bernoulli logits ℓ, one uniform u ~ U(0,1)^n per sample gives
 * a pair of hard samples b⁽¹⁾, b⁽²⁾; f is evaluated at both, a per-unit logit gradient ĝ_ℓ is
 * formed from (u, ℓ, b⁽¹⁾, b⁽²⁾, f(b⁽¹⁾), f(b⁽²⁾)), averaged over the batch and mapped to
 * θ by backprop, ĝ_θ = (∂ℓ/∂θ)ᵀ ĝ_ℓ. The reported mean value is the mean of f over both
 * samples. Subclasses define the pair and ĝ_ℓ (and state their formula).
 */
abstract class BernoulliPairEstimator implements Estimator {
    private final String name;

    BernoulliPairEstimator(String name) {
        this.name = name;
    }

    /** Unit k of the first sample (1 or 0) from its uniform u and p = σ(ℓ_k). */
    abstract double first(double u, double p);

    /** Unit k of the second sample (1 or 0) from its uniform u and p = σ(ℓ_k). */
    abstract double second(double u, double p);

    /** ĝ_ℓ of one unit of one sample (before averaging over the batch). */
    abstract double logitGradient(double u, double logit, double b1, double b2, double f1, double f2);

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isUnbiased() {
        return true;
    }

    @Override
    public Estimate estimate(Tensor[] theta, Distribution dist, Objective f, int batch, Rng rng, boolean varianceGradient) {
        Support.checkTheta(theta);
        Bernoulli d = Support.bernoulli(dist, name);
        Tensor u = d.noise(batch, rng);
        int n = d.dim();
        double[] ud = u.data();
        double[] p = broadcastRows(d.probs().data(), d.paramRows(), batch, n);
        double[] l = broadcastRows(d.logits().data(), d.paramRows(), batch, n);
        double[] b1 = new double[ud.length];
        double[] b2 = new double[ud.length];
        for (int i = 0; i < ud.length; i++) {
            b1[i] = first(ud[i], p[i]);
            b2[i] = second(ud[i], p[i]);
        }
        double[] f1 = Support.values(f, Tensor.matrix(batch, n, b1));
        double[] f2 = Support.values(f, Tensor.matrix(batch, n, b2));
        double[] gl = new double[ud.length];
        for (int i = 0; i < batch; i++) {
            for (int k = 0; k < n; k++) {
                int j = i * n + k;
                gl[j] = logitGradient(ud[j], l[j], b1[j], b2[j], f1[i], f2[i]) / batch;
            }
        }
        double meanF = (Support.mean(f1) + Support.mean(f2)) / 2;
        return Estimate.of(backToTheta(d.logits(), gl, batch, n, theta), meanF);
    }

    /** Parameter values of p rows (1 or batch) repeated to batch×n. */
    private static double[] broadcastRows(double[] p, int rows, int batch, int n) {
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
    private static Tensor[] backToTheta(Tensor logits, double[] g, int batch, int n, Tensor[] theta) {
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
