package org.kfrelax.kfac;

import java.util.List;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.optim.NonFiniteException;
import org.kfrelax.random.Rng;

/**
 * Losses whose gradients w.r.t. the pre-activations give K-FAC's G factor. Each is a mean over
 * the batch rows (use {@link Kfac.Reduction#MEAN}, the default), so Kfac multiplies the
 * per-row gradients back by the batch size.
 * <ul>
 *   <li>True Fisher, categorical output: sample y ~ softmax(logits) from the model itself and
 *       backprop −log p(y) ({@link #categorical}); E_y[g gᵀ] is then the exact Fisher's G.</li>
 *   <li>True Fisher, Gaussian output with unit variance: backprop ½‖y − stopGradient(y + ε)‖²,
 *       ε ~ N(0, I) ({@link #gaussian}); in expectation the Gauss-Newton matrix (ACKTR's critic).</li>
 *   <li>Gauss-Newton of scalar outputs, exactly: backprop Σ mean_r y_r itself
 *       ({@link #scalarGaussNewton}); G is then the expectation of what {@link #gaussian} samples.</li>
 *   <li>Empirical Fisher: the training loss itself (no helper needed; see
 *       {@link Kfac#gradientsAndFactors}).</li>
 * </ul>
 */
public final class FisherLoss {
    private FisherLoss() {}

    /**
     * −mean_r log softmax(logits_r)[y_r] with y_r drawn from softmax(logits_r) (inverse CDF, one
     * {@code rng.nextDouble()} per row). {@code logits}: rows×classes, or a vector for one row.
     */
    public static Tensor categorical(Tensor logits, Rng rng) {
        Tensor l = logits.rank() == 2 ? logits : logits.reshape(1, logits.size());
        int[] y = sampleCategorical(l.data(), l.rows(), l.cols(), rng);
        return l.logSoftmax().gather(y).mean().neg();
    }

    /**
     * One class per row drawn from softmax(logits_r) by inverse CDF, one {@code rng.nextDouble()}
     * per row ({@code logits}: rows × classes, row-major) — the draws {@link #categorical} makes.
     *
     * @throws NonFiniteException if a row's logits are not finite (numerical divergence of the
     *     model that computed them)
     */
    public static int[] sampleCategorical(double[] logits, int rows, int k, Rng rng) {
        int[] y = new int[rows];
        double[] p = new double[k];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logits[r * k + j]);
            }
            if (!Double.isFinite(max)) {
                throw new NonFiniteException("FisherLoss.categorical: logits of row " + r + " are not finite (largest "
                        + max + ")");
            }
            double z = 0;
            for (int j = 0; j < k; j++) {
                p[j] = Math.exp(logits[r * k + j] - max);
                z += p[j];
            }
            double u = rng.nextDouble() * z;
            int pick = k - 1;
            double c = 0;
            for (int j = 0; j < k; j++) {
                c += p[j];
                if (u < c) {
                    pick = j;
                    break;
                }
            }
            y[r] = pick;
        }
        return y;
    }

    /** mean_r ½‖y_r − stopGradient(y_r + ε_r)‖² with ε ~ N(0, I) drawn row by row from {@code rng}. */
    public static Tensor gaussian(Tensor y, Rng rng) {
        double[] e = new double[y.size()];
        for (int i = 0; i < e.length; i++) {
            e[i] = rng.nextGaussian();
        }
        Tensor noise = y.rank() == 2 ? Tensor.matrix(y.rows(), y.cols(), e) : y.rank() == 1 ? Tensor.vector(e) : Tensor.scalar(e[0]);
        return gaussian(y, noise);
    }

    /** mean_r ½‖y_r − stopGradient(y_r + ε_r)‖² with the given noise ε (shaped like y). */
    public static Tensor gaussian(Tensor y, Tensor noise) {
        if (!y.sameShape(noise)) {
            throw new IllegalArgumentException("FisherLoss.gaussian: noise " + noise.shape() + " must match outputs " + y.shape());
        }
        int rows = y.rank() == 2 ? y.rows() : 1;
        return y.sub(y.detach().add(noise)).square().sum().mul(0.5 / rows);
    }

    /**
     * The exact Gauss-Newton (unit-Gaussian Fisher) statistic of outputs with one value per row:
     * Σ_e mean_r y_e,r over the given outputs (each rows×1, or a vector). Its gradient at a layer's
     * pre-activation h_r is J_r / rows with J_r = ∂y_r/∂h_r, which K-FAC's MEAN reduction turns
     * into J_r, so Ĝ = mean_r J_r J_rᵀ: the expectation over ε of the (ε J_r)(ε J_r)ᵀ that
     * {@link #gaussian} samples (E[ε²] = 1), without the noise. Only for one output per row: for k
     * outputs it would give (Σ_k J_k)(Σ_k J_k)ᵀ instead of Σ_k J_k J_kᵀ.
     *
     * @throws IllegalArgumentException if there are no outputs or one has more than one column
     */
    public static Tensor scalarGaussNewton(List<Tensor> outputs) {
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("FisherLoss.scalarGaussNewton: no outputs");
        }
        Tensor loss = null;
        for (Tensor y : outputs) {
            if (y.rank() == 2 && y.cols() != 1) {
                throw new IllegalArgumentException("FisherLoss.scalarGaussNewton: outputs must have one column, got "
                        + y.shape());
            }
            Tensor l = y.mean();
            loss = loss == null ? l : loss.add(l);
        }
        return loss;
    }
}
