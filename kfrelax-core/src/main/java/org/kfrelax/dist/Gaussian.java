package org.kfrelax.dist;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.random.Rng;

/**
 * A diagonal Gaussian with mean μ and log standard deviation s (σ = exp s), each a vector or
 * a matrix with one row per sample (broadcastable against each other).
 *
 * <ul>
 *   <li>log p(a) = Σ_k −½((a_k − μ_k)/σ_k)² − s_k − ½ log 2π;
 *       entropy Σ_k s_k + ½ log(2πe).</li>
 *   <li>Reparameterized sample a = μ + σ·ε, ε ~ N(0, I): differentiable in μ and s.</li>
 * </ul>
 */
public final class Gaussian implements Distribution {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final Tensor mean;
    private final Tensor logStd;

    public Gaussian(Tensor mean, Tensor logStd) {
        Noise.checkParams(mean, "Gaussian mean");
        Noise.checkParams(logStd, "Gaussian log-std");
        if (mean.cols() != logStd.cols()) {
            throw new IllegalArgumentException("Gaussian mean has " + mean.cols() + " dimensions but log-std has "
                    + logStd.cols());
        }
        if (mean.rank() == 2 && logStd.rank() == 2 && mean.rows() != logStd.rows()
                && mean.rows() != 1 && logStd.rows() != 1) {
            throw new IllegalArgumentException("Gaussian mean " + mean.shape() + " and log-std " + logStd.shape()
                    + " have different rows");
        }
        this.mean = mean;
        this.logStd = logStd;
    }

    public Tensor mean() {
        return mean;
    }

    public Tensor logStd() {
        return logStd;
    }

    @Override
    public int dim() {
        return mean.cols();
    }

    @Override
    public int paramRows() {
        int r1 = mean.rank() == 2 ? mean.rows() : 1;
        int r2 = logStd.rank() == 2 ? logStd.rows() : 1;
        return Math.max(r1, r2);
    }

    /** Standard normal noise ε, a constant batch×dim matrix. */
    public Tensor noise(int batch, Rng rng) {
        return Noise.gaussian(checkBatch(batch), dim(), rng);
    }

    /** a = μ + exp(s)·ε, differentiable in μ and s. */
    public Tensor reparameterized(Tensor eps) {
        Tensor e = Noise.finite(Noise.rows(eps, dim(), "noise eps"), "noise eps");
        checkBatch(e.rows());
        return mean.add(logStd.exp().mul(e));
    }

    @Override
    public Tensor sample(int batch, Rng rng) {
        return reparameterized(noise(batch, rng)).detach();
    }

    @Override
    public Tensor logProb(Tensor a) {
        Tensor x = Noise.rows(a, dim(), "Gaussian sample");
        Tensor zscore = x.sub(mean).mul(logStd.neg().exp());
        return zscore.square().mul(-0.5).sub(logStd).sub(HALF_LOG_2PI).sum(1);
    }

    @Override
    public Tensor entropy() {
        Tensor h = logStd.add(HALF_LOG_2PI + 0.5);
        return paramRows() > 1 ? h.broadcastTo(2, paramRows(), dim()).sum(1) : h.sum();
    }
}
