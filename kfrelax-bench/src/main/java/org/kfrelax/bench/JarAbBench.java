package org.kfrelax.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Training throughput of two builds in one JVM: each jar (e.g. this build's benchmarks.jar and
 * one built from another commit) is loaded in its own class loader, and the same training run
 * (default config, one environment, one seed) alternates between them, A B B A A B ..., after
 * two warm-up runs of each. Reports steps per CPU-second of the thread for each run and the
 * median of the per-round ratios B/A, which a machine loaded by other work disturbs far less
 * than separate timings. The agents are reached by reflection, so neither build needs this
 * class; two agent APIs are understood: this one ({@code Algorithm}, {@code AgentConfig.fromMap})
 * and the one before issue 10 ({@code AgentConfig.defaults(String)}, a positional record, e.g.
 * ad6472d, the last build with hand-written kernels). Equal episode counts confirm that both
 * computed the same thing; where they differ (builds whose random streams differ), compare the
 * CPU time per update, printed as well.
 *
 * <p>Trailing {@code key=value} arguments change the default config in both builds (keys as in
 * {@code AgentConfig}, e.g. {@code trustRegion=0}), to compare builds whose defaults differ at
 * equal work.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp kfrelax-bench/target/benchmarks.jar
 * org.kfrelax.bench.JarAbBench A.jar B.jar env algo steps rounds seed [key=value ...]}, e.g.
 * {@code /tmp/main/benchmarks.jar kfrelax-bench/target/benchmarks.jar CartPole-v0 a2c 1000000 7 1}.
 */
public final class JarAbBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private JarAbBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            throw new IllegalArgumentException("expected A.jar B.jar env algo steps rounds seed [key=value ...], got "
                    + args.length + " arguments");
        }
        String env = args[2];
        String algo = args[3];
        long steps = Long.parseLong(args[4]);
        int rounds = Integer.parseInt(args[5]);
        long seed = Long.parseLong(args[6]);
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 7; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + args[i] + "'");
            }
            overrides.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Build[] builds = {new Build(args[0], algo, overrides), new Build(args[1], algo, overrides)};
        for (int i = 0; i < 2; i++) {
            builds[0].run(env, seed, steps);
            builds[1].run(env, seed, steps);
        }
        double[] ratio = new double[rounds];
        double[] perUpdate = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            double[] a;
            double[] b;
            if (r % 2 == 0) {
                a = builds[0].run(env, seed, steps);
                b = builds[1].run(env, seed, steps);
            } else {
                b = builds[1].run(env, seed, steps);
                a = builds[0].run(env, seed, steps);
            }
            ratio[r] = b[0] / a[0];
            perUpdate[r] = a[3] / b[3];
            System.out.printf(Locale.ROOT, "round %d: A %.0f, B %.0f steps/cpu-s, B/A %.3f (episodes A %d, B %d;"
                            + " updates A %d, B %d; cpu-us/update A %.1f, B %.1f, A/B %.3f)%n",
                    r, a[0], b[0], ratio[r], (long) a[1], (long) b[1], (long) a[2], (long) b[2], a[3], b[3], perUpdate[r]);
        }
        Arrays.sort(ratio);
        Arrays.sort(perUpdate);
        System.out.printf(Locale.ROOT, "%s %s seed %d, %d steps%s: median B/A %.3f (range %.3f-%.3f, %d rounds);"
                        + " per update A/B %.3f (%.3f-%.3f)%n",
                env, algo, seed, steps, overrides.isEmpty() ? "" : " " + overrides, ratio[rounds / 2], ratio[0],
                ratio[rounds - 1], rounds, perUpdate[rounds / 2], perUpdate[0], perUpdate[rounds - 1]);
    }

    /** One jar's agents, reached by reflection through its own class loader. */
    private static final class Build {
        private final Object config;
        private final Method make;
        private final Method create;
        private final Method budget;
        private final Class<?> listener;
        private final Method learn;

        Build(String jar, String algo, Map<String, String> overrides) throws Exception {
            ClassLoader l = new URLClassLoader(new URL[] {new File(jar).toURI().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> configClass = l.loadClass("org.kfrelax.rl.AgentConfig");
            Class<?> env = l.loadClass("org.kfrelax.gym.Env");
            Class<?> budgetClass = l.loadClass("org.kfrelax.rl.Budget");
            listener = l.loadClass("org.kfrelax.rl.EpisodeListener");
            config = hasClass(l, "org.kfrelax.rl.Algorithm") ? currentConfig(configClass, algo, overrides)
                    : positionalConfig(configClass, algo, overrides);
            make = l.loadClass("org.kfrelax.gym.Gym").getMethod("make", String.class);
            create = l.loadClass("org.kfrelax.rl.Agents").getMethod("create", configClass, env, long.class);
            budget = budgetClass.getMethod("steps", long.class);
            learn = l.loadClass("org.kfrelax.rl.Agent").getMethod("learn", budgetClass, listener);
        }

        private static boolean hasClass(ClassLoader l, String name) {
            try {
                l.loadClass(name);
                return true;
            } catch (ClassNotFoundException e) {
                return false;
            }
        }

        /** This API: {@code AgentConfig.fromMap} of algo plus the overrides (strings, converted by the config). */
        private static Object currentConfig(Class<?> configClass, String algo, Map<String, String> overrides) throws Exception {
            Map<String, Object> m = new LinkedHashMap<>(overrides);
            m.put("algo", algo);
            return configClass.getMethod("fromMap", Map.class).invoke(null, m);
        }

        /**
         * The API before issue 10: {@code AgentConfig.defaults(String)}, a record whose canonical
         * constructor is called again with the overridden components.
         */
        private static Object positionalConfig(Class<?> configClass, String algo, Map<String, String> overrides) throws Exception {
            Object defaults = configClass.getMethod("defaults", String.class).invoke(null, algo);
            RecordComponent[] rc = configClass.getRecordComponents();
            Object[] values = new Object[rc.length];
            Class<?>[] types = new Class<?>[rc.length];
            Map<String, String> left = new LinkedHashMap<>(overrides);
            for (int i = 0; i < rc.length; i++) {
                types[i] = rc[i].getType();
                String v = left.remove(rc[i].getName());
                values[i] = v == null ? rc[i].getAccessor().invoke(defaults) : parse(types[i], v);
            }
            if (!left.isEmpty()) {
                throw new IllegalArgumentException("keys " + left.keySet() + " are not in this build's AgentConfig");
            }
            return configClass.getDeclaredConstructor(types).newInstance(values);
        }

        private static Object parse(Class<?> type, String v) {
            if (type == double.class) {
                return Double.parseDouble(v);
            } else if (type == int.class) {
                return Integer.parseInt(v);
            } else if (type == boolean.class) {
                return Boolean.parseBoolean(v);
            } else if (type == int[].class) {
                return Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
            }
            return v;
        }

        /** {steps per CPU-second of this thread, episodes, updates, CPU microseconds per update} of one run from scratch. */
        double[] run(String envId, long seed, long steps) throws Exception {
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            Object agent = create.invoke(null, config, make.invoke(null, envId), seed);
            Object keepGoing = Proxy.newProxyInstance(listener.getClassLoader(), new Class<?>[] {listener},
                    (proxy, method, a) -> method.getDeclaringClass() == Object.class ? method.invoke(this, a)
                            : method.getReturnType() == boolean.class ? Boolean.TRUE : null);   // keep going; warnings ignored
            Object result = learn.invoke(agent, budget.invoke(null, steps), keepGoing);
            double cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) * 1e-9;
            long total = (long) result.getClass().getMethod("totalSteps").invoke(result);
            long episodes = (long) result.getClass().getMethod("episodes").invoke(result);
            long updates = (long) result.getClass().getMethod("updates").invoke(result);
            return new double[] {total / cpu, episodes, updates, cpu * 1e6 / Math.max(1, updates)};
        }
    }
}
