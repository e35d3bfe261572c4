package org.kfrelax.rl;

/**
 * Row-wise log-softmax on plain arrays (n rows × k classes, row-major) and the pieces of its
 * backward pass that the hand-differentiated updates share.
 */
final class SoftmaxRows {
    private SoftmaxRows() {}

    /** log π = logits − logsumexp(logits) per row into {@code logp}, and π into {@code p} (if not null). */
    static void logSoftmax(double[] logits, int n, int k, double[] logp, double[] p) {
        for (int t = 0; t < n; t++) {
            int o = t * k;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logits[o + j]);
            }
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += Math.exp(logits[o + j] - max);
            }
            double lse = max + Math.log(s);
            for (int j = 0; j < k; j++) {
                logp[o + j] = logits[o + j] - lse;
                if (p != null) {
                    p[o + j] = Math.exp(logp[o + j]);
                }
            }
        }
    }

    /** δ ← δ − π Σ_j δ_j row by row: a gradient w.r.t. log π turned into one w.r.t. the logits. */
    static void backward(double[] delta, double[] p, int n, int k) {
        for (int t = 0; t < n; t++) {
            int o = t * k;
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += delta[o + j];
            }
            for (int j = 0; j < k; j++) {
                delta[o + j] -= p[o + j] * s;
            }
        }
    }

    /** ∂H/∂log π of the summed entropy H = −Σ π log π: −π (log π + 1), into {@code out}. */
    static void entropyGradient(double[] logp, double[] p, int n, int k, double[] out) {
        for (int i = 0; i < n * k; i++) {
            out[i] = -p[i] * (logp[i] + 1.0);
        }
    }
}
