package org.kfrelax.dist;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.random.Rng;

/**
 * A categorical distribution over K classes with logits (a vector, or a matrix of logit rows
 * with one row per sample), relaxed by Gumbel noise (the Gumbel-max trick). Samples are
 * one-hot rows.
 *
 * <ul>
 *   <li>log π = logSoftmax(logits); log p(b) = Σ_k b_k log π_k; entropy −Σ_k π_k log π_k.</li>
 *   <li>Relaxed sample: z_k = log π_k − log(−log u_k), u ~ U(0,1)^K; b = onehot(argmax z).</li>
 *   <li>Exact conditional z̃ ~ p(z|b): z̃_b = −log(−log v_b),
 *       z̃_k = −log(−(log v_k)/π_k − log v_b) for k ≠ b (a Gumbel with location log π_k
 *       truncated below z̃_b); differentiable in the logits through log π_k. Computed in log
 *       space so that a near-deterministic row (π_k → 0, e.g. logits [0, −800, −1]) stays
 *       finite with finite gradients: with L_k = log(−log v_k),
 *       z̃_k = −logaddexp(L_k − log π_k, L_b) = −(L_b + softplus(L_k − log π_k − L_b)) and
 *       z̃_b = −L_b.</li>
 *   <li>Density of z (independent Gumbels with locations log π_k):
 *       log p(z) = Σ_k −(z_k − log π_k) − exp(−(z_k − log π_k)).</li>
 *   <li>Concrete (Gumbel-softmax) relaxation softmax(z/λ).</li>
 * </ul>
 */
public final class Categorical extends LogitRelaxable {
    private final Tensor logPi;

    /** Classes with logits (unnormalized log-probabilities): a vector of K, or a matrix of rows. */
    public Categorical(Tensor logits) {
        super(logits, "Categorical logits");
        if (logits.cols() < 2) {
            throw new IllegalArgumentException("a categorical needs at least 2 classes, got " + logits.cols());
        }
        this.logPi = logits.logSoftmax();
    }

    /** log π, normalized row-wise. */
    public Tensor logProbs() {
        return logPi;
    }

    /** π. */
    public Tensor probs() {
        return logPi.exp();
    }

    @Override
    public Tensor sample(int batch, Rng rng) {
        return hard(relaxed(noise(batch, rng)));
    }

    /** Class indices of one-hot rows (or argmax of any rows). */
    public static int[] argmax(Tensor x) {
        Tensor m = x.rank() == 2 ? x : x.reshape(1, x.cols());
        int rows = m.rows();
        int cols = m.cols();
        double[] d = m.data();
        int[] idx = new int[rows];
        for (int i = 0; i < rows; i++) {
            int best = 0;
            for (int k = 1; k < cols; k++) {
                if (d[i * cols + k] > d[i * cols + best]) {
                    best = k;
                }
            }
            idx[i] = best;
        }
        return idx;
    }

    @Override
    public Tensor logProb(Tensor b) {
        Tensor x = Noise.rows(b, dim(), "categorical one-hot sample");
        return x.mul(logPi).sum(1);
    }

    @Override
    public Tensor entropy() {
        Tensor h = logPi.exp().mul(logPi).neg();
        return sumUnits(h);
    }

    /** The relaxed sample is located at log π. */
    @Override
    Tensor location() {
        return logPi;
    }

    /** Gumbel noise −log(−log u). */
    @Override
    double standardNoise(double u) {
        return gumbel(u);
    }

    /** The standard Gumbel variate −log(−log u) of a uniform u in (0, 1). */
    public static double gumbel(double u) {
        return -Math.log(-Math.log(u));
    }

    @Override
    public Tensor hard(Tensor z) {
        Tensor zz = Noise.rows(z, dim(), "relaxed sample z");
        return oneHot(argmax(zz), zz.cols());
    }

    @Override
    public Tensor conditional(Tensor b, Tensor v) {
        Tensor bb = Noise.oneHotRows(Noise.rows(b, dim(), "one-hot sample b"), "one-hot sample b");
        return conditional(argmax(bb), v);
    }

    /**
     * z̃ ~ p(z | b) for the classes {@code b} (one index per row of {@code v}) from uniforms
     * {@code v} (rows × K), in the stable form of the class Javadoc; the batched form the
     * per-episode RL estimators use.
     */
    public Tensor conditional(int[] b, Tensor v) {
        Tensor vv = Noise.openUnit(Noise.rows(v, dim(), "noise v"), "noise v");
        if (b.length != vv.rows()) {
            throw new IllegalArgumentException("b has " + b.length + " entries but v has " + vv.rows() + " rows");
        }
        checkBatch(vv.rows());
        int rows = vv.rows();
        int k = vv.cols();
        double[] vd = vv.data();
        double[] l = new double[vd.length];       // L_k = log(−log v_k)
        double[] lb = new double[vd.length];      // L_b, broadcast along the row
        double[] notB = new double[vd.length];    // 1 where k ≠ b
        double[] top = new double[vd.length];     // z̃_b = −L_b, broadcast along the row
        for (int i = 0; i < rows; i++) {
            if (b[i] < 0 || b[i] >= k) {
                throw new IllegalArgumentException("class index b[" + i + "] = " + b[i] + " is not in [0, " + k + ")");
            }
            double lbi = Math.log(-Math.log(vd[i * k + b[i]]));
            for (int j = 0; j < k; j++) {
                l[i * k + j] = Math.log(-Math.log(vd[i * k + j]));
                lb[i * k + j] = lbi;
                notB[i * k + j] = j == b[i] ? 0.0 : 1.0;
                top[i * k + j] = -lbi;
            }
        }
        Tensor lbT = Tensor.matrix(rows, k, lb);
        Tensor others = Tensor.matrix(rows, k, l).sub(logPi).sub(lbT).softplus().add(lbT).neg();
        return others.where(Tensor.matrix(rows, k, notB), Tensor.matrix(rows, k, top));
    }

    /** One-hot rows (rows × k) for class indices {@code idx}. */
    public static Tensor oneHot(int[] idx, int k) {
        double[] d = new double[idx.length * k];
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= k) {
                throw new IllegalArgumentException("class index " + idx[i] + " at row " + i + " is not in [0, " + k + ")");
            }
            d[i * k + idx[i]] = 1.0;
        }
        return Tensor.matrix(idx.length, k, d);
    }

    @Override
    public Tensor logDensity(Tensor z) {
        Tensor zz = Noise.rows(z, dim(), "relaxed sample z");
        Tensor d = zz.sub(logPi);
        return d.neg().sub(d.neg().exp()).sum(1);
    }

    @Override
    public Tensor concrete(Tensor z, Tensor temperature) {
        return z.div(temperature).softmax();
    }
}
