package org.kfrelax.experiments;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.estimators.DifferentiableObjective;

/**
 * The method's synthetic problem: minimize E[f(b)], f(b) = (b − t)², b ~ Bernoulli(σ(ℓ)).
 * Exactly: E[f] = p(1−t)² + (1−p)t² with p = σ(ℓ), and
 * dE[f]/dℓ = σ'(ℓ)·((1−t)² − t²) = p(1−p)(1 − 2t).
 */
public final class ToyProblem {
    private final double target;

    /** The problem with target t in [0, 1]. */
    public ToyProblem(double target) {
        if (!(target >= 0 && target <= 1)) {
            throw new IllegalArgumentException("target t must be in [0, 1], got " + target);
        }
        this.target = target;
    }

    public double target() {
        return target;
    }

    /** f(x) = (x − t)², per row, differentiable (so relaxation-based estimators can use it). */
    public DifferentiableObjective objective() {
        double t = target;
        return new DifferentiableObjective() {
            @Override
            public Tensor apply(Tensor x) {
                return x.sub(t).square().sum(1);
            }

            @Override
            public double value(double[] x) {
                double s = 0;
                for (double xi : x) {
                    s += (xi - t) * (xi - t);
                }
                return s;
            }
        };
    }

    /** σ(ℓ). */
    public static double probability(double logit) {
        return 1 / (1 + Math.exp(-logit));
    }

    /** E[f] at logit ℓ, exactly. */
    public double loss(double logit) {
        double p = probability(logit);
        return p * (1 - target) * (1 - target) + (1 - p) * target * target;
    }

    /**
     * The variance of REINFORCE's single-sample estimate f(b)(b − p) at logit ℓ, exactly:
     * p(1−p)²f(1)² + (1−p)p²f(0)² − (dE[f]/dℓ)². The reference for any estimator's variance at
     * the same ℓ (REINFORCE's own variance falls as p(1−p) when θ drifts from p = ½).
     */
    public double reinforceVariance(double logit) {
        double p = probability(logit);
        double f0 = target * target;
        double f1 = (1 - target) * (1 - target);
        double g = exactGradient(logit);
        return p * (1 - p) * (1 - p) * f1 * f1 + (1 - p) * p * p * f0 * f0 - g * g;
    }

    /** dE[f]/dℓ at logit ℓ, exactly. */
    public double exactGradient(double logit) {
        double p = probability(logit);
        return p * (1 - p) * ((1 - target) * (1 - target) - target * target);
    }
}
