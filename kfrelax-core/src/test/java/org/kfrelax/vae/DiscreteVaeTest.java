package org.kfrelax.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Bernoulli;
import org.kfrelax.estimators.Estimate;
import org.kfrelax.estimators.Estimator;
import org.kfrelax.estimators.Estimators;
import org.kfrelax.estimators.Objective;
import org.kfrelax.nn.Activation;
import org.kfrelax.nn.Linear;
import org.kfrelax.nn.Mlp;
import org.kfrelax.random.Pcg64;
import org.kfrelax.random.Rng;
import org.kfrelax.stats.MeanStd;

/**
 * The discrete VAE on a tiny model (4 pixels, 3 latents) where every expectation over q is a sum
 * over the 8 latent vectors: the ELBO and the importance-weighted bound against that enumeration,
 * and every unbiased estimator's encoder gradient (from the one estimator registry) against the
 * exact gradient.
 */
class DiscreteVaeTest {
    /** Two data points of 4 binary pixels. */
    static final double[][] DATA = {{1, 0, 1, 1}, {0, 0, 1, 0}};

    /** The tiny linear model with fixed, asymmetric weights. */
    static DiscreteVae tiny() {
        double[] we = {0.9, -0.4, 0.3, -0.6, 0.8, 0.2, 0.5, 0.1, -0.7, 0.4, -0.3, 0.6};
        double[] wd = {1.1, -0.5, 0.7, 0.2, -0.8, 0.6, 0.3, -1.2, 0.4, 0.9, -0.2, 0.5};
        Linear enc = new Linear(Tensor.paramMatrix(4, 3, we), Tensor.param(Tensor.vector(0.2, -0.3, 0.1)));
        Linear dec = new Linear(Tensor.paramMatrix(3, 4, wd), Tensor.param(Tensor.vector(-0.1, 0.4, 0.0, -0.5)));
        return DiscreteVae.of(DiscreteVae.Kind.LINEAR, new Mlp(List.of(enc), Activation.LEAKY_RELU),
                new Mlp(List.of(dec), Activation.LEAKY_RELU));
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** log q(b|x), log p(x|b) + log p(b) for latent vector number m of data point x, by hand (no engine). */
    static double[] logQAndLogJoint(DiscreteVae vae, double[] x, int m) {
        double[] we = vae.encoder().layers().get(0).weight().data();
        double[] be = vae.encoder().layers().get(0).bias().data();
        double[] wd = vae.decoder().layers().get(0).weight().data();
        double[] bd = vae.decoder().layers().get(0).bias().data();
        double logQ = 0;
        double[] b = new double[3];
        for (int j = 0; j < 3; j++) {
            double l = be[j];
            for (int k = 0; k < 4; k++) {
                l += x[k] * we[k * 3 + j];
            }
            b[j] = (m >> j) & 1;
            logQ += Math.log(b[j] == 1 ? sigmoid(l) : 1 - sigmoid(l));
        }
        double logJoint = -3 * Math.log(2);
        for (int k = 0; k < 4; k++) {
            double d = bd[k];
            for (int j = 0; j < 3; j++) {
                d += b[j] * wd[j * 4 + k];
            }
            logJoint += Math.log(x[k] == 1 ? sigmoid(d) : 1 - sigmoid(d));
        }
        return new double[] {logQ, logJoint};
    }

    @Test
    void elboAndBoundsAgreeWithEnumeration() {
        DiscreteVae vae = tiny();
        Rng rng = new Pcg64(3);
        for (double[] x : DATA) {
            double elbo = 0;
            double px = 0;
            for (int m = 0; m < 8; m++) {
                double[] lq = logQAndLogJoint(vae, x, m);
                elbo += Math.exp(lq[0]) * (lq[1] - lq[0]);
                px += Math.exp(lq[1]);
            }
            double logPx = Math.log(px);
            // tolerance: two summation orders of the same doubles
            assertThat(vae.exactElbo(x)).isCloseTo(elbo, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(elbo).isLessThan(logPx);
            // 20,000 draws of the one-sample bound (an unbiased ELBO estimate) and of IW_100 (between
            // the ELBO and log p(x), and above IW_1): means within 4 standard errors / ordered
            int n = 20_000;
            Tensor data = Tensor.matrix(1, 4, x);
            double[] one = new double[n];
            for (int i = 0; i < n; i++) {
                one[i] = vae.importanceWeightedBound(data, 1, rng)[0];
            }
            MeanStd ms = MeanStd.of(one);
            assertThat(Math.abs(ms.mean() - elbo)).isLessThan(4 * Math.sqrt(ms.variance() / n));
            double[] iw = new double[500];
            for (int i = 0; i < iw.length; i++) {
                iw[i] = vae.importanceWeightedBound(data, 100, rng)[0];
            }
            double iwMean = MeanStd.of(iw).mean();
            assertThat(iwMean).isGreaterThan(elbo).isLessThanOrEqualTo(logPx + 1e-12);
            // with 100 draws over 8 latent vectors IW_100 is within 0.01 of log p(x)
            assertThat(logPx - iwMean).isLessThan(0.01);
            // the estimators' objective is −f with log q held constant: its values are −(log joint − log q)
            Tensor logits = vae.encoderLogits(data);
            Objective f = vae.loss(data, logits);
            for (int m = 0; m < 8; m++) {
                double[] b = {m & 1, (m >> 1) & 1, (m >> 2) & 1};
                double[] lq = logQAndLogJoint(vae, x, m);
                assertThat(f.values(Tensor.matrix(1, 3, b))[0]).isCloseTo(lq[0] - lq[1], org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }

    /** ∇θ of the mean over the data points of E_q[−f] by enumeration: Σ_b ∇θ q(b|x) · (−f(b)) (E_q[∇ log q] = 0). */
    static double[] exactEncoderGradient(DiscreteVae vae) {
        Tensor x = Tensor.matrix(DATA);
        Tensor logits = vae.encoderLogits(x);
        Objective f = vae.loss(x, logits);
        Tensor total = null;
        for (int m = 0; m < 8; m++) {
            double[] b = new double[DATA.length * 3];
            for (int i = 0; i < DATA.length; i++) {
                for (int j = 0; j < 3; j++) {
                    b[i * 3 + j] = (m >> j) & 1;
                }
            }
            Tensor bt = Tensor.matrix(DATA.length, 3, b);
            Tensor term = DiscreteVae.logPosterior(logits, bt).exp().mul(Tensor.vector(f.values(bt))).sum();
            total = total == null ? term : total.add(term);
        }
        return Tensor.values(Autodiff.grad(total.div(DATA.length), vae.encoderParameters()));
    }

    /**
     * Each unbiased estimator's encoder gradient on the two-point minibatch: the mean of 3000
     * estimates within 4 standard errors of the exact gradient in every one of the 15 encoder
     * components (a true mean misses by more than 4 SE with probability ≈ 6e-5 per component; seeds
     * fixed, so the test is deterministic). Estimators with own parameters are first trained 20
     * steps, so their surrogate is not at its initialization.
     */
    @ParameterizedTest
    @ValueSource(strings = {"reinforce", "rloo", "arm", "disarm", "rebar", "relax", "kf-relax"})
    void encoderGradientIsUnbiased(String name) {
        DiscreteVae vae = tiny();
        double[] exact = exactEncoderGradient(vae);
        Estimator e = Estimators.create(name, 3, Estimators.Settings.defaults(7));
        Tensor x = Tensor.matrix(DATA);
        int batch = name.equals("rloo") ? 2 * DATA.length : DATA.length;
        Rng rng = new Pcg64(2024);
        for (int i = 0; i < 20 && !e.parameters().isEmpty(); i++) {
            Tensor logits = vae.encoderLogits(x);
            e.update(e.estimate(vae.encoderParameters(), new Bernoulli(logits), vae.loss(x, logits), batch, rng, true));
        }
        int n = 3000;
        double[][] g = new double[exact.length][n];
        for (int i = 0; i < n; i++) {
            Tensor logits = vae.encoderLogits(x);
            Estimate est = e.estimate(vae.encoderParameters(), new Bernoulli(logits), vae.loss(x, logits), batch, rng, false);
            double[] v = Tensor.values(est.gradient());
            for (int j = 0; j < v.length; j++) {
                g[j][i] = v[j];
            }
        }
        for (int j = 0; j < exact.length; j++) {
            MeanStd ms = MeanStd.of(g[j]);
            double se = Math.sqrt(ms.variance() / n);
            assertThat(Math.abs(ms.mean() - exact[j])).as("%s component %d: mean %s exact %s se %s", name, j, ms.mean(),
                    exact[j], se).isLessThanOrEqualTo(4 * se);
        }
    }

    @Test
    void rlooNeedsTwoDrawsPerRow() {
        DiscreteVae vae = tiny();
        Tensor x = Tensor.matrix(DATA);
        Tensor logits = vae.encoderLogits(x);
        Estimator e = Estimators.create("rloo", 3, Estimators.Settings.defaults(7));
        assertThatThrownBy(() -> e.estimate(vae.encoderParameters(), new Bernoulli(logits), vae.loss(x, logits), 2,
                new Pcg64(1), false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k >= 2 draws per row");
        assertThatThrownBy(() -> vae.loss(x, logits).values(Tensor.matrix(1, 3, 1, 0, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pairs sample row i with data row i");
    }
}
