package org.kfrelax.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.Locale;

/**
 * Training throughput of two builds in one JVM: each jar (e.g. this build's benchmarks.jar and
 * one built from another commit) is loaded in its own class loader, and the same training run
 * (default config, one environment, one seed) alternates between them, A B B A A B ..., after
 * two warm-up runs of each. Reports steps per CPU-second of the thread for each run and the
 * median of the per-round ratios B/A, which a machine loaded by other work disturbs far less
 * than separate timings. Both builds must have the same public agent API (reached by
 * reflection, so neither needs this class). Equal episode counts confirm that both computed the
 * same thing.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp kfrelax-bench/target/benchmarks.jar
 * org.kfrelax.bench.JarAbBench A.jar B.jar env algo steps rounds seed}, e.g.
 * {@code /tmp/main/benchmarks.jar kfrelax-bench/target/benchmarks.jar CartPole-v0 a2c 1000000 7 1}.
 */
public final class JarAbBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private JarAbBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            throw new IllegalArgumentException("expected A.jar B.jar env algo steps rounds seed, got " + args.length + " arguments");
        }
        String env = args[2];
        String algo = args[3];
        long steps = Long.parseLong(args[4]);
        int rounds = Integer.parseInt(args[5]);
        long seed = Long.parseLong(args[6]);
        Build[] builds = {new Build(args[0]), new Build(args[1])};
        for (int i = 0; i < 2; i++) {
            builds[0].run(env, algo, seed, steps);
            builds[1].run(env, algo, seed, steps);
        }
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            double[] a;
            double[] b;
            if (r % 2 == 0) {
                a = builds[0].run(env, algo, seed, steps);
                b = builds[1].run(env, algo, seed, steps);
            } else {
                b = builds[1].run(env, algo, seed, steps);
                a = builds[0].run(env, algo, seed, steps);
            }
            ratio[r] = b[0] / a[0];
            System.out.printf(Locale.ROOT, "round %d: A %.0f, B %.0f steps/cpu-s, B/A %.3f (episodes A %d, B %d)%n",
                    r, a[0], b[0], ratio[r], (long) a[1], (long) b[1]);
        }
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "%s %s seed %d, %d steps: median B/A %.3f (range %.3f-%.3f, %d rounds)%n",
                env, algo, seed, steps, ratio[rounds / 2], ratio[0], ratio[rounds - 1], rounds);
    }

    /** One jar's agents, reached by reflection through its own class loader. */
    private static final class Build {
        private final Method defaults;
        private final Method parse;
        private final Method make;
        private final Method create;
        private final Method budget;
        private final Class<?> listener;
        private final Method learn;

        Build(String jar) throws Exception {
            ClassLoader l = new URLClassLoader(new URL[] {new File(jar).toURI().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> algorithm = l.loadClass("org.kfrelax.rl.Algorithm");
            Class<?> config = l.loadClass("org.kfrelax.rl.AgentConfig");
            Class<?> env = l.loadClass("org.kfrelax.gym.Env");
            Class<?> budgetClass = l.loadClass("org.kfrelax.rl.Budget");
            listener = l.loadClass("org.kfrelax.rl.EpisodeListener");
            parse = algorithm.getMethod("parse", String.class);
            defaults = config.getMethod("defaults", algorithm);
            make = l.loadClass("org.kfrelax.gym.Gym").getMethod("make", String.class);
            create = l.loadClass("org.kfrelax.rl.Agents").getMethod("create", config, env, long.class);
            budget = budgetClass.getMethod("steps", long.class);
            learn = l.loadClass("org.kfrelax.rl.Agent").getMethod("learn", budgetClass, listener);
        }

        /** {steps per CPU-second of this thread, episodes} of one training run from scratch. */
        double[] run(String envId, String algo, long seed, long steps) throws Exception {
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            Object agent = create.invoke(null, defaults.invoke(null, parse.invoke(null, algo)), make.invoke(null, envId), seed);
            Object keepGoing = Proxy.newProxyInstance(listener.getClassLoader(), new Class<?>[] {listener},
                    (proxy, method, a) -> method.getDeclaringClass() == Object.class ? method.invoke(this, a)
                            : method.getReturnType() == boolean.class ? Boolean.TRUE : null);   // keep going; warnings ignored
            Object result = learn.invoke(agent, budget.invoke(null, steps), keepGoing);
            double cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) * 1e-9;
            long total = (long) result.getClass().getMethod("totalSteps").invoke(result);
            long episodes = (long) result.getClass().getMethod("episodes").invoke(result);
            return new double[] {total / cpu, episodes};
        }
    }
}
