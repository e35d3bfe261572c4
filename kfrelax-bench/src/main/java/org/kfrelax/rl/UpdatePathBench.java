package org.kfrelax.rl;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.Gym;
import org.kfrelax.gym.StepResult;
import org.kfrelax.nn.Mlp;
import org.kfrelax.nn.MlpEval;
import org.kfrelax.random.Pcg64;

/**
 * Per-update cost of the autodiff graph path against the hand-differentiated kernels, measured
 * as interleaved ratios in one JVM (K G, then G K, ...): the median (and quartiles) of the
 * pairwise graph/kernel ratios of the thread's CPU time, which a loaded machine disturbs much
 * less than wall time; the median wall-time ratio and the ratios of the summed times (which
 * include the rare slow updates, e.g. GC pauses for wall time) are printed next to it.
 *
 * <ul>
 *   <li>{@code relax}, {@code kf-relax}, {@code a2c} (and {@code acktr}) on CartPole-v0: two
 *   agents with the same seed, one updating by kernel, one by graph, both on the same episodes
 *   (played by the kernel agent); each pair times one whole {@code update} of each
 *   (gradients, optimizer and trust-region steps).
 *   <li>{@code lax} on Pendulum-v1: one batch of {@link AgentConfig#batchSteps()} steps played by
 *   the initial policy; each pair times the update's gradient work, {@code cvIterations}
 *   surrogate iterations (ĝ and ∇φ mean ĝ², double backprop in the graph) and
 *   {@code cvIterations} value-fit gradients, by {@link LaxKernel} / {@link MlpKernel} and by
 *   {@link Lax#autodiffGradients} / the graph.
 * </ul>
 *
 * <p>Lives in the rl package (in the bench module) to reach the package-private agents.
 * Run: {@code java -cp kfrelax-bench/target/benchmarks.jar org.kfrelax.rl.UpdatePathBench [pairs] [algos]},
 * e.g. {@code 600 relax,kf-relax,a2c,lax}. A first pass runs every algorithm for a third of the pairs,
 * unreported; then in each algorithm's run the first third of the pairs is warm-up and not counted.
 */
public final class UpdatePathBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private UpdatePathBench() {}

    /** One timed update of one path: {thread CPU ns, wall ns, environment steps it covered}. */
    private interface Path {
        double[] run();
    }

    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        List<String> algos = List.of((args.length > 1 ? args[1] : "relax,kf-relax,a2c,lax").split(","));
        // warm-up: every algorithm once, unreported, so that the JIT has compiled both paths (and
        // the shared code, e.g. the Vector API kernels) before the first measured pair
        for (String algo : algos) {
            Path[] paths = "lax".equals(algo) ? lax() : discrete(algo);
            compare(null, paths[0], paths[1], pairs / 3);
        }
        System.out.printf("%-9s %6s %9s %7s %7s %9s %9s %9s%n", "algo", "pairs", "cpu G/K", "q25", "q75",
                "wall G/K", "sum cpu", "sum wall");
        for (String algo : algos) {
            Path[] paths = "lax".equals(algo) ? lax() : discrete(algo);
            compare(algo, paths[0], paths[1], pairs);
        }
    }

    /**
     * Interleaves kernel and graph updates (K G, G K, ...) and prints the median and quartiles of
     * the pairwise graph/kernel ratios of thread CPU time per step, the median ratio of wall time
     * per step and the ratios of the summed times. The first third of the pairs is warm-up and not counted.
     */
    private static void compare(String algo, Path kernel, Path graph, int pairs) {
        int warm = pairs / 3;
        int counted = pairs - warm;
        double[] cpu = new double[counted];
        double[] wall = new double[counted];
        double[] sums = new double[4];
        for (int i = 0; i < pairs; i++) {
            double[] k;
            double[] g;
            if (i % 2 == 0) {
                k = kernel.run();
                g = graph.run();
            } else {
                g = graph.run();
                k = kernel.run();
            }
            if (i < warm) {
                continue;
            }
            cpu[i - warm] = (g[0] / g[2]) / (k[0] / k[2]);
            wall[i - warm] = (g[1] / g[2]) / (k[1] / k[2]);
            sums[0] += g[0];
            sums[1] += k[0];
            sums[2] += g[1];
            sums[3] += k[1];
        }
        if (algo == null) {
            return;
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        System.out.printf(Locale.ROOT, "%-9s %6d %9.3f %7.3f %7.3f %9.3f %9.3f %9.3f%n", algo, counted,
                quantile(cpu, 0.5), quantile(cpu, 0.25), quantile(cpu, 0.75), quantile(wall, 0.5), sums[0] / sums[1],
                sums[2] / sums[3]);
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double[] time(Runnable r, int steps) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        r.run();
        long t1 = System.nanoTime();
        long c1 = THREADS.getCurrentThreadCpuTime();
        return new double[] {c1 - c0, t1 - t0, steps};
    }

    /**
     * Kernel and graph agents with the same seed, updating on the same episodes: the kernel
     * agent plays each episode (before its own update), the graph agent updates on it next.
     */
    private static Path[] discrete(String algo) {
        AgentConfig c = AgentConfig.defaults(Algorithm.parse(algo));
        DiscreteAgent kernel = discreteAgent(algo, c, true);
        DiscreteAgent graph = discreteAgent(algo, c, false);
        EpisodeBuffer[] current = new EpisodeBuffer[1];
        boolean[] fresh = new boolean[1];
        Runnable play = () -> {
            if (!fresh[0]) {
                current[0] = kernel.sampleEpisode();
                fresh[0] = true;
            }
        };
        // whichever path runs first in a pair plays the episode; the second one consumes it
        Path byKernel = () -> {
            boolean first = !fresh[0];
            play.run();
            EpisodeBuffer ep = current[0];
            double[] t = time(() -> kernel.update(ep), ep.length);
            fresh[0] = first;
            return t;
        };
        Path byGraph = () -> {
            boolean first = !fresh[0];
            play.run();
            EpisodeBuffer ep = current[0];
            double[] t = time(() -> graph.update(ep), ep.length);
            fresh[0] = first;
            return t;
        };
        return new Path[] {byKernel, byGraph};
    }

    private static DiscreteAgent discreteAgent(String algo, AgentConfig c, boolean allowKernel) {
        Env<Integer> env = Gym.makeDiscrete("CartPole-v0");
        return switch (c.algo()) {
            case RELAX, KF_RELAX -> new Relax(env, c, 0, allowKernel);
            case A2C, ACKTR -> new A2c(env, c, 0, allowKernel);
            case LAX, KF_LAX -> throw new IllegalArgumentException("not a discrete algo: '" + algo + "'");
        };
    }

    private static Path[] lax() {
        AgentConfig c = AgentConfig.defaults(Algorithm.LAX);
        Env<float[]> env = Gym.makeContinuous("Pendulum-v1");
        Pcg64 rng = new Pcg64(0);
        int obsDim = env.observationSpace().dim();
        Mlp mean = Nets.mlp(obsDim, c.hidden(), 1, c.activation(), 0.1, rng);
        Tensor logStd = Tensor.param(Tensor.vector(c.logStdInit()));
        Mlp value = Nets.mlp(obsDim, c.valueHidden(), 1, c.activation(), 1.0, rng);
        Mlp cv = Nets.mlp(obsDim + 1, c.cvHidden(), 1, c.activation(), 1.0, rng);
        int n = c.batchSteps();
        double[] xs = new double[n * obsDim];
        double[] es = new double[n];
        double[] adv = new double[n];
        double[] target = new double[n];
        MlpEval meanEval = new MlpEval(mean);
        float[] o = env.reset(0).observation();
        for (int t = 0; t < n; t++) {
            double[] od = AbstractAgent.toDouble(o);
            System.arraycopy(od, 0, xs, t * obsDim, obsDim);
            es[t] = rng.nextGaussian();
            double a = meanEval.forward(od)[0] + Math.exp(logStd.item()) * es[t];
            StepResult r = env.step(new float[] {(float) Math.max(-2, Math.min(2, a))});
            adv[t] = rng.nextGaussian();
            target[t] = r.reward();
            o = r.done() ? env.reset().observation() : r.observation();
        }
        LaxKernel kernel = new LaxKernel(mean, logStd, cv);
        MlpKernel valueNet = new MlpKernel(value);
        Tensor x = Tensor.matrix(n, obsDim, xs);
        Tensor eps = Tensor.matrix(n, 1, es);
        Tensor advT = Tensor.vector(adv);
        Tensor targetT = Tensor.vector(target);
        Tensor[] valueParams = value.parameters().toArray(Tensor[]::new);
        int iters = c.cvIterations();
        List<Object> sink = new ArrayList<>();  // keeps the results alive until the next run
        Runnable byKernel = () -> {
            sink.clear();
            kernel.setBatch(xs, es, n);
            for (int it = 0; it < iters; it++) {
                sink.add(kernel.gradients(adv));
            }
            for (int it = 0; it < iters; it++) {
                sink.add(LaxKernel.squaredErrorGradients(valueNet, xs, target));
            }
        };
        Runnable byGraph = () -> {
            sink.clear();
            for (int it = 0; it < iters; it++) {
                sink.add(Lax.autodiffGradients(mean, logStd, cv, x, eps, advT));
            }
            for (int it = 0; it < iters; it++) {
                sink.add(Autodiff.grad(value.forward(x).flatten().sub(targetT).square().mean(), valueParams));
            }
        };
        return new Path[] {() -> time(byKernel, n), () -> time(byGraph, n)};
    }
}
