package org.kfrelax.rl;

import java.util.Arrays;
import org.kfrelax.kfac.FisherLoss;
import org.kfrelax.kfac.Kfac;
import org.kfrelax.nn.Mlp;
import org.kfrelax.random.Rng;

/**
 * The episode gradients of {@link A2c} (A2C and ACKTR) with derivatives written by hand (the
 * same quantities as their graphs, tested equal). With log π = logSoftmax(f_θ(s)), advantages
 * A_t = R_t − V_ψ(s_t) held constant:
 * <pre>
 *   ĝ    = J_θᵀ L(A ⊙ e_a)           ∇θ of Σ_t A_t log π(a_t|s_t)
 *   ∇θH  = J_θᵀ L(−π ⊙ (log π + 1))   H = −Σ_t Σ_k π log π
 *   ∇ψ   = J_ψᵀ (2 (V − R) / n)       ∇ψ of mean_t (V − R)²
 * </pre>
 * with L(δ) = δ − π Σ_k δ_k the log-softmax backward and J the networks' backprop. For K-FAC,
 * {@link #foldPolicyFactors} and {@link #foldValueFactors} fold in the statistics of the true
 * Fisher losses (with the draws {@link FisherLoss} makes).
 */
final class ActorCriticKernel {
    private final MlpKernel policyPass;
    private final MlpKernel valuePass;
    private final int k;
    /** ĝ, ∇θH (policy parameter order) and the value loss gradient of the last {@link #run}. */
    final double[][] g;
    final double[][] gEntropy;
    final double[][] gValue;
    private int n;
    private double[] logits = new double[0];
    private double[] logp = new double[0];
    private double[] p = new double[0];
    private double[] delta = new double[0];
    private double[] dv = new double[0];

    ActorCriticKernel(Mlp policy, Mlp value, int nActions) {
        this.policyPass = new MlpKernel(policy);
        this.valuePass = new MlpKernel(value);
        this.k = nActions;
        this.g = policyPass.parameterArrays(0);
        this.gEntropy = policyPass.parameterArrays(0);
        this.gValue = valuePass.parameterArrays(0);
    }

    /** log π of the last run (n × nActions, row-major). */
    double[] logp() {
        return logp;
    }

    /** Computes {@link #g}, {@link #gEntropy} and {@link #gValue} for observations x (n × obsDim), actions a and discounted returns R. */
    void run(double[] x, int n, int[] a, double[] ret) {
        this.n = n;
        if (logp.length < n * k) {
            int cap = Math.max(n, 2 * logp.length / k);
            logits = new double[cap * k];
            logp = new double[cap * k];
            p = new double[cap * k];
            delta = new double[cap * k];
            dv = new double[cap];
        }
        System.arraycopy(policyPass.forward(x, n), 0, logits, 0, n * k);
        SoftmaxRows.logSoftmax(logits, n, k, logp, p);
        double[] v = valuePass.forward(x, n);
        Arrays.fill(delta, 0, n * k, 0.0);
        for (int t = 0; t < n; t++) {
            delta[t * k + a[t]] = ret[t] - v[t];
            dv[t] = 2.0 * (v[t] - ret[t]) / n;
        }
        SoftmaxRows.backward(delta, p, n, k);
        backward(policyPass, delta, g);
        SoftmaxRows.entropyGradient(logp, p, n, k, delta);
        SoftmaxRows.backward(delta, p, n, k);
        backward(policyPass, delta, gEntropy);
        backward(valuePass, dv, gValue);
    }

    private static void backward(MlpKernel pass, double[] dOut, double[][] grads) {
        for (double[] x : grads) {
            Arrays.fill(x, 0.0);
        }
        pass.backward(dOut, null, grads, null, null);
    }

    /**
     * Folds the policy's true-Fisher statistics into {@code kfac}: y ~ π drawn per row
     * ({@link FisherLoss#sampleCategorical}, always), output gradients π − e_y.
     */
    void foldPolicyFactors(Kfac kfac, Rng rng) {
        int[] y = FisherLoss.sampleCategorical(logits, n, k, rng);
        double[] d = new double[n * k];
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < k; j++) {
                d[t * k + j] = p[t * k + j] - (j == y[t] ? 1.0 : 0.0);
            }
        }
        policyPass.foldFactors(kfac, d);
    }

    /** Folds the value network's Gauss-Newton statistics into {@code kfac} (see {@link MlpKernel#foldGaussianFactors}). */
    void foldValueFactors(Kfac kfac, Rng rng) {
        valuePass.foldGaussianFactors(kfac, rng);
    }
}
