package org.kfrelax.experiments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Bernoulli;
import org.kfrelax.estimators.DifferentiableObjective;
import org.kfrelax.estimators.Estimate;
import org.kfrelax.estimators.Estimator;
import org.kfrelax.estimators.Estimators;
import org.kfrelax.estimators.KfacSurrogateOptimizer;
import org.kfrelax.estimators.Relax;
import org.kfrelax.estimators.Rebar;
import org.kfrelax.optim.Adam;
import org.kfrelax.optim.NonFiniteException;
import org.kfrelax.random.Pcg64;
import org.kfrelax.random.Rng;
import org.kfrelax.stats.MeanStd;

/**
 * One run of the toy problem with one estimator: the logit ℓ (starting at 0, p = 0.5) is
 * trained by Adam on the estimator's gradient; the estimator's own parameters by their
 * variance gradient each iteration. Every {@code evalEvery} iterations (before that
 * iteration's update) M independent single-batch estimates at the current parameters give
 * the gradient's sample mean and variance; they use their own random stream, so evaluation
 * does not change the training trajectory.
 *
 * <p>Numerical divergence (a {@link NonFiniteException} from Adam, K-FAC or the checks here: a
 * non-finite estimate or logit) ends the run early with the reason in its {@link Result}; the
 * rows sent so far stay valid and the result describes the last good logit.
 */
public final class ToyRun {
    private ToyRun() {}

    /**
     * Settings of a run.
     *
     * @param estimator the estimator name ({@link Estimators#NAMES})
     * @param target t
     * @param iters number of iterations
     * @param seed the seed (≥ 0)
     * @param lr Adam learning rate of the logit
     * @param batch samples per estimate
     * @param evalEvery evaluation period in iterations, 0 for none
     * @param evalSamples M, estimates per evaluation
     * @param settings the estimator settings
     * @param rebarCoupling how REBAR draws its conditional sample's noise
     */
    public record Config(String estimator, double target, int iters, long seed, double lr, int batch, int evalEvery,
            int evalSamples, Estimators.Settings settings, Rebar.Coupling rebarCoupling) {}

    /**
     * One iteration's record: {@code gradMean}, {@code gradVar} are NaN when not evaluated;
     * {@code reinforceVar} is REINFORCE's exact variance at this θ ({@link ToyProblem#reinforceVariance}).
     */
    public record Row(int iter, double theta, double p, double loss, double gradMean, double gradVar, double exactGrad,
            double reinforceVar) {
        public boolean evaluated() {
            return !Double.isNaN(gradVar);
        }

        /** The standard error of {@code gradMean}, √(gradVar / M) for M estimates. */
        public double gradStdErr(int samples) {
            return Math.sqrt(gradVar / samples);
        }

        /**
         * z = (gradMean − exactGrad) / SE: approximately standard normal when the estimator is
         * unbiased (so |z| &gt; 2 at about 4.6 % of evaluations); NaN when not evaluated or SE = 0.
         */
        public double z(int samples) {
            double se = gradStdErr(samples);
            return evaluated() && se > 0 ? (gradMean - exactGrad) / se : Double.NaN;
        }
    }

    /** Receives rows as the run goes. */
    @FunctionalInterface
    public interface Sink {
        void accept(Row row) throws java.io.IOException;
    }

    /**
     * The outcome: timing excludes evaluation; {@code learned} holds REBAR's final η and λ (else
     * empty); {@code logVarianceVsReinforce} is the mean over evaluations of ln(gradVar / reinforceVar),
     * the average gap between the estimator's log-variance curve and REINFORCE's at the same θ
     * (0 = REINFORCE's; NaN without evaluations or when a measured variance is 0);
     * {@code iterations} completed (fewer than asked when the run diverged, with its
     * {@code divergenceReason}; null otherwise); {@code kfacSkippedUpdates} counts kf-relax's
     * skipped K-FAC updates.
     */
    public record Result(String estimator, boolean unbiased, double finalTheta, double finalP, double finalLoss, double trainSeconds,
            double itersPerSecond, Map<String, Double> learned, double logVarianceVsReinforce, int iterations,
            long kfacSkippedUpdates, String divergenceReason) {
        /** Whether the run ended early because of numerical divergence. */
        public boolean diverged() {
            return divergenceReason != null;
        }
    }

    /** The configured estimator: REBAR with the configured coupling, every other one from {@link Estimators}. */
    static Estimator estimator(Config c) {
        return c.estimator().equals("rebar") ? new Rebar(c.settings().lr(), c.rebarCoupling())
                : Estimators.create(c.estimator(), 1, c.settings());
    }

    /** sum / n, or NaN when n = 0 or the sum is not finite. */
    private static double meanIfFinite(double sum, int n) {
        return n == 0 || !Double.isFinite(sum) ? Double.NaN : sum / n;
    }

    /** REBAR's learned scale η and temperature λ; nothing for the other estimators. */
    static Map<String, Double> learned(Estimator est) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (est instanceof Rebar r) {
            m.put("eta", r.eta());
            m.put("temperature", r.temperature());
        }
        return m;
    }

    /** The K-FAC step of kf-relax's surrogate, or null for estimators without one. */
    private static KfacSurrogateOptimizer kfac(Estimator est) {
        return est instanceof Relax r && r.optimizer() instanceof KfacSurrogateOptimizer k ? k : null;
    }

    /**
     * Runs the configuration, sending each row to {@code sink}, calling {@code onIteration} after
     * each and sending warnings (one line each: K-FAC's skipped updates) to {@code warnings}.
     */
    public static Result run(Config c, Sink sink, Runnable onIteration, Consumer<String> warnings) throws java.io.IOException {
        ToyProblem problem = new ToyProblem(c.target());
        DifferentiableObjective f = problem.objective();
        Estimator est = estimator(c);
        int[] iteration = new int[1];
        KfacSurrogateOptimizer kfac = kfac(est);
        if (kfac != null) {
            kfac.onSkip((reason, n) -> warnings.accept("iteration " + iteration[0] + ": " + reason));
        }
        Tensor logit = Tensor.paramVector(0.0);
        Tensor[] theta = {logit};
        Adam adam = new Adam(List.of(logit), c.lr());
        Rng rng = new Pcg64(c.seed());
        Rng evalRng = new Pcg64(c.seed() + 1_000_003L);
        long trainNanos = 0;
        double logRatioSum = 0;
        int evaluations = 0;
        String divergence = null;
        int done = 0;
        for (int it = 0; it < c.iters(); it++) {
            iteration[0] = it;
            double l = logit.item();
            try {
                double gm = Double.NaN;
                double gv = Double.NaN;
                if (c.evalEvery() > 0 && it % c.evalEvery() == 0) {
                    double[] g = new double[c.evalSamples()];
                    for (int i = 0; i < g.length; i++) {
                        g[i] = est.estimate(theta, new Bernoulli(logit), f, c.batch(), evalRng, false).gradient()[0].item();
                        if (!Double.isFinite(g[i])) {
                            throw new NonFiniteException("gradient estimate " + i + " of the evaluation is " + g[i]);
                        }
                    }
                    MeanStd mv = MeanStd.of(g);
                    gm = mv.mean();
                    gv = mv.variance();
                }
                double rv = problem.reinforceVariance(l);
                if (!Double.isNaN(gv)) {
                    logRatioSum += Math.log(gv / rv); // −∞ for a zero variance: reported as NaN below
                    evaluations++;
                }
                sink.accept(new Row(it, l, ToyProblem.probability(l), problem.loss(l), gm, gv, problem.exactGradient(l), rv));
                long t0 = System.nanoTime();
                Estimate e = est.estimate(theta, new Bernoulli(logit), f, c.batch(), rng, true);
                adam.step(e.gradient());
                est.update(e);
                trainNanos += System.nanoTime() - t0;
                if (!logit.isFinite()) {
                    double bad = logit.item();
                    logit.data()[0] = l;   // keep the last good logit
                    throw new NonFiniteException("the logit became " + bad + " after Adam's step");
                }
            } catch (NonFiniteException e) {
                divergence = "iteration " + it + ": " + e.getMessage();
                break;
            }
            done++;
            onIteration.run();
        }
        double l = logit.item();
        double secs = trainNanos / 1e9;
        return new Result(est.name(), est.isUnbiased(), l, ToyProblem.probability(l), problem.loss(l), secs,
                done / Math.max(secs, 1e-9), learned(est), meanIfFinite(logRatioSum, evaluations), done,
                kfac == null ? 0 : kfac.skippedUpdates(), divergence);
    }
}
