package org.kfrelax.estimators;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Distribution;
import org.kfrelax.random.Rng;

/**
 * REINFORCE (the score-function estimator, Williams 1992), averaged over a batch:
 * ĝ = (1/B) Σ_i [f(x_i) − β] ∇θ log p(x_i|θ), x_i ~ p(x|θ).
 *
 * <p>Without a baseline β = 0. With a moving-average baseline, β is an exponential moving
 * average of the batch means of f from <em>earlier</em> updates (β ← d·β + (1−d)·mean f in
 * {@link #update}), so it is independent of the current samples and ĝ stays unbiased.
 * Works for any {@link Distribution}.
 */
public final class Reinforce implements Estimator {
    private final double decay;
    private final boolean useBaseline;
    private double baseline;
    private boolean baselineSet;

    /** Plain REINFORCE (no baseline). */
    public Reinforce() {
        this.decay = 0;
        this.useBaseline = false;
    }

    private Reinforce(double decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("baseline decay must be in [0, 1), got " + decay);
        }
        this.decay = decay;
        this.useBaseline = true;
    }

    /** REINFORCE with a moving-average baseline of the given decay (e.g. 0.9). */
    public static Reinforce withBaseline(double decay) {
        return new Reinforce(decay);
    }

    @Override
    public String name() {
        return useBaseline ? "reinforce-baseline" : "reinforce";
    }

    @Override
    public boolean isUnbiased() {
        return true;
    }

    /** The current baseline β (0 before the first update or without a baseline). */
    public double baseline() {
        return baseline;
    }

    @Override
    public Estimate estimate(Tensor[] theta, Distribution dist, Objective f, int batch, Rng rng, boolean varianceGradient) {
        Support.checkTheta(theta);
        Tensor x = dist.sample(dist.checkBatch(batch), rng);
        double[] fx = Support.values(f, x);
        double[] w = new double[fx.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = fx[i] - baseline;
        }
        return Support.scoreFunction(w, dist, x, theta, Support.mean(fx));
    }

    @Override
    public void update(Estimate estimate) {
        if (!useBaseline) {
            return;
        }
        if (!baselineSet) {
            baseline = estimate.meanValue();
            baselineSet = true;
        } else {
            baseline = decay * baseline + (1 - decay) * estimate.meanValue();
        }
    }
}
