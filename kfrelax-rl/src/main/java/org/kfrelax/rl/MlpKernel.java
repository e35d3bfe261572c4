package org.kfrelax.rl;

import java.util.Arrays;
import java.util.List;
import org.kfrelax.kfac.Kfac;
import org.kfrelax.linalg.Dense;
import org.kfrelax.nn.Activation;
import org.kfrelax.nn.Linear;
import org.kfrelax.nn.Mlp;
import org.kfrelax.random.Rng;

/**
 * Batched passes through an {@link Mlp} on plain arrays, for updates whose derivatives are
 * written by hand (no graph is recorded). With layers a_l = h_{l−1}·W_l + b_l, h_l = σ(a_l)
 * (h_0 the input, the last a the output):
 * <ul>
 *   <li>{@link #forward}: keeps every layer's input h_{l−1} and pre-activation a_l;</li>
 *   <li>{@link #tangent}: the forward-mode tangent (Jacobian-vector product) for an input
 *       tangent ḣ_0 and/or parameter tangents (Ẇ, ḃ):
 *       ȧ_l = ḣ_{l−1}W_l + h_{l−1}Ẇ_l + ḃ_l, ḣ_l = σ'(a_l)⊙ȧ_l;</li>
 *   <li>{@link #backward}: the reverse pass for adjoints of the output (ā) and, optionally, of
 *       the output's tangent (ǡ) — the second is what differentiating a directional derivative
 *       in the parameters needs:
 *       ∇W_l += h_{l−1}ᵀā_l + ḣ_{l−1}ᵀǡ_l, ∇b_l += Σ_rows ā_l,
 *       h̄ = ā_l W_lᵀ, ḣ̄ = ǡ_l W_lᵀ, then ā_{l−1} = σ'⊙h̄ + σ''⊙ȧ_{l−1}⊙ḣ̄, ǡ_{l−1} = σ'⊙ḣ̄
 *       (the tangent pass must then have run with no parameter tangent).</li>
 * </ul>
 * Arguments and results are row-major (rows × features); inside, every buffer is
 * feature-major (features × rows), so that the inner loops run along the rows and vectorize.
 * Reads the current parameter values on every call. Buffers are reused between calls (the
 * arrays returned are overwritten by the next call); not thread-safe.
 */
final class MlpKernel {
    private final List<Linear> layers;
    private final Activation activation;
    private final int depth;
    private int rows;
    private int capacity;
    /** in[l]: input of layer l (in_l × rows, like every buffer below). */
    private final double[][] in;
    private final double[][] pre;
    private final double[][] tin;
    private final double[][] tpre;
    private final double[][] adj;
    private final double[][] tadj;
    private final double[][] hadj;
    private final double[][] htadj;
    private boolean inputTangent;
    private double[] result = new double[0];
    private double[] tangentResult = new double[0];
    private boolean parameterTangent;

    MlpKernel(Mlp mlp) {
        this.layers = mlp.layers();
        this.activation = mlp.activation();
        this.depth = layers.size();
        this.in = new double[depth][];
        this.pre = new double[depth][];
        this.tin = new double[depth][];
        this.tpre = new double[depth][];
        this.adj = new double[depth][];
        this.tadj = new double[depth][];
        this.hadj = new double[depth][];
        this.htadj = new double[depth][];
    }

    /** Zeroed arrays shaped like the network's parameters, in their order W₀, b₀, W₁, b₁, …, plus {@code extra} null slots. */
    double[][] parameterArrays(int extra) {
        double[][] out = new double[2 * depth + extra][];
        for (int l = 0; l < depth; l++) {
            out[2 * l] = new double[layers.get(l).in() * layers.get(l).out()];
            out[2 * l + 1] = new double[layers.get(l).out()];
        }
        return out;
    }

    /** Rows of the last forward pass. */
    int rows() {
        return rows;
    }

    private void ensure(int n) {
        if (n <= capacity) {
            return;
        }
        int cap = Math.max(n, 2 * capacity);
        for (int l = 0; l < depth; l++) {
            int i = layers.get(l).in();
            int o = layers.get(l).out();
            in[l] = new double[cap * i];
            pre[l] = new double[cap * o];
            tin[l] = new double[cap * i];
            tpre[l] = new double[cap * o];
            adj[l] = new double[cap * o];
            tadj[l] = new double[cap * o];
            hadj[l] = new double[cap * i];
            htadj[l] = new double[cap * i];
        }
        capacity = cap;
    }

    /** Runs {@code n} rows of {@code x} (n × inputs) and returns the outputs (n × outputs; reused by the next forward). */
    double[] forward(double[] x, int n) {
        ensure(n);
        rows = n;
        transpose(x, n, layers.get(0).in(), in[0]);
        inputTangent = false;
        for (int l = 0; l < depth; l++) {
            Linear layer = layers.get(l);
            product(in[l], layer.weight().data(), layer.in(), layer.out(), false, pre[l]);
            addBias(layer.bias().data(), layer.out(), pre[l]);
            if (l + 1 < depth) {
                activate(pre[l], in[l + 1], n * layer.out());
            }
        }
        result = output(pre[depth - 1], result);
        return result;
    }

    /** The last layer's buffer as rows × outputs, in {@code into} or a larger new array. */
    private double[] output(double[] buffer, double[] into) {
        int m = layers.get(depth - 1).out();
        double[] out = into.length < rows * m ? new double[capacity * m] : into;
        transpose(buffer, m, rows, out);
        return out;
    }

    /**
     * The tangent of the output of the last forward pass for input tangent {@code tx} (rows ×
     * inputs, or null for none) and parameter tangents {@code dParams} (in parameter order
     * W₀, b₀, W₁, b₁, …, or null for none).
     */
    double[] tangent(double[] tx, double[][] dParams) {
        inputTangent = tx != null;
        parameterTangent = dParams != null;
        if (tx != null) {
            transpose(tx, rows, layers.get(0).in(), tin[0]);
        }
        for (int l = 0; l < depth; l++) {
            Linear layer = layers.get(l);
            int o = layer.out();
            double[] t = tpre[l];
            if (l > 0 || tx != null) {
                product(tin[l], layer.weight().data(), layer.in(), o, false, t);
            } else {
                Arrays.fill(t, 0, rows * o, 0.0);
            }
            if (dParams != null) {
                product(in[l], dParams[2 * l], layer.in(), o, true, t);
                addBias(dParams[2 * l + 1], o, t);
            }
            if (l + 1 < depth) {
                double[] a = pre[l];
                double[] y = in[l + 1];
                double[] next = tin[l + 1];
                for (int i = 0; i < rows * o; i++) {
                    next[i] = derivative(a[i], y[i]) * t[i];
                }
            }
        }
        tangentResult = output(tpre[depth - 1], tangentResult);
        return tangentResult;
    }

    /**
     * Reverse pass from output adjoints {@code dOut} (rows × outputs) and, if not null, output
     * tangent adjoints {@code dTOut} (after a {@link #tangent} with an input tangent only).
     * Adds the parameter gradients into {@code grads} (parameter order W₀, b₀, W₁, b₁, …, as
     * from {@link #parameterArrays}; null to skip) and
     * writes the input adjoints into {@code dIn} / {@code dTIn} (rows × inputs; null to skip).
     */
    void backward(double[] dOut, double[] dTOut, double[][] grads, double[] dIn, double[] dTIn) {
        boolean pair = dTOut != null;
        if (pair && (!inputTangent || parameterTangent)) {
            throw new IllegalStateException("the pair reverse pass needs a tangent pass with an input tangent and no parameter tangent");
        }
        int outputs = layers.get(depth - 1).out();
        double[] a = adj[depth - 1];
        transpose(dOut, rows, outputs, a);
        double[] ta = null;
        if (pair) {
            ta = tadj[depth - 1];
            transpose(dTOut, rows, outputs, ta);
        }
        for (int l = depth - 1; l >= 0; l--) {
            Linear layer = layers.get(l);
            int ni = layer.in();
            int o = layer.out();
            if (grads != null) {
                accumulateOuter(in[l], a, ni, o, grads[2 * l]);
                if (pair) {
                    accumulateOuter(tin[l], ta, ni, o, grads[2 * l]);
                }
                addRowSums(a, o, grads[2 * l + 1]);
            }
            if (l == 0 && dIn == null && dTIn == null) {
                break;
            }
            double[] w = layer.weight().data();
            double[] h = hadj[l];
            productT(a, w, ni, o, h);
            double[] th = null;
            if (pair) {
                th = htadj[l];
                productT(ta, w, ni, o, th);
            }
            if (l == 0) {
                if (dIn != null) {
                    transpose(h, ni, rows, dIn);
                }
                if (dTIn != null && pair) {
                    transpose(th, ni, rows, dTIn);
                }
                break;
            }
            double[] p = pre[l - 1];
            double[] y = in[l];
            double[] na = adj[l - 1];
            int m = rows * ni;
            if (pair) {
                double[] tp = tpre[l - 1];
                double[] nta = tadj[l - 1];
                for (int i = 0; i < m; i++) {
                    double d1 = derivative(p[i], y[i]);
                    na[i] = d1 * h[i] + secondDerivative(p[i], y[i]) * tp[i] * th[i];
                    nta[i] = d1 * th[i];
                }
                ta = nta;
            } else {
                for (int i = 0; i < m; i++) {
                    na[i] = derivative(p[i], y[i]) * h[i];
                }
            }
            a = na;
        }
    }

    /**
     * K-FAC's A estimates of the last forward pass: per layer the mean over rows of
     * [h, 1][h, 1]ᵀ for its input h ((in_l + 1)², row-major, the homogeneous coordinate last).
     */
    double[][] inputMoments() {
        double[][] out = new double[depth][];
        for (int l = 0; l < depth; l++) {
            int k = layers.get(l).in();
            int m = k + 1;
            double[] a = new double[m * m];
            double[] h = in[l];
            double[] hh = new double[k * k];
            Dense.addMulTransB(h, h, hh, k, rows, k);
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    a[i * m + j] = hh[i * k + j] / rows;
                }
                double s = 0;
                for (int r = 0; r < rows; r++) {
                    s += h[i * rows + r];
                }
                a[i * m + k] = s / rows;
                a[k * m + i] = s / rows;
            }
            a[k * m + k] = 1.0;
            out[l] = a;
        }
        return out;
    }

    /**
     * K-FAC's G estimates for per-row output gradients {@code dOut} (rows × outputs): per layer
     * the mean over rows of g gᵀ for the gradient g at its pre-activation (out_l², row-major).
     */
    double[][] preactivationMoments(double[] dOut) {
        double[][] out = new double[depth][];
        double[] a = adj[depth - 1];
        transpose(dOut, rows, layers.get(depth - 1).out(), a);
        for (int l = depth - 1; l >= 0; l--) {
            Linear layer = layers.get(l);
            int o = layer.out();
            double[] g = new double[o * o];
            Dense.addMulTransB(a, a, g, o, rows, o);
            for (int i = 0; i < g.length; i++) {
                g[i] /= rows;
            }
            out[l] = g;
            if (l == 0) {
                break;
            }
            int ni = layer.in();
            double[] h = hadj[l];
            productT(a, layer.weight().data(), ni, o, h);
            double[] p = pre[l - 1];
            double[] y = in[l];
            double[] na = adj[l - 1];
            for (int i = 0; i < rows * ni; i++) {
                na[i] = derivative(p[i], y[i]) * h[i];
            }
            a = na;
        }
        return out;
    }

    /**
     * Folds K-FAC statistics of the last forward pass into {@code kfac} (when a factor update is
     * due): {@link #inputMoments} and {@link #preactivationMoments} for output gradients
     * {@code dOut}, the per-row gradients of a Fisher loss.
     */
    void foldFactors(Kfac kfac, double[] dOut) {
        if (kfac.factorUpdateDue()) {
            kfac.updateFactorEstimates(inputMoments(), preactivationMoments(dOut));
        }
    }

    /**
     * The Gauss-Newton statistics of the output as a unit-variance Gaussian: output gradients
     * −ε, ε ~ N(0, 1) drawn row by row from {@code rng} (the draws {@code FisherLoss.gaussian}
     * makes), folded by {@link #foldFactors}. The draws happen even when no update is due.
     */
    void foldGaussianFactors(Kfac kfac, Rng rng) {
        double[] noise = new double[rows * layers.get(depth - 1).out()];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = -rng.nextGaussian();
        }
        foldFactors(kfac, noise);
    }

    private void activate(double[] a, double[] y, int m) {
        switch (activation) {
            case RELU -> {
                for (int i = 0; i < m; i++) {
                    y[i] = a[i] > 0 ? a[i] : 0.0;
                }
            }
            case TANH -> {
                for (int i = 0; i < m; i++) {
                    y[i] = Math.tanh(a[i]);
                }
            }
            case ELU -> {
                for (int i = 0; i < m; i++) {
                    y[i] = a[i] > 0 ? a[i] : Math.expm1(a[i]);
                }
            }
            case IDENTITY -> System.arraycopy(a, 0, y, 0, m);
        }
    }

    /** σ'(a) given a and y = σ(a). */
    private double derivative(double a, double y) {
        return switch (activation) {
            case RELU -> a > 0 ? 1.0 : 0.0;
            case TANH -> 1.0 - y * y;
            case ELU -> a > 0 ? 1.0 : y + 1.0;
            case IDENTITY -> 1.0;
        };
    }

    /** σ''(a) given a and y = σ(a). */
    private double secondDerivative(double a, double y) {
        return switch (activation) {
            case RELU, IDENTITY -> 0.0;
            case TANH -> -2.0 * y * (1.0 - y * y);
            case ELU -> a > 0 ? 0.0 : y + 1.0;
        };
    }

    /** out (m × rows) = Wᵀ·h (+ out if {@code add}) for h (k × rows) and W (k × m, row-major). */
    private void product(double[] h, double[] w, int k, int m, boolean add, double[] out) {
        if (!add) {
            Arrays.fill(out, 0, m * rows, 0.0);
        }
        Dense.addMulTransA(w, h, out, k, m, rows);
    }

    /** out (k × rows) = W·a for a (m × rows) and W (k × m, row-major). */
    private void productT(double[] a, double[] w, int k, int m, double[] out) {
        Arrays.fill(out, 0, k * rows, 0.0);
        Dense.addMul(w, a, out, k, m, rows);
    }

    /** g[i·m + j] += Σ_rows h[i]·a[j] for h (k × rows) and a (m × rows). */
    private void accumulateOuter(double[] h, double[] a, int k, int m, double[] g) {
        Dense.addMulTransB(h, a, g, k, rows, m);
    }

    /** b[j] += Σ_rows a[j] for a (m × rows). */
    private void addRowSums(double[] a, int m, double[] b) {
        for (int j = 0; j < m; j++) {
            double s = 0;
            for (int r = 0; r < rows; r++) {
                s += a[j * rows + r];
            }
            b[j] += s;
        }
    }

    /** out[j] += b[j] along every row, for out (m × rows). */
    private void addBias(double[] b, int m, double[] out) {
        for (int j = 0; j < m; j++) {
            double c = b[j];
            for (int r = 0; r < rows; r++) {
                out[j * rows + r] += c;
            }
        }
    }

    /** dst (cols × rows) = srcᵀ for src (rows × cols), both dense. */
    private static void transpose(double[] src, int rows, int cols, double[] dst) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst[c * rows + r] = src[r * cols + c];
            }
        }
    }
}
