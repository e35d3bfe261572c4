package org.kfrelax.rl;

import java.util.List;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.nn.Activation;
import org.kfrelax.nn.Linear;
import org.kfrelax.nn.Mlp;

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
 * and ∇φ L = Σ_t ∂L/∂c_t ∇φ c_t + Σ_{t,d} ∂L/∂c'_{t,d} ∇φ c'_{t,d}: a reverse pass through
 * c's forward pass and its forward-mode tangents ṗ (direction e_d on the input a_d). Per layer
 * p = h·W + b, h' = f(p), ḣ' = f'(p)⊙ṗ, ṗ = ḣ·W, the adjoints (bars) go back as
 * <pre>
 *   ∇W += hᵀ p̄ + Σ_d ḣ_dᵀ ṗ̄_d,   ∇b += Σ_t p̄,
 *   h̄ = p̄ Wᵀ,  ḣ̄_d = ṗ̄_d Wᵀ,   p̄_prev = h̄⊙f' + Σ_d ḣ̄_d⊙f''⊙ṗ_d,  ṗ̄_d,prev = ḣ̄_d⊙f'.
 * </pre>
 * The policy's forward pass is done once per batch ({@link #setBatch}); it does not change
 * while φ takes its steps. Not thread-safe (it owns its buffers).
 */
final class LaxKernel {
    /** ĝ for the policy (mean-network w0, b0, w1, b1, ..., then log σ) and ∇φ L (c's w0, b0, ...), with L. */
    record Gradients(double[][] policy, double[][] cv, double loss) {}

    private final List<Linear> meanLayers;
    private final Activation meanAct;
    private final Tensor logStd;
    private final List<Linear> cvLayers;
    private final Activation cvAct;
    private final int obsDim;
    private final int actDim;
    private final int policySize;
    // batch
    private int n;
    private double[] eps;
    private double[] z;          // n×(obsDim+actDim): [s, a]
    private double[] mu;         // n×actDim
    private double[][] mh;       // policy: hidden outputs h_l (h_{-1} = s)
    private double[][] md;       // policy: f'(p_l) of the hidden layers
    // per iteration
    private double[][] ch;       // c: inputs of each layer (ch[0] = z)
    private double[][] cd1;      // c: f'(p_l) of the hidden layers
    private double[][] cd2;      // c: f''(p_l)
    private double[][][] tp;     // c: tangents ṗ_l per action dim (hidden layers and output)

    LaxKernel(Mlp mean, Tensor logStd, Mlp cv) {
        this.meanLayers = mean.layers();
        this.meanAct = mean.activation();
        this.logStd = logStd;
        this.cvLayers = cv.layers();
        this.cvAct = cv.activation();
        this.obsDim = mean.inputSize();
        this.actDim = mean.outputSize();
        if (cv.inputSize() != obsDim + actDim || cv.outputSize() != 1 || logStd.size() != actDim) {
            throw new IllegalArgumentException("LaxKernel: surrogate must map " + (obsDim + actDim) + " inputs to 1 and log σ have "
                    + actDim + " entries, got " + cv.inputSize() + " -> " + cv.outputSize() + " and " + logStd.size());
        }
        int p = actDim;
        for (Linear l : meanLayers) {
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
        int hidden = meanLayers.size() - 1;
        mh = new double[hidden + 1][];
        md = new double[hidden][];
        mh[0] = x;
        for (int l = 0; l < hidden; l++) {
            Linear layer = meanLayers.get(l);
            double[] p = affine(mh[l], layer, n);
            md[l] = new double[p.length];
            activate(meanAct, p, md[l], null);
            mh[l + 1] = p;
        }
        mu = affine(mh[hidden], meanLayers.get(hidden), n);
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
        double[] c = cvForward();
        double[][] cp = new double[actDim][];
        int last = cvLayers.size() - 1;
        for (int d = 0; d < actDim; d++) {
            cp[d] = tp[d][last];
        }
        double[] ls = logStd.data();
        double[] sigma = new double[actDim];
        for (int d = 0; d < actDim; d++) {
            sigma[d] = Math.exp(ls[d]);
        }
        // ĝ: the mean network by one backward pass with output gradient s; log σ in closed form
        double[] w = new double[n];
        double[] s = new double[n * actDim];
        double[] gLs = new double[actDim];
        for (int t = 0; t < n; t++) {
            w[t] = (adv[t] - c[t]) / n;
            for (int d = 0; d < actDim; d++) {
                double e = eps[t * actDim + d];
                double cpd = cp[d][t];
                s[t * actDim + d] = w[t] * e / sigma[d] + cpd / n;
                gLs[d] += w[t] * (e * e - 1) + cpd * sigma[d] * e / n;
            }
        }
        double[][] policy = new double[2 * meanLayers.size() + 1][];
        backward(meanLayers, mh, md, null, s, null, policy, n);
        policy[policy.length - 1] = gLs;
        double sumSq = 0;
        for (double[] g : policy) {
            for (double v : g) {
                sumSq += v * v;
            }
        }
        double loss = sumSq / policySize;
        // ∂L/∂s = (2/P) μ̇ with μ̇ the derivative of μ along ĝ_μ
        double[] muDot = meanJvp(policy);
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
        double[][] cv = new double[2 * cvLayers.size()][];
        backward(cvLayers, ch, cd1, cd2, cBar, cpBar, cv, n);
        return new Gradients(policy, cv, loss);
    }

    /** c's forward pass (inputs, f', f'' kept) and its tangents along each e_d; returns c (length n). */
    private double[] cvForward() {
        int layers = cvLayers.size();
        ch = new double[layers][];
        cd1 = new double[layers - 1][];
        cd2 = new double[layers - 1][];
        tp = new double[actDim][layers][];
        ch[0] = z;
        for (int l = 0; l < layers; l++) {
            Linear layer = cvLayers.get(l);
            double[] p = affine(ch[l], layer, n);
            int out = layer.out();
            for (int d = 0; d < actDim; d++) {
                double[] dp;
                if (l == 0) {
                    // ṗ_0 = e_d·W_0: row obsDim+d of W_0 in every row
                    double[] w0 = layer.weight().data();
                    dp = new double[n * out];
                    for (int t = 0; t < n; t++) {
                        System.arraycopy(w0, (obsDim + d) * out, dp, t * out, out);
                    }
                } else {
                    double[] prev = tp[d][l - 1];
                    double[] dh = new double[prev.length];
                    double[] f1 = cd1[l - 1];
                    for (int i = 0; i < dh.length; i++) {
                        dh[i] = f1[i] * prev[i];
                    }
                    dp = matmul(dh, layer.weight().data(), n, layer.in(), out);
                }
                tp[d][l] = dp;
            }
            if (l < layers - 1) {
                cd1[l] = new double[p.length];
                cd2[l] = new double[p.length];
                activate(cvAct, p, cd1[l], cd2[l]);
                ch[l + 1] = p;
            } else {
                return p;
            }
        }
        throw new AssertionError("unreachable");
    }

    /** μ̇ = Σ_params ∂μ/∂param · v (forward mode) for the direction {@code v} (mean-network layout). */
    private double[] meanJvp(double[][] v) {
        double[] dp = null;
        for (int l = 0; l < meanLayers.size(); l++) {
            Linear layer = meanLayers.get(l);
            int in = layer.in();
            int out = layer.out();
            // ṗ_l = ḣ_{l−1}·W_l + h_{l−1}·V_l + v_l  (ḣ_{−1} = 0)
            double[] next = matmul(mh[l], v[2 * l], n, in, out);
            double[] vb = v[2 * l + 1];
            for (int t = 0; t < n; t++) {
                for (int j = 0; j < out; j++) {
                    next[t * out + j] += vb[j];
                }
            }
            if (dp != null) {
                double[] f1 = md[l - 1];
                for (int i = 0; i < dp.length; i++) {
                    dp[i] *= f1[i];
                }
                addMatmul(dp, layer.weight().data(), n, in, out, next);
            }
            dp = next;
        }
        return dp;
    }

    /**
     * Reverse pass through a network's forward pass (inputs {@code h}, f' {@code f1}) and, when
     * {@code tangentBar} is given, through its tangents {@link #tp} (f'' {@code f2}), with output
     * adjoints {@code outBar} (n×out) and {@code tangentBar[d]} (n); writes ∇W, ∇b per layer into
     * {@code grads[2l]}, {@code grads[2l+1]}.
     */
    private void backward(List<Linear> layers, double[][] h, double[][] f1, double[][] f2, double[] outBar,
            double[][] tangentBar, double[][] grads, int n) {
        double[] pBar = outBar;
        double[][] tBar = tangentBar;
        for (int l = layers.size() - 1; l >= 0; l--) {
            Linear layer = layers.get(l);
            int in = layer.in();
            int out = layer.out();
            double[] w = layer.weight().data();
            double[] gw = new double[in * out];
            double[] gb = new double[out];
            addMatmulTN(h[l], pBar, n, in, out, gw);
            for (int t = 0; t < n; t++) {
                for (int j = 0; j < out; j++) {
                    gb[j] += pBar[t * out + j];
                }
            }
            if (tBar != null) {
                for (int d = 0; d < actDim; d++) {
                    if (l == 0) {
                        // ḣ_{−1} = e_d: the tangent adjoint's column sums go to row obsDim+d
                        for (int t = 0; t < n; t++) {
                            for (int j = 0; j < out; j++) {
                                gw[(obsDim + d) * out + j] += tBar[d][t * out + j];
                            }
                        }
                    } else {
                        double[] prev = tp[d][l - 1];
                        double[] dh = new double[prev.length];
                        for (int i = 0; i < dh.length; i++) {
                            dh[i] = f1[l - 1][i] * prev[i];
                        }
                        addMatmulTN(dh, tBar[d], n, in, out, gw);
                    }
                }
            }
            grads[2 * l] = gw;
            grads[2 * l + 1] = gb;
            if (l == 0) {
                break;
            }
            double[] hBar = matmulNT(pBar, w, n, out, in);
            double[] f1p = f1[l - 1];
            double[] prevBar = new double[n * in];
            for (int i = 0; i < prevBar.length; i++) {
                prevBar[i] = hBar[i] * f1p[i];
            }
            if (tBar != null) {
                double[][] prevT = new double[actDim][];
                for (int d = 0; d < actDim; d++) {
                    double[] dhBar = matmulNT(tBar[d], w, n, out, in);
                    double[] tprev = tp[d][l - 1];
                    double[] f2p = f2[l - 1];
                    for (int i = 0; i < prevBar.length; i++) {
                        prevBar[i] += dhBar[i] * f2p[i] * tprev[i];
                        dhBar[i] *= f1p[i];
                    }
                    prevT[d] = dhBar;
                }
                tBar = prevT;
            }
            pBar = prevBar;
        }
    }

    /** h·W + b for n rows. */
    private static double[] affine(double[] h, Linear layer, int n) {
        int in = layer.in();
        int out = layer.out();
        double[] y = new double[n * out];
        double[] b = layer.bias().data();
        for (int t = 0; t < n; t++) {
            System.arraycopy(b, 0, y, t * out, out);
        }
        addMatmul(h, layer.weight().data(), n, in, out, y);
        return y;
    }

    /** Applies f in place to {@code p}, writing f'(p) into {@code f1} and (if non-null) f''(p) into {@code f2}. */
    private static void activate(Activation act, double[] p, double[] f1, double[] f2) {
        for (int i = 0; i < p.length; i++) {
            double x = p[i];
            double y;
            double d1;
            double d2;
            switch (act) {
                case TANH -> {
                    y = Math.tanh(x);
                    d1 = 1 - y * y;
                    d2 = -2 * y * d1;
                }
                case RELU -> {
                    y = x > 0 ? x : 0.0;
                    d1 = x > 0 ? 1.0 : 0.0;
                    d2 = 0.0;
                }
                case ELU -> {
                    y = x > 0 ? x : Math.expm1(x);
                    d1 = x > 0 ? 1.0 : y + 1;
                    d2 = x > 0 ? 0.0 : y + 1;
                }
                default -> {
                    y = x;
                    d1 = 1.0;
                    d2 = 0.0;
                }
            }
            p[i] = y;
            f1[i] = d1;
            if (f2 != null) {
                f2[i] = d2;
            }
        }
    }

    /** A·B for A n×k, B k×m (row-major). */
    private static double[] matmul(double[] a, double[] b, int n, int k, int m) {
        double[] c = new double[n * m];
        addMatmul(a, b, n, k, m, c);
        return c;
    }

    /** C += A·B for A n×k, B k×m; four columns of A per pass over a row of C (the inner loop vectorizes). */
    private static void addMatmul(double[] a, double[] b, int n, int k, int m, double[] c) {
        for (int i = 0; i < n; i++) {
            int ci = i * m;
            int ai = i * k;
            int q = 0;
            for (; q + 3 < k; q += 4) {
                double a0 = a[ai + q];
                double a1 = a[ai + q + 1];
                double a2 = a[ai + q + 2];
                double a3 = a[ai + q + 3];
                int b0 = q * m;
                int b1 = b0 + m;
                int b2 = b1 + m;
                int b3 = b2 + m;
                for (int j = 0; j < m; j++) {
                    c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
                }
            }
            for (; q < k; q++) {
                double v = a[ai + q];
                int bq = q * m;
                for (int j = 0; j < m; j++) {
                    c[ci + j] += v * b[bq + j];
                }
            }
        }
    }

    /** C += Aᵀ·B for A n×k, B n×m (C k×m); four rows of A and B per pass over C. */
    private static void addMatmulTN(double[] a, double[] b, int n, int k, int m, double[] c) {
        int i = 0;
        for (; i + 3 < n; i += 4) {
            int a0 = i * k;
            int a1 = a0 + k;
            int a2 = a1 + k;
            int a3 = a2 + k;
            int b0 = i * m;
            int b1 = b0 + m;
            int b2 = b1 + m;
            int b3 = b2 + m;
            for (int q = 0; q < k; q++) {
                double v0 = a[a0 + q];
                double v1 = a[a1 + q];
                double v2 = a[a2 + q];
                double v3 = a[a3 + q];
                int cq = q * m;
                for (int j = 0; j < m; j++) {
                    c[cq + j] += v0 * b[b0 + j] + v1 * b[b1 + j] + v2 * b[b2 + j] + v3 * b[b3 + j];
                }
            }
        }
        for (; i < n; i++) {
            int ai = i * k;
            int bi = i * m;
            for (int q = 0; q < k; q++) {
                double v = a[ai + q];
                int cq = q * m;
                for (int j = 0; j < m; j++) {
                    c[cq + j] += v * b[bi + j];
                }
            }
        }
    }

    /** A·Bᵀ for A n×m, B k×m (result n×k): B is transposed once so the product runs as {@link #addMatmul}. */
    private static double[] matmulNT(double[] a, double[] b, int n, int m, int k) {
        double[] bt = new double[m * k];
        for (int q = 0; q < k; q++) {
            for (int j = 0; j < m; j++) {
                bt[j * k + q] = b[q * m + j];
            }
        }
        return matmul(a, bt, n, m, k);
    }
}
