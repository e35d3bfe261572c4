package org.kfrelax.estimators;

import java.util.List;
import org.kfrelax.autodiff.Logistic;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Bernoulli;
import org.kfrelax.dist.Distribution;
import org.kfrelax.nn.Activation;
import org.kfrelax.nn.Linear;
import org.kfrelax.nn.Mlp;
import org.kfrelax.random.Rng;

/**
 * A fused, allocation-light evaluation of {@link Relax} for the common scalar case — one
 * Bernoulli unit whose logit ℓ is the only θ tensor, and a 1 → H tanh → 1 surrogate — with
 * the first and second derivatives written out by hand instead of built as an autodiff graph
 * (an order of magnitude faster: the toy problem's hot loop). It draws the same random numbers in the
 * same order as the general path and computes the same quantities (tests compare the two).
 *
 * <p>Per sample, with x = 2σ(y/λ) − 1, h = tanh(W₁x + b₁), c(y) = w₂·h + b₂ and
 * c'(y) = dc/dy = x'(y) Σ_j w₂ⱼ(1 − hⱼ²)W₁ⱼ, x'(y) = 2σ(y/λ)(1 − σ(y/λ))/λ:
 * ĝ = (f(b) − c(z̃))(b − p) + c'(z) − c'(z̃)·dz̃/dℓ, averaged over the batch, and
 * ∂ĝ²/∂φ = 2ĝ·∂ĝ/∂φ with ∂ĝ/∂φ = mean[−(b − p)∂c(z̃)/∂φ + ∂c'(z)/∂φ − (dz̃/dℓ)∂c'(z̃)/∂φ],
 * φ = (W₁, b₁, w₂, b₂, log λ). z̃ and dz̃/dℓ as in {@link Bernoulli}: for b = 1,
 * z̃ = Logistic.softplus(ℓ) + log1p(−p(1−v)) − log(1−v), dz̃/dℓ = p − p(1−p)(1−v)/(1 − p(1−v));
 * for b = 0, z̃ = log v − Logistic.softplus(−ℓ) − log1p(−(1−p)v), dz̃/dℓ = (1−p) − p(1−p)v/(1 − (1−p)v).
 */
final class ScalarRelaxKernel {
    private final Surrogate surrogate;
    private final int hidden;
    // per-point scratch: value c, slope c', and their parameter gradients (W1, b1, w2, b2, s)
    private final double[] gc;
    private final double[] gcp;
    private final double[] acc;
    private double c;
    private double cp;
    private double[] lastZ = new double[0];
    private double[] lastConditional = new double[0];

    private ScalarRelaxKernel(Surrogate surrogate) {
        this.surrogate = surrogate;
        this.hidden = surrogate.mlp().layers().get(0).out();
        int n = 3 * hidden + 2;
        gc = new double[n];
        gcp = new double[n];
        acc = new double[n];
    }

    /** The kernel for this surrogate if its architecture fits (1 → H tanh → 1 with a temperature), else null. */
    static ScalarRelaxKernel forSurrogate(Surrogate s) {
        Mlp m = s.mlp();
        List<Linear> ls = m.layers();
        if (!s.isCenteredRelaxed() || ls.size() != 2 || m.activation() != Activation.TANH || ls.get(0).in() != 1) {
            return null;
        }
        return new ScalarRelaxKernel(s);
    }

    /** Whether the estimate is the scalar case: θ = {ℓ} and the distribution is Bernoulli(ℓ) with one unit. */
    static boolean applies(Tensor[] theta, Distribution dist) {
        return theta.length == 1 && dist instanceof Bernoulli b && b.logits() == theta[0]
                && theta[0].rank() == 1 && theta[0].size() == 1;
    }

    Estimate estimate(Tensor logit, Objective f, int batch, Rng rng, boolean varianceGradient) {
        if (batch <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batch);
        }
        double l = logit.item();
        double[] u = new double[batch];
        double[] v = new double[batch];
        for (int i = 0; i < batch; i++) {
            u[i] = rng.nextOpenDouble();
        }
        for (int i = 0; i < batch; i++) {
            v[i] = rng.nextOpenDouble();
        }
        double p = Logistic.sigmoid(l);
        double q = Logistic.sigmoid(-l);
        double spPos = Logistic.softplus(l);
        double spNeg = Logistic.softplus(-l);
        double g = 0;
        double fsum = 0;
        java.util.Arrays.fill(acc, 0);
        double[] one = new double[1];
        lastZ = new double[batch];
        lastConditional = new double[batch];
        for (int i = 0; i < batch; i++) {
            double z = l + (Math.log(u[i]) - Math.log1p(-u[i]));
            double b = z >= 0 ? 1 : 0;
            double zt;
            double dzt;
            if (b == 1) {
                double m = p * (1 - v[i]);
                zt = spPos + Math.log1p(-m) - Math.log(1 - v[i]);
                dzt = p - p * q * (1 - v[i]) / (1 - m);
            } else {
                double m = q * v[i];
                zt = Math.log(v[i]) - spNeg - Math.log1p(-m);
                dzt = q - p * q * v[i] / (1 - m);
            }
            lastZ[i] = z;
            lastConditional[i] = zt;
            one[0] = b;
            double fb = f.value(one.clone());
            if (!Double.isFinite(fb)) {
                throw new IllegalArgumentException("objective returned " + fb + " for sample [" + b + "]; it must be finite");
            }
            fsum += fb;
            // c'(z) and its parameter gradients
            point(z, varianceGradient);
            double cpz = cp;
            if (varianceGradient) {
                for (int k = 0; k < acc.length; k++) {
                    acc[k] += gcp[k];
                }
            }
            // c(z̃), c'(z̃) and their parameter gradients
            point(zt, varianceGradient);
            double w = b - p;
            g += (fb - c) * w + cpz - cp * dzt;
            if (varianceGradient) {
                for (int k = 0; k < acc.length; k++) {
                    acc[k] += -w * gc[k] - dzt * gcp[k];
                }
            }
        }
        g /= batch;
        Tensor[] grad = {Tensor.vector(g)};
        double meanF = fsum / batch;
        if (!varianceGradient) {
            return Estimate.of(grad, meanF);
        }
        double scale = 2 * g / batch;
        int h = hidden;
        double[] dW1 = new double[h];
        double[] db1 = new double[h];
        double[] dw2 = new double[h];
        for (int j = 0; j < h; j++) {
            dW1[j] = scale * acc[j];
            db1[j] = scale * acc[h + j];
            dw2[j] = scale * acc[2 * h + j];
        }
        Tensor[] vg = {Tensor.matrix(1, h, dW1), Tensor.vector(db1), Tensor.matrix(h, 1, dw2),
            Tensor.vector(scale * acc[3 * h]), Tensor.scalar(scale * acc[3 * h + 1])};
        return new Estimate(grad, vg, meanF);
    }

    /** The relaxed samples z of the last estimate, one per batch row. */
    double[] lastZ() {
        return lastZ;
    }

    /** The conditional samples z̃ of the last estimate, one per batch row. */
    double[] lastConditional() {
        return lastConditional;
    }

    /**
     * Sets c, cp (= dc/dy) at y and, if asked, gc = ∂c/∂φ and gcp = ∂c'/∂φ, laid out as
     * [W1 (h), b1 (h), w2 (h), b2, s].
     */
    private void point(double y, boolean grads) {
        List<Linear> ls = surrogate.mlp().layers();
        double[] w1 = ls.get(0).weight().data();
        double[] b1 = ls.get(0).bias().data();
        double[] w2 = ls.get(1).weight().data();
        double b2 = ls.get(1).bias().data()[0];
        double s = surrogate.logTemperature().item();
        double lam = Math.exp(s);
        double a = y / lam;
        double sa = Logistic.sigmoid(a);
        double x = 2 * sa - 1;
        double xp = 2 * sa * (1 - sa) / lam;        // dx/dy
        double xs = -2 * sa * (1 - sa) * a;         // dx/ds
        double xps = xp * (-a * (1 - 2 * sa) - 1);  // d(dx/dy)/ds
        int h = hidden;
        double cv = b2;
        double sum = 0;   // S = Σ w2 D W1
        double sum2 = 0;  // Σ w2 W1 (−2hD) W1
        for (int j = 0; j < h; j++) {
            double hj = Math.tanh(w1[j] * x + b1[j]);
            double d = 1 - hj * hj;
            cv += w2[j] * hj;
            sum += w2[j] * d * w1[j];
            double dd = -2 * hj * d;
            sum2 += w2[j] * w1[j] * dd * w1[j];
            if (grads) {
                gc[j] = w2[j] * d * x;
                gc[h + j] = w2[j] * d;
                gc[2 * h + j] = hj;
                gcp[j] = xp * w2[j] * (d + dd * w1[j] * x);
                gcp[h + j] = xp * w2[j] * w1[j] * dd;
                gcp[2 * h + j] = xp * d * w1[j];
            }
        }
        c = cv;
        cp = xp * sum;
        if (grads) {
            gc[3 * h] = 1;
            gc[3 * h + 1] = sum * xs;
            gcp[3 * h] = 0;
            gcp[3 * h + 1] = xps * sum + xp * sum2 * xs;
        }
    }
}
