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
 *       truncated below z̃_b); differentiable in the logits through π_k.</li>
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
        return -Math.log(-Math.log(u));
    }

    @Override
    public Tensor hard(Tensor z) {
        Tensor zz = Noise.rows(z, dim(), "relaxed sample z");
        int[] idx = argmax(zz);
        int k = zz.cols();
        double[] d = new double[zz.size()];
        for (int i = 0; i < idx.length; i++) {
            d[i * k + idx[i]] = 1.0;
        }
        return Tensor.matrix(zz.rows(), k, d);
    }

    @Override
    public Tensor conditional(Tensor b, Tensor v) {
        Tensor bb = Noise.oneHotRows(Noise.rows(b, dim(), "one-hot sample b"), "one-hot sample b");
        Tensor vv = Noise.openUnit(Noise.rows(v, dim(), "noise v"), "noise v");
        checkConditional(bb, vv);
        int rows = vv.rows();
        int k = vv.cols();
        int[] idx = argmax(bb);
        double[] vd = vv.data();
        double[] e = new double[vd.length];      // −log v_k
        double[] eb = new double[rows];          // −log v_b
        double[] top = new double[vd.length];    // z̃_b = −log(−log v_b), broadcast along the row
        for (int i = 0; i < rows; i++) {
            eb[i] = -Math.log(vd[i * k + idx[i]]);
            for (int j = 0; j < k; j++) {
                e[i * k + j] = -Math.log(vd[i * k + j]);
                top[i * k + j] = -Math.log(eb[i]);
            }
        }
        Tensor others = Tensor.matrix(rows, k, e).mul(logPi.neg().exp())
                .add(Tensor.matrix(rows, 1, eb)).log().neg();
        return Tensor.matrix(rows, k, top).where(bb, others);
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
