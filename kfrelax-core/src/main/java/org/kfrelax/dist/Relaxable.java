package org.kfrelax.dist;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.random.Rng;

/**
 * A discrete distribution written as a deterministic function of continuous noise, which
 * gives the relaxed sample z (differentiable in the parameters), the hard sample b = H(z)
 * (a constant), and the conditional sample z̃ ~ p(z | b) used by REBAR and RELAX.
 *
 * <p>Sampling protocol (one row per sample): {@code u = noise(batch, rng)},
 * {@code z = relaxed(u)}, {@code b = hard(z)}, {@code v = noise(batch, rng)},
 * {@code zt = conditional(b, v)}. Then b has the distribution p(b|θ), z has density
 * p(z|θ), and zt given b has density p(z|b, θ), so (b, zt) has the same joint law as (b, z).
 */
public interface Relaxable extends Distribution {

    /** Uniform noise on the open interval (0, 1), a constant batch×dim matrix. */
    Tensor noise(int batch, Rng rng);

    /** The relaxed sample z from uniform noise {@code u} (batch×dim), differentiable in the parameters. */
    Tensor relaxed(Tensor u);

    /** The hard sample b from z: a constant (0/1 values; one-hot rows for a categorical). */
    Tensor hard(Tensor z);

    /** A sample z̃ ~ p(z | b) from uniform noise {@code v}, differentiable in the parameters. */
    Tensor conditional(Tensor b, Tensor v);

    /** log p(z|θ) of each row of a relaxed sample (a vector of length rows), differentiable in the parameters. */
    Tensor logDensity(Tensor z);

    /** The temperature-λ concrete relaxation of z: σ(z/λ) or softmax(z/λ); {@code temperature} a scalar tensor. */
    Tensor concrete(Tensor z, Tensor temperature);

    /** Draws u, z = relaxed(u), b = hard(z), v and z̃ = conditional(b, v) at once. */
    default RelaxedSample relaxedSample(int batch, Rng rng) {
        checkBatch(batch);
        Tensor u = noise(batch, rng);
        Tensor v = noise(batch, rng);
        Tensor z = relaxed(u);
        Tensor b = hard(z);
        return new RelaxedSample(z, b, conditional(b, v));
    }

    /**
     * A relaxed sample, its hard sample and a conditional sample.
     *
     * @param z the relaxed sample, differentiable in the parameters
     * @param b the hard sample H(z), a constant
     * @param conditional z̃ ~ p(z | b), differentiable in the parameters
     */
    record RelaxedSample(Tensor z, Tensor b, Tensor conditional) {}
}
