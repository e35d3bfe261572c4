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
 * <p>Several builds can be measured against A at once: {@code B.jar,C.jar} as the second argument
 * (each round runs A B C, then C B A, ...; each is reported against A).
 *
 * <p>Trailing {@code key=value} arguments change the default config in both builds (keys as in
 * {@code AgentConfig}, e.g. {@code trustRegion=0}), to compare builds whose defaults differ at
 * equal work.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp kfrelax-bench/target/benchmarks.jar
 * org.kfrelax.bench.JarAbBench A.jar B.jar[,C.jar...] env algo steps rounds seed [key=value ...]}, e.g.
 * {@code /tmp/main/benchmarks.jar kfrelax-bench/target/benchmarks.jar CartPole-v0 a2c 1000000 7 1}.
 */
public final class JarAbBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private JarAbBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            throw new IllegalArgumentException("expected A.jar B.jar[,C.jar...] env algo steps rounds seed [key=value ...], got "
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
        String[] bJars = args[1].split(",");
        Build[] builds = new Build[1 + bJars.length];   // A, then each B
        builds[0] = new Build(args[0], algo, overrides);
        for (int i = 0; i < bJars.length; i++) {
            builds[1 + i] = new Build(bJars[i], algo, overrides);
        }
        for (int i = 0; i < 2; i++) {
            for (Build b : builds) {
                b.run(env, seed, steps);
            }
        }
        double[][] ratio = new double[bJars.length][rounds];
        double[][] perUpdate = new double[bJars.length][rounds];
        for (int r = 0; r < rounds; r++) {
            double[][] x = new double[builds.length][];
            for (int q = 0; q < builds.length; q++) {
                int i = r % 2 == 0 ? q : builds.length - 1 - q;   // A B.. then ..B A
                x[i] = builds[i].run(env, seed, steps);
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d: A %.0f steps/cpu-s (episodes %d,"
                    + " updates %d, cpu-us/update %.1f)", r, x[0][0], (long) x[0][1], (long) x[0][2], x[0][3]));
            for (int i = 0; i < bJars.length; i++) {
                double[] b = x[1 + i];
                ratio[i][r] = b[0] / x[0][0];
                perUpdate[i][r] = x[0][3] / b[3];
                line.append(String.format(Locale.ROOT, "; %s %.0f, /A %.3f (episodes %d, updates %d, cpu-us/update %.1f,"
                        + " A/this %.3f)", name(i, bJars.length), b[0], ratio[i][r], (long) b[1], (long) b[2], b[3],
                        perUpdate[i][r]));
            }
            System.out.println(line);
        }
        for (int i = 0; i < bJars.length; i++) {
            Arrays.sort(ratio[i]);
            Arrays.sort(perUpdate[i]);
            System.out.printf(Locale.ROOT, "%s %s seed %d, %d steps%s: median %s/A %.3f (range %.3f-%.3f, %d rounds);"
                            + " per update A/%s %.3f (%.3f-%.3f)   [%s vs %s]%n",
                    env, algo, seed, steps, overrides.isEmpty() ? "" : " " + overrides, name(i, bJars.length),
                    ratio[i][rounds / 2], ratio[i][0], ratio[i][rounds - 1], rounds, name(i, bJars.length),
                    perUpdate[i][rounds / 2], perUpdate[i][0], perUpdate[i][rounds - 1], bJars[i], args[0]);
        }
    }

    /** "B" for a single second build; "B1", "B2", ... for several. */
    private static String name(int i, int count) {
        return count == 1 ? "B" : "B" + (i + 1);
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
