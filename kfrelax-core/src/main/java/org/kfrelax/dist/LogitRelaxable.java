package org.kfrelax.dist;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.random.Rng;

/**
 * What Bernoulli and Categorical share: logits (a vector, or a matrix with one row per
 * sample), uniform noise, and a relaxed sample z = location + g(u) that adds a fixed
 * elementwise transform g of the noise (logistic or Gumbel) to a location computed from the
 * logits. Subclasses give the location, g and their formulas.
 */
abstract class LogitRelaxable implements Relaxable {
    final Tensor logits;

    LogitRelaxable(Tensor logits, String what) {
        Noise.checkParams(logits, what);
        this.logits = logits;
    }

    public Tensor logits() {
        return logits;
    }

    /** The location the transformed noise is added to (the logits, or the normalized log π). */
    abstract Tensor location();

    /** The standard noise g(u) of one uniform u. */
    abstract double standardNoise(double u);

    @Override
    public int dim() {
        return logits.cols();
    }

    @Override
    public int paramRows() {
        return logits.rank() == 2 ? logits.rows() : 1;
    }

    @Override
    public Tensor noise(int batch, Rng rng) {
        return Noise.uniform(checkBatch(batch), dim(), rng);
    }

    /** z = location + g(u), elementwise. */
    @Override
    public Tensor relaxed(Tensor u) {
        Tensor uu = Noise.openUnit(Noise.rows(u, dim(), "noise u"), "noise u");
        checkBatch(uu.rows());
        double[] ud = uu.data();
        double[] g = new double[ud.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = standardNoise(ud[i]);
        }
        return location().add(Tensor.matrix(uu.rows(), uu.cols(), g));
    }

    /** Per-unit values summed per parameter row: one value per row for matrix logits, else a scalar. */
    Tensor sumUnits(Tensor h) {
        return logits.rank() == 2 ? h.sum(1) : h.sum();
    }

    /** Checks that a hard sample and the conditional's noise have the same rows, a valid batch. */
    void checkConditional(Tensor b, Tensor v) {
        if (b.rows() != v.rows()) {
            throw new IllegalArgumentException("b has " + b.rows() + " rows but v has " + v.rows());
        }
        checkBatch(v.rows());
    }
}
