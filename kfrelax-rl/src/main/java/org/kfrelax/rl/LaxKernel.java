package org.kfrelax.rl;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.kfac.Kfac;
import org.kfrelax.nn.Linear;
import org.kfrelax.nn.Mlp;
import org.kfrelax.random.Rng;

/**
 * LAX's per-iteration gradients ({@link Lax}) differentiated by hand on plain arrays: the
 * estimate ĝ and ∇φ of the variance loss L = (1/P) Σ_j ĝ_j² without building a graph. Equal
 * to the autodiff path ({@link Lax#autodiffGradients}, the test oracle) up to rounding.
 *
 * <p>With the Gaussian policy a = μθ(s) + σ·ε the per-batch quantities are (n rows, action
 * dimension d, w_t = (Â_t − c_t)/n, c'_{t,d} = ∂c_φ/∂a_d at (s_t, a_t)):
 * <pre>
 *   ĝ_μ     = Σ_t Σ_d s_{t,d} ∂μ_{t,d}/∂θ,   s_{t,d} = w_t ε_{t,d}/σ_d + c'_{t,d}/n   (one backward pass of μ)
 *   ĝ_logσd = Σ_t w_t (ε_{t,d}² − 1) + c'_{t,d} σ_d ε_{t,d}/n
 *   ∂L/∂s   = (2/P) J ĝ_μ = (2/P) μ̇               (μ̇: forward-mode derivative of μ along ĝ_μ)
 *   ∂L/∂c_t = −(1/n) Σ_d [ (2/P) μ̇_{t,d} ε_{t,d}/σ_d + (2/P) ĝ_logσd (ε_{t,d}² − 1) ]
 *   ∂L/∂c'_{t,d} = (1/n) [ (2/P) μ̇_{t,d} + (2/P) ĝ_logσd σ_d ε_{t,d} ]
 * </pre>
 * and ∇φ L = Σ_t ∂L/∂c_t ∇φ c_t + Σ_{t,d} ∂L/∂c'_{t,d} ∇φ c'_{t,d}: the pair reverse pass of
 * {@link MlpKernel#backward} through c's forward pass and its tangent along e_d (the input
 * a_d), once per action dimension. The policy's forward pass is done once per batch
 * ({@link #setBatch}); it does not change while φ takes its steps. Not thread-safe (it owns
 * its buffers).
 */
final class LaxKernel {
    /** ĝ for the policy (mean-network w0, b0, w1, b1, ..., then log σ) and ∇φ L (c's w0, b0, ...), with L. */
    record Gradients(double[][] policy, double[][] cv, double loss) {}

    private final MlpKernel meanNet;
    private final MlpKernel cvNet;
    private final Tensor logStd;
    private final int obsDim;
    private final int actDim;
    private final int policySize;
    private int n;
    private double[] eps;
    private double[] z;   // n×(obsDim+actDim): [s, a]
    private double[] mu;  // n×actDim

    LaxKernel(Mlp mean, Tensor logStd, Mlp cv) {
        this.meanNet = new MlpKernel(mean);
        this.cvNet = new MlpKernel(cv);
        this.logStd = logStd;
        this.obsDim = mean.inputSize();
        this.actDim = mean.outputSize();
        if (cv.inputSize() != obsDim + actDim || cv.outputSize() != 1 || logStd.size() != actDim) {
            throw new IllegalArgumentException("LaxKernel: surrogate must map " + (obsDim + actDim) + " inputs to 1 and log σ have "
                    + actDim + " entries, got " + cv.inputSize() + " -> " + cv.outputSize() + " and " + logStd.size());
        }
        int p = actDim;
        for (Linear l : mean.layers()) {
            p += (l.in() + 1) * l.out();
        }
        this.policySize = p;
    }

    /**
     * Sets the batch: observations {@code x} (n×obsDim) and policy noise {@code eps} (n×actDim),
     * and runs the policy's forward pass (the arrays are kept, not copied).
     */
    void setBatch(double[] x, double[] eps, int n) {
        if (x.length != n * obsDim || eps.length != n * actDim) {
            throw new IllegalArgumentException("LaxKernel: batch of " + n + " rows needs " + n * obsDim + " observations and "
                    + n * actDim + " noise values, got " + x.length + " and " + eps.length);
        }
        this.n = n;
        this.eps = eps;
        mu = meanNet.forward(x, n).clone();
        double[] ls = logStd.data();
        int in = obsDim + actDim;
        z = new double[n * in];
        for (int t = 0; t < n; t++) {
            System.arraycopy(x, t * obsDim, z, t * in, obsDim);
            for (int d = 0; d < actDim; d++) {
                z[t * in + obsDim + d] = mu[t * actDim + d] + Math.exp(ls[d]) * eps[t * actDim + d];
            }
        }
    }

    /** μ(s_t) of the batch, n×actDim (the kernel's array: do not modify). */
    double[] mean() {
        return mu;
    }

    /** The actions a = μ + σ·ε of the batch, as an n×actDim matrix. */
    Tensor actions() {
        int in = obsDim + actDim;
        double[] a = new double[n * actDim];
        for (int t = 0; t < n; t++) {
            System.arraycopy(z, t * in + obsDim, a, t * actDim, actDim);
        }
        return Tensor.matrix(n, actDim, a);
    }

    /** ĝ and ∇φ L at the current φ for normalized advantages {@code adv} (length n). */
    Gradients gradients(double[] adv) {
        if (adv.length != n) {
            throw new IllegalArgumentException("LaxKernel: " + adv.length + " advantages for a batch of " + n);
        }
        double[] c = cvNet.forward(z, n).clone();
        double[][] cp = new double[actDim][];
        for (int d = 0; d < actDim; d++) {
            cp[d] = cvNet.tangent(direction(d), null).clone();
        }
        double[] ls = logStd.data();
        double[] sigma = new double[actDim];
        for (int d = 0; d < actDim; d++) {
            sigma[d] = Math.exp(ls[d]);
        }
        // ĝ: the mean network by one backward pass with output gradient s; log σ in closed form
        double[] s = new double[n * actDim];
        double[] gLs = new double[actDim];
        for (int t = 0; t < n; t++) {
            double w = (adv[t] - c[t]) / n;
            for (int d = 0; d < actDim; d++) {
                double e = eps[t * actDim + d];
                double cpd = cp[d][t];
                s[t * actDim + d] = w * e / sigma[d] + cpd / n;
                gLs[d] += w * (e * e - 1) + cpd * sigma[d] * e / n;
            }
        }
        double[][] policy = meanNet.parameterArrays(1);
        meanNet.backward(s, null, policy, null, null);
        policy[policy.length - 1] = gLs;
        double sumSq = 0;
        for (double[] p : policy) {
            for (double v : p) {
                sumSq += v * v;
            }
        }
        double loss = sumSq / policySize;
        // ∂L/∂s = (2/P) μ̇ with μ̇ the derivative of μ along ĝ_μ
        double[] muDot = meanNet.tangent(null, policy);
        double k = 2.0 / policySize;
        double[] cBar = new double[n];
        double[][] cpBar = new double[actDim][n];
        for (int t = 0; t < n; t++) {
            double wBar = 0;
            for (int d = 0; d < actDim; d++) {
                double e = eps[t * actDim + d];
                double r = k * muDot[t * actDim + d];
                wBar += r * e / sigma[d] + k * gLs[d] * (e * e - 1);
                cpBar[d][t] = (r + k * gLs[d] * sigma[d] * e) / n;
            }
            cBar[t] = -wBar / n;
        }
        // c's pair reverse pass, one per action dimension (the last tangent computed is e_{D−1});
        // c's own adjoint goes in with the first of them
        double[][] cv = cvNet.parameterArrays(0);
        double[] none = new double[n];
        for (int d = actDim - 1; d >= 0; d--) {
            if (d < actDim - 1) {
                cvNet.tangent(direction(d), null);
            }
            cvNet.backward(d == actDim - 1 ? cBar : none, cpBar[d], cv, null, null);
        }
        return new Gradients(policy, cv, loss);
    }

    /**
     * Folds the surrogate's Gauss-Newton curvature at the batch into {@code kfac}'s factors: the
     * inputs of c's layers at the last {@link #gradients} call's forward pass and the gradients
     * at their pre-activations of ½(c − stopGradient(c + ξ))², ξ ~ N(0, 1) drawn row by row
     * from {@code rng} (the draws {@code FisherLoss.gaussian} makes in the graph path).
     */
    void foldCvFactors(Kfac kfac, Rng rng) {
        cvNet.foldGaussianFactors(kfac, rng);
    }

    /**
     * ∇ of mean_t (y(x_t) − target_t)² over a network's parameters (w0, b0, w1, b1, ...) for a
     * one-output network {@code net}; {@code x} holds target.length rows.
     */
    static double[][] squaredErrorGradients(MlpKernel net, double[] x, double[] target) {
        int n = target.length;
        double[] y = net.forward(x, n);
        double[] d = new double[n];
        for (int t = 0; t < n; t++) {
            d[t] = 2 * (y[t] - target[t]) / n;
        }
        double[][] out = net.parameterArrays(0);
        net.backward(d, null, out, null, null);
        return out;
    }

    /** The input tangent e_d: 1 at action column d of every row of [s, a]. */
    private double[] direction(int d) {
        int in = obsDim + actDim;
        double[] t = new double[n * in];
        for (int r = 0; r < n; r++) {
            t[r * in + obsDim + d] = 1.0;
        }
        return t;
    }
}
