package org.kfrelax.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import org.kfrelax.estimators.Estimators;
import org.kfrelax.experiments.VaeRun;
import org.kfrelax.random.Pcg64;
import org.kfrelax.vae.DiscreteVae;
import org.kfrelax.vae.IdxImages;

/**
 * Training steps per second of the discrete VAE ({@link VaeRun}: batch 50, 784 pixels, 200
 * latents) for each estimator, after a warm-up of the same number of steps in the same JVM (so
 * the JIT and the dense kernels' hand-over to the Vector API are done). Wall time and the
 * thread's CPU time (steps per CPU second, which a loaded machine disturbs much less) are both
 * printed. The data are random grey levels (a step's time does not depend on them), so it runs
 * without Fashion-MNIST. The PyTorch peer is {@code kfrelax-bench/src/main/python/vae_bench.py}.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp kfrelax-bench/target/benchmarks.jar
 * org.kfrelax.bench.VaeBench [steps] [estimators] [model]}, e.g. {@code 1000 disarm,rloo linear}.
 */
public final class VaeBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private VaeBench() {}

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        List<String> estimators = List.of((args.length > 1 ? args[1] : "disarm,rloo,relax,kf-relax").split(","));
        DiscreteVae.Kind kind = DiscreteVae.Kind.parse(args.length > 2 ? args[2] : "linear");
        Pcg64 rng = new Pcg64(1);
        byte[] px = new byte[60_000 * 784];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) rng.nextLong();
        }
        IdxImages data = IdxImages.of(px, 60_000, 28, 28);
        System.out.printf("%-18s %-10s %7s %9s %10s %12s%n", "estimator", "model", "steps", "wall s", "steps/s", "steps/cpu-s");
        for (String e : estimators) {
            run(data, kind, e, steps); // warm-up
            double[] r = run(data, kind, e, steps);
            System.out.printf(Locale.ROOT, "%-18s %-10s %7d %9.2f %10.1f %12.1f%n", e, kind, steps, r[0], steps / r[0], steps / r[1]);
        }
    }

    /** Wall and thread-CPU seconds of {@code steps} steps of a fresh run. */
    private static double[] run(IdxImages data, DiscreteVae.Kind kind, String estimator, int steps) {
        VaeRun run = new VaeRun(new VaeRun.Config(kind, estimator, 0, 50, 1e-4, Estimators.Settings.defaults(0),
                Estimators.SurrogateForm.REBAR_PLUS), data);
        long w0 = System.nanoTime();
        long c0 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < steps; i++) {
            run.step();
        }
        return new double[] {(System.nanoTime() - w0) / 1e9, (THREADS.getCurrentThreadCpuTime() - c0) / 1e9};
    }
}
