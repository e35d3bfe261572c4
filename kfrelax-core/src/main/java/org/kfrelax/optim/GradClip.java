package org.kfrelax.optim;

import org.kfrelax.autodiff.Tensor;

/** Global-norm gradient clipping: g ← g · min(1, maxNorm / ||g||₂) over all gradients together. */
public final class GradClip {
    private GradClip() {}

    /** The global L2 norm sqrt(Σ_i ||g_i||²). */
    public static double globalNorm(Tensor[] grads) {
        double s = 0.0;
        for (Tensor g : grads) {
            for (double d : g.data()) {
                s += d * d;
            }
        }
        return Math.sqrt(s);
    }

    /** Clipped copies of {@code grads} (the inputs are not modified: gradients may share arrays). */
    public static Tensor[] clipGlobalNorm(Tensor[] grads, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("gradient clipping needs maxNorm > 0, got " + maxNorm);
        }
        double norm = globalNorm(grads);
        if (!(norm > maxNorm)) {
            return grads.clone();
        }
        double scale = maxNorm / norm;
        Tensor[] out = new Tensor[grads.length];
        for (int i = 0; i < grads.length; i++) {
            out[i] = grads[i].mul(scale);
        }
        return out;
    }
}
