package org.kfrelax.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Bernoulli;
import org.kfrelax.estimators.Reinforce;
import org.kfrelax.random.Pcg64;
import org.kfrelax.random.Rng;

class ToyProblemTest {
    /**
     * The exact REINFORCE variance against the sample variance of 100,000 single-sample
     * REINFORCE estimates (seed 3). The estimate takes two values, so its kurtosis is at most a
     * few and the sample variance's relative standard error ≈ sqrt(2/100000) ≈ 0.5%; tolerance 3%.
     */
    @Test
    void reinforceVarianceMatchesSampledReinforce() {
        for (double[] tl : new double[][] {{0.499, 0.0}, {0.499, -1.3}, {0.2, 0.8}}) {
            ToyProblem problem = new ToyProblem(tl[0]);
            Tensor logit = Tensor.paramVector(tl[1]);
            Rng rng = new Pcg64(3);
            int n = 100_000;
            double s = 0;
            double ss = 0;
            Reinforce reinforce = new Reinforce();
            for (int i = 0; i < n; i++) {
                double g = reinforce.estimate(new Tensor[] {logit}, new Bernoulli(logit), problem.objective(), 1, rng, false)
                        .gradient()[0].item();
                s += g;
                ss += g * g;
            }
            double var = (ss - s * s / n) / (n - 1);
            double exact = problem.reinforceVariance(tl[1]);
            assertThat(var).as("t %s logit %s", tl[0], tl[1]).isCloseTo(exact, within(0.03 * exact));
        }
    }
}
