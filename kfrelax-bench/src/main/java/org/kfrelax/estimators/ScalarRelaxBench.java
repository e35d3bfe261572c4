package org.kfrelax.estimators;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Bernoulli;
import org.kfrelax.optim.Adam;
import org.kfrelax.random.Pcg64;

/**
 * Whether {@link ScalarRelaxKernel} earns its place: the toy problem's training iteration
 * (one RELAX estimate with its variance gradient, the θ step and the surrogate step; f(b) =
 * (b − 0.499)², batch 1) through the fused kernel against the same estimator forced through
 * the autodiff graph ({@link Relax#withoutKernel}), interleaved in one JVM (K G, G K, ...):
 * the median of the per-round graph/kernel ratios of thread CPU time. The first third of the
 * rounds is warm-up.
 *
 * <p>Lives in the estimators package (in the bench module) to reach {@code withoutKernel}. Run:
 * {@code java -cp kfrelax-bench/target/benchmarks.jar org.kfrelax.estimators.ScalarRelaxBench [rounds] [iterations]}.
 */
public final class ScalarRelaxBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ScalarRelaxBench() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int iters = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int warm = rounds / 3;
        double[] ratio = new double[rounds - warm];
        double kSum = 0;
        double gSum = 0;
        for (int r = 0; r < rounds; r++) {
            double k;
            double g;
            if (r % 2 == 0) {
                k = seconds(true, iters);
                g = seconds(false, iters);
            } else {
                g = seconds(false, iters);
                k = seconds(true, iters);
            }
            if (r >= warm) {
                ratio[r - warm] = g / k;
                kSum += k;
                gSum += g;
            }
        }
        Arrays.sort(ratio);
        int n = ratio.length;
        System.out.printf(Locale.ROOT, "toy relax: kernel %.0f it/cpu-s, graph %.0f it/cpu-s; graph/kernel CPU time median %.2f [%.2f, %.2f]%n",
                n * iters / kSum, n * iters / gSum, ratio[n / 2], ratio[0], ratio[n - 1]);
    }

    /** CPU seconds of {@code iters} toy iterations. */
    private static double seconds(boolean kernel, int iters) {
        Relax relax = Relax.relax(1, 0.01, new Pcg64(1));
        if (!kernel) {
            relax.withoutKernel();
        }
        DifferentiableObjective f = x -> x.sub(0.499).square().sum(1);
        Tensor logit = Tensor.paramVector(0.0);
        Tensor[] theta = {logit};
        Adam adam = new Adam(List.of(logit), 0.01);
        Pcg64 rng = new Pcg64(2);
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < iters; i++) {
            Estimate e = relax.estimate(theta, new Bernoulli(logit), f, 1, rng, true);
            adam.step(e.gradient());
            relax.update(e);
        }
        return (THREADS.getCurrentThreadCpuTime() - t0) * 1e-9;
    }
}
