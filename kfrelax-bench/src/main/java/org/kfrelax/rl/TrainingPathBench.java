package org.kfrelax.rl;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.kfrelax.gym.Gym;

/**
 * Training throughput (environment steps per second, every update included) with the updates
 * forced through the autodiff graph against the hand-differentiated kernels, in one JVM: two
 * agents with the same seed train in alternating segments of {@code segment} steps (K G, G K,
 * ...), each continuing where its last segment ended. Printed: steps per thread-CPU second
 * of each path (summed over the counted segments), the median of the per-segment graph/kernel
 * ratios of CPU time per step, the same for wall time, and each path's mean episode length
 * (the two agents learn on their own, so their episodes, and with them the number of updates
 * per step, drift apart: compare at similar lengths). The first third of the segments
 * is warm-up and not counted. a2c, relax and kf-relax run on CartPole-v0, lax on Pendulum-v1
 * (as {@code TrainingBench}).
 *
 * <p>Lives in the rl package (in the bench module) to construct agents with
 * {@code allowKernel = false}. Run: {@code java -cp kfrelax-bench/target/benchmarks.jar
 * org.kfrelax.rl.TrainingPathBench [segments] [segment steps] [algos]}, e.g. {@code 30 20000 a2c,relax,kf-relax,lax}.
 */
public final class TrainingPathBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private TrainingPathBench() {}

    public static void main(String[] args) {
        int segments = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        long segment = args.length > 1 ? Long.parseLong(args[1]) : 20_000;
        List<String> algos = List.of((args.length > 2 ? args[2] : "a2c,relax,kf-relax,lax").split(","));
        System.out.printf("%-9s %-12s %8s %12s %12s %10s %10s %9s %9s%n", "algo", "env", "segments", "kernel st/s",
                "graph st/s", "cpu G/K", "wall G/K", "K len", "G len");
        for (String algo : algos) {
            Agent<?> kernel = agent(algo, true);
            Agent<?> graph = agent(algo, false);
            int warm = segments / 3;
            double[] cpu = new double[segments - warm];
            double[] wall = new double[segments - warm];
            double[] sums = new double[6];
            for (int i = 0; i < segments; i++) {
                double[] k;
                double[] g;
                if (i % 2 == 0) {
                    k = train(kernel, segment);
                    g = train(graph, segment);
                } else {
                    g = train(graph, segment);
                    k = train(kernel, segment);
                }
                if (i < warm) {
                    continue;
                }
                cpu[i - warm] = (g[0] / g[2]) / (k[0] / k[2]);
                wall[i - warm] = (g[1] / g[2]) / (k[1] / k[2]);
                sums[0] += k[2];
                sums[1] += k[0];
                sums[2] += g[2];
                sums[3] += g[0];
                sums[4] += k[3];
                sums[5] += g[3];
            }
            Arrays.sort(cpu);
            Arrays.sort(wall);
            System.out.printf(Locale.ROOT, "%-9s %-12s %8d %12.0f %12.0f %10.3f %10.3f %9.1f %9.1f%n", algo, env(algo),
                    cpu.length, sums[0] / (sums[1] * 1e-9), sums[2] / (sums[3] * 1e-9), cpu[cpu.length / 2],
                    wall[wall.length / 2], sums[0] / sums[4], sums[2] / sums[5]);
        }
    }

    private static String env(String algo) {
        return "lax".equals(algo) || "kf-lax".equals(algo) ? "Pendulum-v1" : "CartPole-v0";
    }

    private static Agent<?> agent(String algo, boolean allowKernel) {
        AgentConfig c = AgentConfig.defaults(Algorithm.parse(algo));
        return switch (c.algo()) {
            case A2C, ACKTR -> new A2c(Gym.makeDiscrete(env(algo)), c, 0, allowKernel);
            case RELAX, KF_RELAX -> new Relax(Gym.makeDiscrete(env(algo)), c, 0, allowKernel);
            case LAX, KF_LAX -> new Lax(Gym.makeContinuous(env(algo)), c, 0, allowKernel);
        };
    }

    /** {thread CPU ns, wall ns, steps, episodes} of training for at least {@code steps} steps. */
    private static double[] train(Agent<?> agent, long steps) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        TrainingResult r = agent.learn(Budget.steps(steps), s -> true);
        long t1 = System.nanoTime();
        long c1 = THREADS.getCurrentThreadCpuTime();
        return new double[] {c1 - c0, t1 - t0, r.totalSteps(), r.episodes()};
    }
}
