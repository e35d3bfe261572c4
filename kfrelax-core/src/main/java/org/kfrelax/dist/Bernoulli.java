package org.kfrelax.dist;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.random.Rng;

/**
 * Independent Bernoulli units with logits ℓ (p = σ(ℓ)), relaxed by logistic noise.
 *
 * <ul>
 *   <li>log p(b|ℓ) = Σ_k b_k ℓ_k − softplus(ℓ_k); entropy Σ_k softplus(ℓ_k) − p_k ℓ_k.</li>
 *   <li>Relaxed sample: z = ℓ + log u − log(1−u), u ~ U(0,1); b = H(z) (so P(b=1) = σ(ℓ)).</li>
 *   <li>Conditional z̃ ~ p(z|b): v' = v(1−p) if b = 0, v' = vp + (1−p) if b = 1,
 *       z̃ = ℓ + log v' − log(1−v'), computed in the equivalent stable forms
 *       z̃ = log v − softplus(−ℓ) − log1p(−(1−p)v) (b = 0) and
 *       z̃ = softplus(ℓ) + log1p(−p(1−v)) − log(1−v) (b = 1);
 *       differentiable in ℓ through v' as well.</li>
 *   <li>Density of z (logistic with location ℓ): log p(z|ℓ) = Σ_k logσ(z_k−ℓ_k) + logσ(ℓ_k−z_k).</li>
 *   <li>Concrete relaxation σ(z/λ).</li>
 * </ul>
 */
public final class Bernoulli extends LogitRelaxable {

    /** Units with logits ℓ: a vector (shared by every sample) or a matrix with one row per sample. */
    public Bernoulli(Tensor logits) {
        super(logits, "Bernoulli logits");
    }

    /** p = σ(ℓ). */
    public Tensor probs() {
        return logits.sigmoid();
    }

    @Override
    public Tensor sample(int batch, Rng rng) {
        return hard(relaxed(noise(batch, rng))).detach();
    }

    @Override
    public Tensor logProb(Tensor b) {
        Tensor x = Noise.rows(b, dim(), "Bernoulli sample");
        return x.mul(logits).sub(logits.softplus()).sum(1);
    }

    @Override
    public Tensor entropy() {
        Tensor h = logits.softplus().sub(probs().mul(logits));
        return sumUnits(h);
    }

    /** The relaxed sample is located at ℓ. */
    @Override
    Tensor location() {
        return logits;
    }

    /** Logistic noise log u − log(1−u). */
    @Override
    double standardNoise(double u) {
        return Math.log(u) - Math.log1p(-u);
    }

    @Override
    public Tensor hard(Tensor z) {
        return Noise.rows(z, dim(), "relaxed sample z").heaviside();
    }

    @Override
    public Tensor conditional(Tensor b, Tensor v) {
        Tensor bb = Noise.binary(Noise.rows(b, dim(), "hard sample b"), "hard sample b");
        Tensor vv = Noise.openUnit(Noise.rows(v, dim(), "noise v"), "noise v");
        checkConditional(bb, vv);
        Tensor p = probs();
        Tensor q = logits.neg().sigmoid(); // 1 − p, computed without cancellation
        Tensor logV = vv.log();
        Tensor log1mV = vv.rsub(1.0).log();
        // b = 0: v' = v(1−p)
        Tensor z0 = logV.sub(logits.neg().softplus()).sub(q.mul(vv).neg().log1p());
        // b = 1: v' = vp + 1 − p = 1 − p(1−v)
        Tensor z1 = logits.softplus().add(p.mul(vv.rsub(1.0)).neg().log1p()).sub(log1mV);
        return z1.where(bb, z0);
    }

    @Override
    public Tensor logDensity(Tensor z) {
        Tensor zz = Noise.rows(z, dim(), "relaxed sample z");
        Tensor d = zz.sub(logits);
        return d.logSigmoid().add(d.neg().logSigmoid()).sum(1);
    }

    @Override
    public Tensor concrete(Tensor z, Tensor temperature) {
        return z.div(temperature).sigmoid();
    }
}
