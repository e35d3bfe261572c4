package org.kfrelax.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Categorical;
import org.kfrelax.kfac.Kfac;
import org.kfrelax.kfac.LayerPasses;
import org.kfrelax.nn.Activation;
import org.kfrelax.nn.Linear;
import org.kfrelax.nn.Mlp;
import org.kfrelax.optim.Adam;
import org.kfrelax.random.Pcg64;

/**
 * The Gauss-Newton output source's statistics ({@link KfacSurrogateOptimizer.FisherSource#GAUSS_NEWTON_OUTPUT}):
 * Ĝ = mean_r ε_r² J_r J_rᵀ with J_r = ∂y_r/∂h_r and ε_r the Fisher loss's noise, over the rows of
 * both surrogate evaluations of a tiny RELAX estimate (a categorical over 3 classes in 2 rows,
 * c(z) = k·MLP(softmax(z/τ)) at z and z̃), checked against J_r from one backward pass per row;
 * whether read off the estimator's backward pass (taps) or computed by the step's own Fisher
 * loss, and with the output scale k = 0, where the estimator's pass carries no J_r. Tolerance
 * 1e-10 of the largest entry: the Fisher loss's gradient is y − (y + ε) in floating point, not ε.
 * And {@link org.kfrelax.kfac.FisherLoss#scalarGaussNewton}'s exact Ĝ = mean_r J_r J_rᵀ.
 */
class OutputGaussNewtonTest {

    private static Surrogate surrogate(double scale) {
        Surrogate s = Surrogate.scaledSoftmax(Mlp.create(new int[] {3, 4, 5, 1}, Activation.TANH, new Pcg64(5)), 0.7);
        s.scale().data()[0] = scale;
        return s;
    }

    /** Forms ĝ for fixed θ and noise, handing the taps' gradients to the step when {@code taps}. */
    private static Tensor[] estimate(Surrogate cv, SurrogateOptimizer opt, boolean taps) {
        Tensor theta = Tensor.paramMatrix(2, 3, 0.2, -0.4, 0.1, -0.3, 0.5, 0.05);
        Categorical pi = new Categorical(theta);
        Tensor z = pi.relaxed(Tensor.matrix(2, 3, 0.3, 0.8, 0.55, 0.9, 0.2, 0.6));
        int[] b = Categorical.argmax(z);
        Tensor zt = pi.conditional(b, Tensor.matrix(2, 3, 0.7, 0.25, 0.4, 0.15, 0.65, 0.35));
        Tensor cz = cv.apply(pi, z);
        Tensor czt = cv.apply(pi, zt);
        Tensor[] t = taps ? opt.pathwiseTaps(cv) : new Tensor[0];
        Tensor[] g = RelaxGradient.of(new Tensor[] {theta}, t, pi.logProbs().gather(b), Tensor.vector(1.5, -0.7), cz,
                czt, 0.5, true);
        if (t.length > 0) {   // the step asked for taps (pathwiseFactorUpdates says whether it used them)
            opt.pathwiseGradients(Arrays.copyOfRange(g, 1, g.length));
        }
        return Arrays.copyOf(g, 1);
    }

    /**
     * mean_r ε_r² J_r J_rᵀ per layer, J_r by one backward pass of y_r alone per row of each
     * evaluation, ε drawn from {@code eps} row by row in call order (null: ε = 1).
     */
    private static double[][] explicitG(Surrogate cv, Pcg64 eps) {
        SurrogateOptimizer none = new AdamSurrogateOptimizer(1e-3);
        cv.startRecording();
        estimate(cv, none, false);
        List<Tensor> outputs = cv.stopRecording();
        List<Linear> layers = cv.mlp().layers();
        double[][] g = new double[layers.size()][];
        int rows = 0;
        for (Tensor y : outputs) {
            List<List<Tensor[]>> passes = LayerPasses.find(layers, y.sum()).byLayer();
            for (int r = 0; r < y.rows(); r++) {
                double[] seed = new double[y.rows()];
                seed[r] = eps == null ? 1 : eps.nextGaussian();
                for (int i = 0; i < layers.size(); i++) {
                    Tensor h = passes.get(i).get(0)[1];
                    Tensor d = Autodiff.grad(new Tensor[] {y}, new Tensor[] {h}, new Tensor[] {Tensor.matrix(y.rows(), 1, seed)},
                            false)[0];
                    int out = layers.get(i).out();
                    if (g[i] == null) {
                        g[i] = new double[out * out];
                    }
                    for (int a = 0; a < out; a++) {
                        for (int c = 0; c < out; c++) {
                            g[i][a * out + c] += d.data()[r * out + a] * d.data()[r * out + c];
                        }
                    }
                }
            }
            rows += y.rows();
        }
        for (double[] gi : g) {
            for (int j = 0; j < gi.length; j++) {
                gi[j] /= rows;
            }
        }
        return g;
    }

    /** The step's first factor update (a plain mean, so the running G is the fresh Ĝ), with or without taps. */
    private static KfacSurrogateOptimizer firstUpdate(Surrogate cv, Kfac kfac, boolean taps) {
        KfacSurrogateOptimizer opt = new KfacSurrogateOptimizer(KfacSurrogateOptimizer.FisherSource.GAUSS_NEWTON_OUTPUT,
                cv, kfac, new Adam(cv.extraParameters(), 1e-3), new Pcg64(1));
        opt.beginRecording(cv);
        Tensor[] g = estimate(cv, opt, taps);
        opt.step(cv, Autodiff.grad(VarianceLoss.of(g), cv.parameters().toArray(Tensor[]::new)), g);
        return opt;
    }

    private static void check(double scale, boolean taps, long pathwise) {
        Surrogate cv = surrogate(scale);
        double[][] expected = explicitG(cv, new Pcg64(1));
        Kfac kfac = Kfac.builder(cv.mlp().layers()).build();
        KfacSurrogateOptimizer opt = firstUpdate(cv, kfac, taps);
        assertThat(opt.pathwiseFactorUpdates()).isEqualTo(pathwise);
        assertClose(kfac, expected, 1e-10);
    }

    private static void assertClose(Kfac kfac, double[][] expected, double relative) {
        for (int i = 0; i < expected.length; i++) {
            double[] got = kfac.factors(i).g();
            double size = Arrays.stream(expected[i]).map(Math::abs).max().orElse(0);
            assertThat(size).isGreaterThan(1e-3);   // a real statistic, not zeros on both sides
            for (int j = 0; j < got.length; j++) {
                assertThat(got[j]).as("layer %d entry %d", i, j).isCloseTo(expected[i][j], within(relative * size));
            }
        }
    }

    @Test
    void statisticsReadOffTheEstimatorsBackwardPassAreTheFisherLosss() {
        check(1.3, true, 1);
    }

    @Test
    void statisticsFromTheFisherLossItselfAreTheSame() {
        check(1.3, false, 0);
    }

    @Test
    void aZeroOutputScaleFallsBackToTheStepsOwnBackwardPass() {
        check(0.0, true, 0);
    }

    @Test
    void aSumReductionFallsBackToTheFisherLoss() {
        // with SUM, K-FAC does not multiply the Fisher loss's row gradients −ε_r J_r / rows back by
        // the rows, so the ±ε_r J_r read off the estimator's pass would give a Ĝ rows² too large
        Surrogate tapped = surrogate(1.3);
        Surrogate own = surrogate(1.3);
        Kfac tappedKfac = Kfac.builder(tapped.mlp().layers()).reduction(Kfac.Reduction.SUM).build();
        Kfac ownKfac = Kfac.builder(own.mlp().layers()).reduction(Kfac.Reduction.SUM).build();
        assertThat(firstUpdate(tapped, tappedKfac, true).pathwiseFactorUpdates()).isZero();
        firstUpdate(own, ownKfac, false);
        for (int i = 0; i < tapped.mlp().layers().size(); i++) {
            assertThat(tappedKfac.factors(i).g()).containsExactly(ownKfac.factors(i).g());
        }
    }

    @Test
    void theScalarGaussNewtonLossGivesTheExactStatistic() {
        Surrogate cv = surrogate(1.3);
        double[][] expected = explicitG(cv, null);
        Kfac kfac = Kfac.builder(cv.mlp().layers()).build();
        cv.startRecording();
        estimate(cv, new AdamSurrogateOptimizer(1e-3), false);
        assertThat(kfac.updateFactors(org.kfrelax.kfac.FisherLoss.scalarGaussNewton(cv.stopRecording()))).isTrue();
        assertClose(kfac, expected, 1e-13);
    }
}
