package org.kfrelax.estimators;

import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Bernoulli;
import org.kfrelax.dist.Categorical;
import org.kfrelax.random.Rng;

/** Small problems with exact gradients by enumeration. */
final class TestProblems {
    private TestProblems() {}

    /** f(b) = Σ_i (b_i − t_i)² + 0.9 b0 b1 − 1.3 b1 b2 + 0.5 b0 b2, t = (0.2, 0.45, 0.7). */
    static final DifferentiableObjective THREE_BERNOULLIS = new DifferentiableObjective() {
        @Override
        public Tensor apply(Tensor x) {
            Tensor x0 = x.sliceCols(0, 1);
            Tensor x1 = x.sliceCols(1, 2);
            Tensor x2 = x.sliceCols(2, 3);
            Tensor sq = x.sub(Tensor.vector(0.2, 0.45, 0.7)).square().sumKeep(1);
            return sq.add(x0.mul(x1).mul(0.9)).sub(x1.mul(x2).mul(1.3)).add(x0.mul(x2).mul(0.5)).flatten();
        }

        @Override
        public double value(double[] b) {
            double s = (b[0] - 0.2) * (b[0] - 0.2) + (b[1] - 0.45) * (b[1] - 0.45) + (b[2] - 0.7) * (b[2] - 0.7);
            return s + 0.9 * b[0] * b[1] - 1.3 * b[1] * b[2] + 0.5 * b[0] * b[2];
        }
    };

    /** f(x) = (x·c)² + x·d for a one-hot x of 4 classes, c = (0.3, −1.2, 2.0, 0.7), d = (1, 0, −0.5, 0.2). */
    static final DifferentiableObjective FOUR_CLASSES = new DifferentiableObjective() {
        private final Tensor c = Tensor.matrix(4, 1, 0.3, -1.2, 2.0, 0.7);
        private final Tensor d = Tensor.matrix(4, 1, 1.0, 0.0, -0.5, 0.2);

        @Override
        public Tensor apply(Tensor x) {
            return x.matmul(c).square().add(x.matmul(d)).flatten();
        }

        @Override
        public double value(double[] x) {
            double[] cc = {0.3, -1.2, 2.0, 0.7};
            double[] dd = {1.0, 0.0, -0.5, 0.2};
            double a = 0;
            double b = 0;
            for (int k = 0; k < 4; k++) {
                a += x[k] * cc[k];
                b += x[k] * dd[k];
            }
            return a * a + b;
        }
    };

    /** ∇ℓ E[f(b)] for independent Bernoullis with logits ℓ (a vector parameter), by enumerating all 2^n b. */
    static double[] exactBernoulliGradient(double[] logits, Objective f) {
        int n = logits.length;
        Tensor l = Tensor.paramVector(logits);
        Bernoulli d = new Bernoulli(l);
        Tensor total = null;
        for (int mask = 0; mask < (1 << n); mask++) {
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                b[i] = (mask >> i) & 1;
            }
            Tensor term = d.logProb(Tensor.matrix(1, n, b)).exp().mul(f.value(b)).sum();
            total = total == null ? term : total.add(term);
        }
        return Autodiff.grad(total, l)[0].toArray();
    }

    /** E[f(b)] by enumeration. */
    static double exactBernoulliMean(double[] logits, Objective f) {
        int n = logits.length;
        double s = 0;
        for (int mask = 0; mask < (1 << n); mask++) {
            double[] b = new double[n];
            double p = 1;
            for (int i = 0; i < n; i++) {
                b[i] = (mask >> i) & 1;
                double pi = 1 / (1 + Math.exp(-logits[i]));
                p *= b[i] == 1 ? pi : 1 - pi;
            }
            s += p * f.value(b);
        }
        return s;
    }

    /** ∇ E[f(onehot k)] w.r.t. categorical logits, by enumeration. */
    static double[] exactCategoricalGradient(double[] logits, Objective f) {
        int k = logits.length;
        Tensor l = Tensor.paramVector(logits);
        Tensor logPi = new Categorical(l).logProbs();
        double[] fv = new double[k];
        for (int j = 0; j < k; j++) {
            double[] x = new double[k];
            x[j] = 1;
            fv[j] = f.value(x);
        }
        Tensor e = logPi.exp().mul(Tensor.vector(fv)).sum();
        return Autodiff.grad(e, l)[0].toArray();
    }

    /** Mean and standard error of n estimates, per component. */
    static double[][] meanAndStdErr(double[][] samples) {
        int n = samples.length;
        int k = samples[0].length;
        double[] mean = new double[k];
        double[] se = new double[k];
        for (double[] s : samples) {
            for (int j = 0; j < k; j++) {
                mean[j] += s[j] / n;
            }
        }
        for (double[] s : samples) {
            for (int j = 0; j < k; j++) {
                se[j] += (s[j] - mean[j]) * (s[j] - mean[j]);
            }
        }
        for (int j = 0; j < k; j++) {
            se[j] = Math.sqrt(se[j] / (n - 1) / n);
        }
        return new double[][] {mean, se};
    }

    /** n gradient estimates (w.r.t. the single vector parameter theta) with batch {@code batch}. */
    static double[][] estimates(Estimator e, Tensor theta, java.util.function.Function<Tensor, org.kfrelax.dist.Distribution> family,
            Objective f, int n, int batch, Rng rng) {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            Estimate est = e.estimate(new Tensor[] {theta}, family.apply(theta), f, batch, rng, false);
            out[i] = est.gradient()[0].toArray();
        }
        return out;
    }
}
