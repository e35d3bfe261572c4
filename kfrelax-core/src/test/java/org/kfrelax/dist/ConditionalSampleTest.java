package org.kfrelax.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.random.Pcg64;
import org.kfrelax.random.Rng;

/**
 * z̃ ~ p(z|b): H(z̃) = b (argmax z̃ = b) for every sample, and the distribution of z̃ given b
 * matches that of z among samples with the same b. The distributions are compared by a
 * two-sample chi-square test on 20 bins at the pooled quantiles: the statistic must stay
 * below 43.82, the 0.999 quantile of χ²(19), so a correct sampler fails with probability 0.001
 * (the seeds are fixed, so the outcome is deterministic).
 */
class ConditionalSampleTest {
    private static final double CHI2_19_999 = 43.82;

    @Test
    void bernoulliConditionalIsConsistent() {
        Tensor logits = Tensor.vector(0.8, -1.5);
        Bernoulli d = new Bernoulli(logits);
        int n = 40000;
        Rng rng = new Pcg64(1);
        Tensor u = d.noise(n, rng);
        Tensor v = d.noise(n, rng);
        Tensor z = d.relaxed(u);
        Tensor b = d.hard(z);
        Tensor zt = d.conditional(b, v);
        for (int i = 0; i < b.size(); i++) {
            assertThat(zt.get(i) >= 0 ? 1.0 : 0.0).as("H(z̃) at %d", i).isEqualTo(b.get(i));
        }
        for (int unit = 0; unit < 2; unit++) {
            for (int bit = 0; bit <= 1; bit++) {
                List<Double> c = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (b.get(i, unit) == bit) {
                        c.add(zt.get(i, unit));
                    }
                }
                // z̃ of a row depends on that row's z through b: compare it with an independent
                // batch of z given b (drawn by rejection) so the two samples are independent
                assertThat(c.size()).isGreaterThan(1000);
                double chi2 = chiSquare(independentZ(d, unit, bit, c.size(), new Pcg64(100 + unit * 2 + bit)), c);
                assertThat(chi2).as("unit %d b=%d chi2", unit, bit).isLessThan(CHI2_19_999);
            }
        }
    }

    /** n draws of z_unit from the relaxed distribution, conditioned on b_unit = bit by rejection. */
    private static List<Double> independentZ(Bernoulli d, int unit, int bit, int n, Rng rng) {
        List<Double> out = new ArrayList<>();
        while (out.size() < n) {
            Tensor z = d.relaxed(d.noise(1000, rng));
            for (int i = 0; i < 1000 && out.size() < n; i++) {
                if ((z.get(i, unit) >= 0 ? 1 : 0) == bit) {
                    out.add(z.get(i, unit));
                }
            }
        }
        return out;
    }

    @Test
    void categoricalConditionalIsConsistent() {
        Categorical d = new Categorical(Tensor.vector(0.5, -0.3, 1.0, -1.2));
        int n = 40000;
        Rng rng = new Pcg64(2);
        Tensor z = d.relaxed(d.noise(n, rng));
        Tensor b = d.hard(z);
        Tensor zt = d.conditional(b, d.noise(n, rng));
        int[] bi = Categorical.argmax(b);
        int[] ti = Categorical.argmax(zt);
        assertThat(ti).isEqualTo(bi);
        // compare every coordinate of z̃ given b = class 2 (the likeliest) and b = class 1
        Tensor z2 = d.relaxed(d.noise(n, new Pcg64(3)));
        int[] b2 = Categorical.argmax(z2);
        for (int cls : new int[] {2, 1}) {
            for (int k = 0; k < 4; k++) {
                List<Double> ref = new ArrayList<>();
                List<Double> cond = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (b2[i] == cls) {
                        ref.add(z2.get(i, k));
                    }
                    if (bi[i] == cls) {
                        cond.add(zt.get(i, k));
                    }
                }
                assertThat(ref.size()).isGreaterThan(1000);
                double chi2 = chiSquare(ref, cond);
                assertThat(chi2).as("class %d coordinate %d chi2", cls, k).isLessThan(CHI2_19_999);
            }
        }
    }

    @Test
    void biasedCategoricalSamplerIsCaught() {
        // power check of the test: a z̃ shifted by 0.1 (a biased sampler) must be rejected
        List<Double> a = new ArrayList<>();
        List<Double> c = new ArrayList<>();
        Rng rng = new Pcg64(4);
        for (int i = 0; i < 10000; i++) {
            a.add(rng.nextGumbel());
            c.add(rng.nextGumbel() + 0.1);
        }
        assertThat(chiSquare(a, c)).isGreaterThan(CHI2_19_999);
    }

    /** Two-sample chi-square statistic over 20 bins at the quantiles of the pooled sample (df = 19). */
    static double chiSquare(List<Double> a, List<Double> b) {
        double[] pooled = new double[a.size() + b.size()];
        int k = 0;
        for (double x : a) {
            pooled[k++] = x;
        }
        for (double x : b) {
            pooled[k++] = x;
        }
        Arrays.sort(pooled);
        int bins = 20;
        double[] edges = new double[bins - 1];
        for (int i = 1; i < bins; i++) {
            edges[i - 1] = pooled[(int) ((long) i * pooled.length / bins)];
        }
        long[] ca = counts(a, edges, bins);
        long[] cb = counts(b, edges, bins);
        double na = a.size();
        double nb = b.size();
        double chi2 = 0;
        for (int i = 0; i < bins; i++) {
            double tot = ca[i] + cb[i];
            if (tot == 0) {
                continue;
            }
            double ea = tot * na / (na + nb);
            double eb = tot * nb / (na + nb);
            chi2 += (ca[i] - ea) * (ca[i] - ea) / ea + (cb[i] - eb) * (cb[i] - eb) / eb;
        }
        return chi2;
    }

    private static long[] counts(List<Double> xs, double[] edges, int bins) {
        long[] c = new long[bins];
        for (double x : xs) {
            int i = Arrays.binarySearch(edges, x);
            int bin = i >= 0 ? i : -i - 1;
            c[Math.min(bin, bins - 1)]++;
        }
        return c;
    }
}
