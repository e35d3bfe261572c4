package org.kfrelax.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Categorical;
import org.kfrelax.kfac.Kfac;
import org.kfrelax.nn.Activation;
import org.kfrelax.nn.Mlp;
import org.kfrelax.optim.Adam;
import org.kfrelax.random.Pcg64;
import org.kfrelax.random.Rng;

/**
 * The Gauss-Newton curvature of the variance loss L = (1/P)‖ĝ‖² ({@link VarianceLoss#gaussNewtonProbe},
 * {@link KfacSurrogateOptimizer.FisherSource#GAUSS_NEWTON_VARIANCE}) on a tiny RELAX problem: a
 * categorical over 3 classes in 2 rows with logits θ (P = 6), returns f fixed, surrogate
 * c(z) = k·MLP(softmax(z/τ)) evaluated at z and z̃ (the RL agents' form without a state).
 */
class VarianceGaussNewtonTest {

    /** The estimate ĝ as a graph in φ, for fixed θ and noise. */
    private static Tensor[] estimate(Surrogate cv, Tensor theta) {
        Categorical pi = new Categorical(theta);
        Tensor u = Tensor.matrix(2, 3, 0.3, 0.8, 0.55, 0.9, 0.2, 0.6);
        Tensor v = Tensor.matrix(2, 3, 0.7, 0.25, 0.4, 0.15, 0.65, 0.35);
        Tensor z = pi.relaxed(u);
        int[] b = Categorical.argmax(z);
        Tensor zt = pi.conditional(b, v);
        Tensor cz = cv.apply(pi, z);
        Tensor czt = cv.apply(pi, zt);
        return RelaxGradient.of(new Tensor[] {theta}, pi.logProbs().gather(b), Tensor.vector(1.5, -0.7), cz, czt, 1.0, true);
    }

    private static Tensor theta() {
        return Tensor.paramMatrix(2, 3, 0.2, -0.4, 0.1, -0.3, 0.5, 0.05);
    }

    private static Surrogate surrogate(int[] sizes, long seed) {
        Surrogate s = Surrogate.scaledSoftmax(Mlp.create(sizes, Activation.TANH, new Pcg64(seed)), 0.7);
        s.scale().data()[0] = 1.3;
        return s;
    }

    /** ∇φ L at the current φ (the MLP's parameters only). */
    private static double[] lossGradient(Surrogate cv, Tensor theta) {
        Tensor[] g = Autodiff.grad(VarianceLoss.of(estimate(cv, theta)), cv.mlp().parameters().toArray(Tensor[]::new));
        return Tensor.values(g);
    }


    /** Σ_j ∇φℓ_{e_j} ∇φℓ_{e_j}ᵀ over the unit directions: (2/P) J_φᵀJ_φ. */
    private static double[][] probeGaussNewton(Surrogate cv, Tensor theta) {
        Tensor[] phi = cv.mlp().parameters().toArray(Tensor[]::new);
        int p = 6;
        int n = Tensor.values(phi).length;
        double[][] gn = new double[n][n];
        for (int j = 0; j < p; j++) {
            double[] e = new double[p];
            e[j] = 1;
            double[] d = Tensor.values(Autodiff.grad(VarianceLoss.gaussNewtonProbe(estimate(cv, theta), e), phi));
            for (int a = 0; a < n; a++) {
                for (int c = 0; c < n; c++) {
                    gn[a][c] += d[a] * d[c];
                }
            }
        }
        return gn;
    }

    /** Central differences over the MLP's parameters, in flat order, of a vector function. */
    private interface VectorFn {
        double[] at();
    }

    private static double[][] jacobianFd(Surrogate cv, VectorFn fn) {
        List<Tensor> ps = cv.mlp().parameters();
        double h = 1e-5;
        double[][] cols = new double[Tensor.values(ps.toArray(Tensor[]::new)).length][];
        int k = 0;
        for (Tensor p : ps) {
            double[] d = p.data();
            for (int i = 0; i < d.length; i++) {
                double old = d[i];
                d[i] = old + h;
                double[] up = fn.at();
                d[i] = old - h;
                double[] down = fn.at();
                d[i] = old;
                double[] col = new double[up.length];
                for (int r = 0; r < up.length; r++) {
                    col[r] = (up[r] - down[r]) / (2 * h);
                }
                cols[k++] = col;
            }
        }
        return cols;   // cols[parameter][output]
    }

    @Test
    void forASurrogateLinearInItsWeightsTheProbesGiveTheExactHessianOfTheVarianceLoss() {
        // c = k·(w·softmax(z/τ) + b): ĝ is affine in (w, b), L quadratic, its Hessian = its Gauss-Newton matrix
        Surrogate cv = surrogate(new int[] {3, 1}, 3);
        Tensor theta = theta();
        double[][] gn = probeGaussNewton(cv, theta);
        double[][] hess = jacobianFd(cv, () -> lossGradient(cv, theta));
        double maxAbs = 0;
        for (int a = 0; a < gn.length; a++) {
            for (int c = 0; c < gn.length; c++) {
                maxAbs = Math.max(maxAbs, Math.abs(gn[a][c]));
                // central differences of a quadratic's gradient are exact up to rounding (~1e-16/h)
                assertThat(gn[a][c]).as("H[%d][%d]", a, c).isCloseTo(hess[c][a], within(1e-7 * (1 + Math.abs(hess[c][a]))));
            }
        }
        assertThat(maxAbs).as("a non-trivial Hessian").isGreaterThan(1e-3);
    }

    @Test
    void forAHiddenLayerSurrogateTheProbesGiveTwoOverPJacobianProduct() {
        // tanh hidden layer: L is not quadratic; the probes must give (2/P)JᵀJ with J = ∂ĝ/∂φ (by differences)
        Surrogate cv = surrogate(new int[] {3, 4, 1}, 5);
        Tensor theta = theta();
        double[][] gn = probeGaussNewton(cv, theta);
        double[][] jt = jacobianFd(cv, () -> Tensor.values(Autodiff.detach(estimate(cv, theta))));
        for (int a = 0; a < gn.length; a++) {
            for (int c = 0; c < gn.length; c++) {
                double want = 0;
                for (int j = 0; j < 6; j++) {
                    want += jt[a][j] * jt[c][j];
                }
                want *= 2.0 / 6;
                // O(h²) ≈ 1e-10 difference error in J, plus rounding ~1e-11
                assertThat(gn[a][c]).as("GN[%d][%d]", a, c).isCloseTo(want, within(1e-7 * (1 + Math.abs(want))));
            }
        }
    }

    @Test
    void kfacGFactorOfTheOutputLayerIsTheSummedExpectedSquareOfTheProbeAtTheOutputs() {
        // linear surrogate: the output pre-activation y_r enters ĝ only through the score weight of the
        // z̃ rows, ∂ĝ/∂y_r = −k·s_r (s_r = ∇θ log p(b_r), zero outside row r), so D_r = −k sqrt(2/P) s_r·ε and
        // E[G] = Σ_r E[D_r²] = (2/P) k² Σ_r ‖s_r‖² (K-FAC's G summed over rows, see KfacSurrogateOptimizer);
        // the pass at z does not reach the output pre-activations (c(z) enters ĝ only through ∇ₓc).
        Surrogate cv = surrogate(new int[] {3, 1}, 7);
        Tensor theta = theta();
        Categorical pi = new Categorical(theta);
        Tensor u = Tensor.matrix(2, 3, 0.3, 0.8, 0.55, 0.9, 0.2, 0.6);
        int[] b = Categorical.argmax(pi.relaxed(u));
        double[] p = pi.probs().toArray();
        double sumSq = 0;
        for (int r = 0; r < 2; r++) {
            for (int k = 0; k < 3; k++) {
                double s = (k == b[r] ? 1 : 0) - p[r * 3 + k];   // ∂ log softmax(θ_r)[b_r] / ∂θ_rk
                sumSq += s * s;
            }
        }
        double expected = 2.0 / 6 * 1.3 * 1.3 * sumSq;
        int n = 4000;
        // plain mean of the fresh estimates over the first 1/(1 − decay) updates; steps too small to move φ
        Kfac kfac = Kfac.builder(cv.mlp().layers()).learningRate(1e-12).decay(1 - 1.0 / n).damping(0.1).build();
        Rng rng = new Pcg64(11);
        KfacSurrogateOptimizer opt = new KfacSurrogateOptimizer(KfacSurrogateOptimizer.FisherSource.GAUSS_NEWTON_VARIANCE,
                cv, kfac, new Adam(cv.extraParameters(), 1e-12), rng);
        Tensor[] phi = cv.parameters().toArray(Tensor[]::new);
        for (int i = 0; i < n; i++) {
            opt.beginRecording(cv);
            Tensor[] g = estimate(cv, theta);
            opt.step(cv, Autodiff.grad(VarianceLoss.of(g), phi), g);
        }
        double g = kfac.factors(0).g()[0];
        // D_r² is a scaled χ²₁ summed over 2 rows: relative std ≤ sqrt(2/n) ≈ 2.2 %; 4 standard errors
        assertThat(g).isCloseTo(expected, within(0.09 * expected));
    }
}
