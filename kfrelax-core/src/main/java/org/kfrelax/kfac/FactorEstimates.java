package org.kfrelax.kfac;

import java.util.List;
import org.kfrelax.autodiff.Tensor;

/**
 * Fresh per-batch estimates Â, Ĝ for every block of a network: the one place K-FAC's
 * statistics are produced, whether from the layers' forward passes in a loss's graph
 * ({@link LayerPasses}) or handed in by the caller. Per layer, over all rows r (N in total) of
 * those passes' inputs x_r and pre-activation gradients g_r:
 * <pre>
 *   Â = (1/N) Σ_r [x_r, 1][x_r, 1]ᵀ      ((in+1)², the homogeneous coordinate last)
 *   Ĝ = (1/N) Σ_r (s g_r)(s g_r)ᵀ        (out²; s = c · rows of the pass for a MEAN Fisher loss, c for SUM)
 * </pre>
 * Both are symmetric; recorded estimates hold only their upper triangles (j ≥ i; the lower one
 * is scratch), which is all that folding them in reads ({@link KfacFactors#fold}). A layer whose
 * pre-activations got no gradient has no estimate ({@code null}) and keeps its running factors.
 * Recorded estimates live in their block's scratch arrays ({@link KfacBlock#freshA()}): valid
 * until the block's next estimate.
 */
final class FactorEstimates {
    private final double[][] a;
    private final double[][] g;
    /** The first layer whose estimate holds NaN or Inf, or −1: found while forming recorded estimates, checked later for given ones. */
    private final int firstNonFinite;

    private FactorEstimates(double[][] a, double[][] g, int firstNonFinite) {
        this.a = a;
        this.g = g;
        this.firstNonFinite = firstNonFinite;
    }

    /**
     * Estimates from the {input, pre-activation} pairs of each layer's passes and the gradients
     * of the Fisher loss w.r.t. those pre-activations (flattened in pass order; null = no gradient),
     * times {@code scale} (c above; 1 for a Fisher loss's own gradients).
     */
    static FactorEstimates recorded(KfacBlock[] blocks, List<List<Tensor[]>> passes, Tensor[] preactGrads,
                                    Kfac.Reduction reduction, double scale) {
        int n = blocks.length;
        double[][] fa = new double[n][];
        double[][] fg = new double[n][];
        int bad = -1;
        int k = 0;
        for (int i = 0; i < n; i++) {
            int in = blocks[i].in();
            int out = blocks[i].out();
            double[] a = blocks[i].freshA();
            double[] g = blocks[i].freshG();
            zeroUpper(a, in + 1);
            zeroUpper(g, out);
            long total = 0;
            for (Tensor[] r : passes.get(i)) {
                Tensor gy = preactGrads[k++];
                if (gy == null) {
                    continue;
                }
                int rows = r[0].size() / in;
                DenseOps.accumulateOuter(r[0].data(), rows, in, true, 1.0, a);
                double s = (reduction == Kfac.Reduction.MEAN ? rows : 1.0) * scale;
                DenseOps.accumulateOuter(gy.data(), rows, out, false, s * s, g);
                total += rows;
            }
            if (total == 0) {
                continue;
            }
            boolean finite = average(a, in + 1, total) & average(g, out, total);
            if (!finite && bad < 0) {
                bad = i;
            }
            fa[i] = a;
            fg[i] = g;
        }
        return new FactorEstimates(fa, fg, bad);
    }

    /** Zeroes the upper triangle (j ≥ i) of the n×n matrix m, where the sums accumulate. */
    private static void zeroUpper(double[] m, int n) {
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(m, i * n + i, (i + 1) * n, 0.0);
        }
    }

    /**
     * Divides the upper triangle of the summed second moment m (n×n) by {@code total} rows and
     * says whether it is finite (checked in the same pass).
     */
    private static boolean average(double[] m, int n, long total) {
        double inv = 1.0 / total;
        boolean finite = true;
        for (int i = 0; i < n; i++) {
            for (int j = i * n + i; j < (i + 1) * n; j++) {
                double v = m[j] * inv;
                m[j] = v;
                finite &= Double.isFinite(v);
            }
        }
        return finite;
    }

    /**
     * Estimates computed by the caller (row-major, symmetric; A of (in+1)², G of out² per layer),
     * checked against the blocks' shapes; the arrays of arrays are copied, the rows are not.
     *
     * @throws IllegalArgumentException on a count or shape mismatch
     */
    static FactorEstimates given(KfacBlock[] blocks, double[][] a, double[][] g) {
        if (a.length != blocks.length || g.length != blocks.length) {
            throw new IllegalArgumentException("K-FAC: expected estimates for " + blocks.length + " layers, got "
                    + a.length + " A and " + g.length + " G");
        }
        for (int i = 0; i < blocks.length; i++) {
            int in = blocks[i].in();
            int out = blocks[i].out();
            if (a[i].length != (in + 1) * (in + 1) || g[i].length != out * out) {
                throw new IllegalArgumentException("K-FAC: layer " + i + " needs A of " + (in + 1) + "² and G of "
                        + out + "² entries, got " + a[i].length + " and " + g[i].length);
            }
        }
        int bad = -1;
        for (int i = 0; i < blocks.length && bad < 0; i++) {
            if (!DenseOps.isFinite(a[i]) || !DenseOps.isFinite(g[i])) {
                bad = i;
            }
        }
        return new FactorEstimates(a.clone(), g.clone(), bad);
    }

    /** The first layer whose estimate contains NaN or Inf, or −1. */
    int firstNonFinite() {
        return firstNonFinite;
    }

    /** Folds every present estimate into its block's running factors (only after {@link #firstNonFinite} returned −1; shapes were checked when built). */
    void foldInto(KfacBlock[] blocks) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != null) {
                blocks[i].factors().fold(a[i], g[i]);
            }
        }
    }
}
