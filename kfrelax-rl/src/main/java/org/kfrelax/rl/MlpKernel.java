package org.kfrelax.rl;

import java.util.Arrays;
import java.util.List;
import org.kfrelax.nn.Activation;
import org.kfrelax.nn.Linear;
import org.kfrelax.nn.Mlp;

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
 * Reads the current parameter values on every call. Buffers are reused between calls (the
 * arrays returned are overwritten by the next call); not thread-safe.
 */
final class MlpKernel {
    private final List<Linear> layers;
    private final Activation activation;
    private final int depth;
    private int rows;
    private int capacity;
    /** in[l]: input of layer l (rows × in_l); in[0] is the caller's array. */
    private final double[][] in;
    private final double[][] pre;
    private final double[][] tin;
    private final double[][] tpre;
    private final double[][] adj;
    private final double[][] tadj;
    private final double[][] hadj;
    private final double[][] htadj;
    private double[] inputTangent;
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

    int depth() {
        return depth;
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
            if (l > 0) {
                in[l] = new double[cap * i];
            }
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

    /** Runs {@code n} rows of {@code x} (row-major, n × inputs; kept by reference) and returns the outputs (n × outputs). */
    double[] forward(double[] x, int n) {
        ensure(n);
        rows = n;
        in[0] = x;
        inputTangent = null;
        for (int l = 0; l < depth; l++) {
            affine(in[l], layers.get(l), pre[l]);
            if (l + 1 < depth) {
                activate(pre[l], in[l + 1], n * layers.get(l).out());
            }
        }
        return pre[depth - 1];
    }

    /** Input of layer {@code l} in the last forward pass (rows × in_l). */
    double[] layerInput(int l) {
        return in[l];
    }

    /** Pre-activation of layer {@code l} in the last forward pass (rows × out_l). */
    double[] preactivation(int l) {
        return pre[l];
    }

    /**
     * The tangent of the output of the last forward pass for input tangent {@code tx} (rows ×
     * inputs, or null for none) and parameter tangents {@code dW}, {@code db} (per layer, or
     * null for none).
     */
    double[] tangent(double[] tx, double[][] dW, double[][] db) {
        inputTangent = tx;
        parameterTangent = dW != null;
        for (int l = 0; l < depth; l++) {
            Linear layer = layers.get(l);
            int o = layer.out();
            double[] t = tpre[l];
            double[] h = l == 0 ? tx : tin[l];
            if (h != null) {
                matmul(h, layer.weight().data(), rows, layer.in(), o, t);
            } else {
                Arrays.fill(t, 0, rows * o, 0.0);
            }
            if (dW != null) {
                matmulAdd(in[l], dW[l], rows, layer.in(), o, t);
                double[] b = db[l];
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < o; j++) {
                        t[r * o + j] += b[j];
                    }
                }
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
        return tpre[depth - 1];
    }

    /**
     * Reverse pass from output adjoints {@code dOut} (rows × outputs) and, if not null, output
     * tangent adjoints {@code dTOut} (after a {@link #tangent} with an input tangent only).
     * Adds the parameter gradients into {@code gW}, {@code gb} (per layer; null to skip) and
     * writes the input adjoints into {@code dIn} / {@code dTIn} (rows × inputs; null to skip).
     */
    void backward(double[] dOut, double[] dTOut, double[][] gW, double[][] gb, double[] dIn, double[] dTIn) {
        boolean pair = dTOut != null;
        if (pair && (inputTangent == null || parameterTangent)) {
            throw new IllegalStateException("the pair reverse pass needs a tangent pass with an input tangent and no parameter tangent");
        }
        double[] a = dOut;
        double[] ta = dTOut;
        for (int l = depth - 1; l >= 0; l--) {
            Linear layer = layers.get(l);
            int ni = layer.in();
            int o = layer.out();
            if (gW != null) {
                accumulateTN(in[l], a, rows, ni, o, gW[l]);
                if (pair) {
                    accumulateTN(l == 0 ? inputTangent : tin[l], ta, rows, ni, o, gW[l]);
                }
                double[] b = gb[l];
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < o; j++) {
                        b[j] += a[r * o + j];
                    }
                }
            }
            if (l == 0 && dIn == null && dTIn == null) {
                break;
            }
            double[] w = layer.weight().data();
            double[] h = l == 0 && dIn != null ? dIn : hadj[l];
            matmulNT(a, w, rows, o, ni, h);
            double[] th = null;
            if (pair) {
                th = l == 0 && dTIn != null ? dTIn : htadj[l];
                matmulNT(ta, w, rows, o, ni, th);
            }
            if (l == 0) {
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

    /** Per-row gradients at every layer's pre-activation for output gradients {@code dOut} (rows × outputs); arrays reused. */
    double[][] preactivationGradients(double[] dOut) {
        double[] a = dOut;
        double[][] out = new double[depth][];
        out[depth - 1] = dOut;
        for (int l = depth - 1; l > 0; l--) {
            Linear layer = layers.get(l);
            int ni = layer.in();
            double[] h = hadj[l];
            matmulNT(a, layer.weight().data(), rows, layer.out(), ni, h);
            double[] p = pre[l - 1];
            double[] y = in[l];
            double[] na = adj[l - 1];
            for (int i = 0; i < rows * ni; i++) {
                na[i] = derivative(p[i], y[i]) * h[i];
            }
            out[l - 1] = na;
            a = na;
        }
        return out;
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

    /** out = x·W + b (rows × o) for the layer's W and b. */
    private void affine(double[] x, Linear layer, double[] out) {
        int ni = layer.in();
        int o = layer.out();
        double[] w = layer.weight().data();
        double[] b = layer.bias().data();
        matmul(x, w, rows, ni, o, out);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < o; j++) {
                out[r * o + j] += b[j];
            }
        }
    }

    /** out = x (n×k) · w (k×m). */
    private static void matmul(double[] x, double[] w, int n, int k, int m, double[] out) {
        Arrays.fill(out, 0, n * m, 0.0);
        matmulAdd(x, w, n, k, m, out);
    }

    /** out += x (n×k) · w (k×m). */
    private static void matmulAdd(double[] x, double[] w, int n, int k, int m, double[] out) {
        for (int r = 0; r < n; r++) {
            int ro = r * m;
            for (int i = 0; i < k; i++) {
                double xv = x[r * k + i];
                if (xv == 0.0) {
                    continue;
                }
                int wo = i * m;
                for (int j = 0; j < m; j++) {
                    out[ro + j] += xv * w[wo + j];
                }
            }
        }
    }

    /** out = a (n×m) · wᵀ, with w (k×m): out is n×k. */
    private static void matmulNT(double[] a, double[] w, int n, int m, int k, double[] out) {
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < k; i++) {
                double s = 0;
                for (int j = 0; j < m; j++) {
                    s += a[r * m + j] * w[i * m + j];
                }
                out[r * k + i] = s;
            }
        }
    }

    /** g += xᵀ (k×n) · a (n×m). */
    private static void accumulateTN(double[] x, double[] a, int n, int k, int m, double[] g) {
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < k; i++) {
                double xv = x[r * k + i];
                if (xv == 0.0) {
                    continue;
                }
                for (int j = 0; j < m; j++) {
                    g[i * m + j] += xv * a[r * m + j];
                }
            }
        }
    }
}
