package org.kfrelax.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.random.Pcg64;

/** Log-probabilities, entropies and sampling frequencies against closed forms. */
class DistributionTest {

    @Test
    void bernoulliLogProbEntropyAndFrequency() {
        Bernoulli d = new Bernoulli(Tensor.vector(0.4, -2.0));
        double p0 = 1 / (1 + Math.exp(-0.4));
        double p1 = 1 / (1 + Math.exp(2.0));
        Tensor lp = d.logProb(Tensor.matrix(2, 2, 1, 0, 0, 1));
        assertThat(lp.get(0)).isCloseTo(Math.log(p0) + Math.log(1 - p1), within(1e-12));
        assertThat(lp.get(1)).isCloseTo(Math.log(1 - p0) + Math.log(p1), within(1e-12));
        double h = -(p0 * Math.log(p0) + (1 - p0) * Math.log(1 - p0)) - (p1 * Math.log(p1) + (1 - p1) * Math.log(1 - p1));
        assertThat(d.entropy().item()).isCloseTo(h, within(1e-12));
        // frequency of b = 1 within 4 binomial standard errors (n = 100000)
        Tensor b = d.sample(100000, new Pcg64(5));
        double m = b.mean(0).get(0);
        assertThat(m).isCloseTo(p0, within(4 * Math.sqrt(p0 * (1 - p0) / 100000)));
    }

    @Test
    void categoricalLogProbAndEntropy() {
        Categorical d = new Categorical(Tensor.vector(1.0, 0.0, -1.0));
        double z = Math.exp(1) + 1 + Math.exp(-1);
        double[] pi = {Math.exp(1) / z, 1 / z, Math.exp(-1) / z};
        assertThat(d.logProb(Tensor.matrix(1, 3, 0, 1, 0)).item()).isCloseTo(Math.log(pi[1]), within(1e-12));
        double h = 0;
        for (double p : pi) {
            h -= p * Math.log(p);
        }
        assertThat(d.entropy().item()).isCloseTo(h, within(1e-12));
        Tensor b = d.sample(100000, new Pcg64(6));
        double m = b.mean(0).get(0);
        assertThat(m).isCloseTo(pi[0], within(4 * Math.sqrt(pi[0] * (1 - pi[0]) / 100000)));
    }

    @Test
    void gaussianLogProbEntropyAndReparameterization() {
        Tensor mu = Tensor.paramVector(0.5, -1.0);
        Tensor s = Tensor.paramVector(Math.log(2.0), 0.0);
        Gaussian d = new Gaussian(mu, s);
        double expected = -0.5 * Math.pow((1.5 - 0.5) / 2, 2) - Math.log(2) - 0.5 * Math.log(2 * Math.PI)
                - 0.5 * Math.pow(0.0, 2) - 0.5 * Math.log(2 * Math.PI);
        assertThat(d.logProb(Tensor.matrix(1, 2, 1.5, -1.0)).item()).isCloseTo(expected, within(1e-12));
        assertThat(d.entropy().item()).isCloseTo(Math.log(2) + Math.log(2 * Math.PI * Math.E), within(1e-12));
        Tensor a = d.reparameterized(Tensor.matrix(1, 2, 0.3, -0.2));
        Tensor[] g = Autodiff.grad(a.sum(), mu, s);
        assertThat(g[0].toArray()).containsExactly(1.0, 1.0);
        assertThat(g[1].get(0)).isCloseTo(2 * 0.3, within(1e-12));
        assertThat(g[1].get(1)).isCloseTo(-0.2, within(1e-12));
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> new Bernoulli(Tensor.vector(Double.NaN))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> new Categorical(Tensor.vector(1.0))).isInstanceOf(IllegalArgumentException.class);
        Bernoulli rows = new Bernoulli(Tensor.matrix(2, 1, 0.0, 1.0));
        assertThatThrownBy(() -> rows.sample(3, new Pcg64(0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch size 3");
    }

    @Test
    void invalidNoiseAndHardSamplesAreRejectedWithTheValue() {
        Bernoulli bern = new Bernoulli(Tensor.paramVector(0.3, -0.2));
        assertThatThrownBy(() -> bern.relaxed(Tensor.matrix(1, 2, 0.5, 1.5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> bern.relaxed(Tensor.matrix(1, 2, 0.0, 0.5))).hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> bern.conditional(Tensor.matrix(1, 2, 0.5, 1), Tensor.matrix(1, 2, 0.3, 0.3)))
                .hasMessageContaining("0.5");
        Categorical cat = new Categorical(Tensor.paramMatrix(1, 3, 0.1, 0.2, 0.3));
        assertThatThrownBy(() -> cat.conditional(Tensor.matrix(1, 3, 0, 0, 0), Tensor.matrix(1, 3, 0.2, 0.4, 0.6)))
                .hasMessageContaining("exactly one 1");
        assertThatThrownBy(() -> cat.conditional(Tensor.matrix(1, 3, 0, 1, 0), Tensor.matrix(1, 3, 0.2, 1.0, 0.6)))
                .hasMessageContaining("1.0");
        Gaussian g = new Gaussian(Tensor.paramVector(0.0), Tensor.paramVector(0.0));
        assertThatThrownBy(() -> g.reparameterized(Tensor.matrix(1, 1, Double.NaN))).hasMessageContaining("NaN");
    }
}
