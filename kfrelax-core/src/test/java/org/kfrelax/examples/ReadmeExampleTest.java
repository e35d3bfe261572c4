package org.kfrelax.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Bernoulli;
import org.kfrelax.estimators.Estimate;
import org.kfrelax.estimators.Estimator;
import org.kfrelax.estimators.Objective;
import org.kfrelax.estimators.Reinforce;
import org.kfrelax.estimators.Relax;
import org.kfrelax.optim.Adam;
import org.kfrelax.random.Pcg64;

/**
 * The README's estimator example, verbatim (the test checks that the README's code block
 * appears in this file), run for RELAX and REINFORCE.
 */
class ReadmeExampleTest {

    // README example begin
    /** Minimizes E[f(b)] over 20 Bernoulli variables b_i ~ Bernoulli(σ(θ_i)); returns the final E[f]. */
    static double optimize(Estimator estimator) {
        Objective f = b -> {                    // a black box: evaluated, never differentiated
            double s = 0;
            for (double bi : b) {
                s += (bi - 0.45) * (bi - 0.45);
            }
            return s;
        };
        Tensor theta = Tensor.paramVector(new double[20]);   // logits, p = 0.5 at the start
        Adam adam = new Adam(List.of(theta), 0.01);
        Pcg64 rng = new Pcg64(0);
        for (int it = 0; it < 1000; it++) {
            Estimate e = estimator.estimate(new Tensor[] {theta}, new Bernoulli(theta), f, 1, rng, true);
            adam.step(e.gradient());   // θ ← Adam(ĝ)
            estimator.update(e);       // trains the estimator's own parameters (RELAX: its surrogate)
        }
        double loss = 0;                // exact E[f] = Σ_i p_i (1 − 0.45)² + (1 − p_i) 0.45²
        for (double l : theta.data()) {
            double p = 1 / (1 + Math.exp(-l));
            loss += p * 0.55 * 0.55 + (1 - p) * 0.45 * 0.45;
        }
        return loss;
    }
    // usage: optimize(new Reinforce()) vs optimize(Relax.relax(20, 0.01, new Pcg64(1)))
    // README example end

    @Test
    void relaxBeatsReinforceOnTwentyBernoullis() {
        double start = 20 * (0.5 * 0.55 * 0.55 + 0.5 * 0.45 * 0.45);
        double reinforce = optimize(new Reinforce());
        double relax = optimize(Relax.relax(20, 0.01, new Pcg64(1)));
        System.out.printf("README example: start %.4f, REINFORCE %.4f, RELAX %.4f%n", start, reinforce, relax);
        assertThat(relax).isLessThan(start);
        assertThat(relax).isLessThan(reinforce);
    }

    @Test
    void readmeShowsThisCode() throws IOException {
        Path root = Path.of(System.getProperty("kfrelax.root", "..")).toAbsolutePath();
        String readme = Files.readString(root.resolve("README.md"));
        String self = Files.readString(root.resolve("kfrelax-core/src/test/java/org/kfrelax/examples/ReadmeExampleTest.java"));
        String example = self.substring(self.indexOf("// README example begin") + "// README example begin".length(),
                self.indexOf("    // README example end"));
        assertThat(normalize(readme)).contains(normalize(example));
    }

    /** Strips each line's leading indentation and drops blank lines. */
    private static String normalize(String s) {
        StringBuilder sb = new StringBuilder();
        for (String line : s.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty()) {
                sb.append(t).append('\n');
            }
        }
        return sb.toString();
    }
}
