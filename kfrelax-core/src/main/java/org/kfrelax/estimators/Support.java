package org.kfrelax.estimators;

import java.util.List;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Bernoulli;
import org.kfrelax.dist.Distribution;
import org.kfrelax.dist.Gaussian;
import org.kfrelax.dist.Relaxable;

/** Shared steps of the estimators: evaluating f, differentiating, checking arguments. */
final class Support {
    private Support() {}

    /** f of every row of a constant batch×dim matrix ({@link Objective#values}); rejects non-finite values. */
    static double[] values(Objective f, Tensor x) {
        double[] out = f.values(x);
        if (out.length != x.rows()) {
            throw new IllegalArgumentException("objective returned " + out.length + " values for " + x.rows() + " samples");
        }
        for (int i = 0; i < out.length; i++) {
            if (!Double.isFinite(out[i])) {
                throw new IllegalArgumentException("objective returned " + out[i] + " for sample "
                        + java.util.Arrays.toString(x.row(i).data()) + "; it must be finite");
            }
        }
        return out;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** ∇θ of a scalar, as constants (no graph). */
    static Tensor[] gradient(Tensor scalar, Tensor[] theta) {
        return Autodiff.grad(scalar, theta);
    }

    /**
     * The score-function estimate ∇θ (1/B) Σ_i w_i log p(x_i|θ) for constant per-sample weights
     * w_i (f(x_i) minus a baseline), with the reported mean value {@code meanValue}.
     */
    static Estimate scoreFunction(double[] w, Distribution dist, Tensor x, Tensor[] theta, double meanValue) {
        Tensor s = vector(w).mul(dist.logProb(x)).mean();
        return Estimate.of(gradient(s, theta), meanValue);
    }

    /** An estimate and, when the variance gradient was computed, the {@link VarianceLoss} as a graph. */
    record Graded(Estimate estimate, Tensor[] estimateGraph) {}

    /**
     * ĝ = ∇θ obj and, if {@code varianceGradient}, ∇ψ of the {@link VarianceLoss} for the own
     * parameters ψ by double backprop ({@code obj} must depend on ψ so that ĝ does).
     */
    static Graded finish(Tensor obj, Tensor[] theta, List<Tensor> own, boolean varianceGradient, double meanValue) {
        Tensor[] g = Autodiff.grad(new Tensor[] {obj}, theta, null, varianceGradient);
        return finishGradient(g, own, varianceGradient, meanValue);
    }

    /**
     * The estimate ĝ (a graph in ψ if {@code varianceGradient}) and, if asked, ∇ψ of its
     * {@link VarianceLoss} for the own parameters ψ by double backprop.
     */
    static Graded finishGradient(Tensor[] g, List<Tensor> own, boolean varianceGradient, double meanValue) {
        if (!varianceGradient) {
            return new Graded(Estimate.of(g, meanValue), null);
        }
        Tensor loss = VarianceLoss.of(g);
        Tensor[] vg = Autodiff.grad(new Tensor[] {loss}, own.toArray(new Tensor[0]), null, false);
        return new Graded(new Estimate(Autodiff.detach(g), vg, meanValue), g);
    }

    /** Rejects an update from an estimate without a variance gradient. */
    static void checkTrainable(Estimate e, String estimator) {
        if (!e.hasVarianceGradient()) {
            throw new IllegalArgumentException(estimator + ": update needs an estimate computed with varianceGradient = true");
        }
    }

    static void checkTheta(Tensor[] theta) {
        if (theta.length == 0) {
            throw new IllegalArgumentException("theta must hold at least one parameter tensor");
        }
        for (int i = 0; i < theta.length; i++) {
            if (!theta[i].requiresGrad()) {
                throw new IllegalArgumentException("theta[" + i + "] " + theta[i].shape()
                        + " does not require a gradient; make it a parameter (Tensor.param)");
            }
        }
    }

    static Relaxable relaxable(Distribution d, String estimator) {
        return require(d, Relaxable.class, estimator,
                "needs a discrete distribution with a relaxation (Bernoulli or Categorical)");
    }

    static Bernoulli bernoulli(Distribution d, String estimator) {
        return require(d, Bernoulli.class, estimator, "supports Bernoulli variables only");
    }

    static Gaussian gaussian(Distribution d, String estimator) {
        return require(d, Gaussian.class, estimator, "needs a continuous (Gaussian) distribution");
    }

    /** d as a {@code type}, else an IllegalArgumentException "estimator needs, got d's class". */
    private static <T extends Distribution> T require(Distribution d, Class<T> type, String estimator, String needs) {
        if (type.isInstance(d)) {
            return type.cast(d);
        }
        throw new IllegalArgumentException(estimator + " " + needs + ", got " + d.getClass().getSimpleName());
    }

    /** A constant vector of per-sample values. */
    static Tensor vector(double[] v) {
        return Tensor.vector(v);
    }

    static void checkTemperature(double t, String who) {
        if (!(t > 0) || !Double.isFinite(t)) {
            throw new IllegalArgumentException(who + ": temperature must be positive and finite, got " + t);
        }
    }
}
