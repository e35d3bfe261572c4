package org.kfrelax.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.gym.Gym;
import org.kfrelax.linalg.Dense;
import org.kfrelax.linalg.DenseBench;
import org.kfrelax.rl.Agent;
import org.kfrelax.rl.AgentConfig;
import org.kfrelax.rl.Algorithm;
import org.kfrelax.rl.Agents;
import org.kfrelax.rl.Budget;
import org.kfrelax.rl.TrainingResult;

/**
 * The width table: cost per environment step of relax and kf-relax on CartPole-v0 with policy
 * and surrogate of two hidden layers of width 10, 64 and 256, with the policy frozen, and the
 * same model in PyTorch when {@code python3 -c 'import torch'} works; then the dense kernels
 * alone ({@link DenseBench}).
 *
 * <p>Frozen policy: its output layer starts at zero (every action has probability exactly 1/2,
 * at every width) and its learning rate is 10⁻³⁰⁰, so every update does all its work (policy
 * gradient estimate, surrogate and its variance-loss gradient by double backprop, K-FAC
 * statistics and steps, optimizer steps, kf-relax's trust-region check) but moves the policy
 * by no representable amount (Adam's step is at most about lr; the output weights stay below
 * 10⁻²⁹⁰, so the logits round to 0 ± 10⁻²⁸⁸ and exp rounds them to 1). Every width and
 * PyTorch thus see episodes of one distribution, the uniform random policy's (mean length
 * about 22); the mean length is printed next to each figure. τ and scale (kf-relax: Adam at
 * the policy's lr) freeze with it; the surrogate's layers keep learning.
 *
 * <p>Measurement: {@code rounds} rounds, each running every (algo, width) for {@code steps}
 * steps, kfrelax then PyTorch (a fresh {@code python3} process running
 * {@code kfrelax-bench/src/main/python/width_bench.py}, which times the same number of steps
 * after its own warm-up, single-threaded); medians over rounds of µs per step (thread CPU for
 * kfrelax, process CPU for PyTorch, both single-threaded; wall time next to it) and of the
 * per-round ratios. GMAC/s: multiply-adds of kfrelax's matrix products
 * ({@link Dense#multiplyAdds}) per CPU second.
 *
 * <p>Run (from the project root, after {@code mvn -B -DskipTests package}):
 * {@code java --add-modules jdk.incubator.vector -cp kfrelax-bench/target/benchmarks.jar
 * org.kfrelax.bench.WidthBench [steps] [widths] [algos] [rounds] [kernels]}, defaults
 * {@code 3000 10,64,256 relax,kf-relax 3 vector}; kernels sets {@code kfrelax.linalg}
 * (vector, scalar or auto); {@code --no-torch} as the only argument skips PyTorch.
 */
public final class WidthBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Path SCRIPT = Path.of("kfrelax-bench", "src", "main", "python", "width_bench.py");

    /** The Python that imports torch (see {@link #torchAvailable}). */
    private static String python = "python3";

    private WidthBench() {}

    /** One measurement: µs per step of CPU and wall time, mean episode length, GMAC/s of CPU. */
    private record Sample(double cpuUs, double wallUs, double meanLength, double gmacs) {}

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        boolean torch = !a.remove("--no-torch");
        int steps = a.size() > 0 ? Integer.parseInt(a.get(0)) : 3000;
        int[] widths = Arrays.stream((a.size() > 1 ? a.get(1) : "10,64,256").split(",")).mapToInt(Integer::parseInt).toArray();
        List<String> algos = List.of((a.size() > 2 ? a.get(2) : "relax,kf-relax").split(","));
        int rounds = a.size() > 3 ? Integer.parseInt(a.get(3)) : 3;
        System.setProperty(Dense.PROPERTY, a.size() > 4 ? a.get(4) : "vector");   // before Dense loads
        torch = torch && torchAvailable();
        System.out.printf(Locale.ROOT, "CartPole-v0, frozen uniform policy, %d steps per sample, %d rounds; kernels: %s; PyTorch: %s%n",
                steps, rounds, Dense.implementation(), torch ? torchVersion() : "not measured");

        int n = algos.size() * widths.length;
        Agent<?>[] agents = new Agent<?>[n];
        double[][] initialPolicy = new double[n][];
        Sample[][] java = new Sample[n][rounds];
        Sample[][] py = new Sample[n][rounds];
        for (int i = 0; i < n; i++) {
            agents[i] = frozenAgent(algos.get(i / widths.length), widths[i % widths.length]);
            initialPolicy[i] = policyValues(agents[i]);
            time(agents[i], steps);   // warm-up
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < n; i++) {
                java[i][r] = time(agents[i], steps);
                if (torch) {
                    py[i][r] = torchSample(algos.get(i / widths.length), widths[i % widths.length], steps);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%-9s %5s %8s %10s %10s %8s %11s %10s %9s%n", "algo", "width", "mean len",
                "µs/step", "wall µs", "GMAC/s", "torch µs", "torch/kfr", "policy Δ");
        for (int i = 0; i < n; i++) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = torch ? py[i][r].cpuUs() / java[i][r].cpuUs() : Double.NaN;
            }
            double drift = maxDiff(initialPolicy[i], policyValues(agents[i]));
            System.out.printf(Locale.ROOT, "%-9s %5d %8.1f %10.2f %10.2f %8.2f %11s %10s %9.1e%n",
                    algos.get(i / widths.length), widths[i % widths.length],
                    median(java[i], Sample::meanLength), median(java[i], Sample::cpuUs), median(java[i], Sample::wallUs),
                    median(java[i], Sample::gmacs),
                    torch ? String.format(Locale.ROOT, "%.1f", median(py[i], Sample::cpuUs)) : "-",
                    torch ? String.format(Locale.ROOT, "%.2f", DenseBench.median(ratio)) : "-", drift);
        }
        int relax = algos.indexOf("relax");
        int kfRelax = algos.indexOf("kf-relax");
        if (relax >= 0 && kfRelax >= 0) {   // K-FAC's cost: per-round ratios of CPU per step, kf-relax over relax
            for (int w = 0; w < widths.length; w++) {
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    ratio[r] = java[kfRelax * widths.length + w][r].cpuUs() / java[relax * widths.length + w][r].cpuUs();
                }
                System.out.printf(Locale.ROOT, "kf-relax / relax at width %d: median of %d per-round ratios %.3f%n",
                        widths[w], rounds, DenseBench.median(ratio));
            }
        }
        if (torch) {
            System.out.printf(Locale.ROOT, "torch mean episode lengths: %s%n", Arrays.toString(
                    Arrays.stream(py).mapToDouble(s -> median(s, Sample::meanLength)).map(x -> Math.round(x * 10) / 10.0).toArray()));
        }
        System.out.println();
        DenseBench.run(9, new int[] {64, 256});
    }

    /** The algorithm's defaults with policy and surrogate of two hidden layers of {@code width}, frozen as described above. */
    private static Agent<?> frozenAgent(String algo, int width) {
        AgentConfig c = AgentConfig.builder(Algorithm.parse(algo)).hidden(width, width).cvHidden(width, width)
                .lr(1e-300).build();
        Agent<?> agent = Agents.create(c, Gym.make("CartPole-v0"), 0);
        Map<String, Tensor> p = agent.parameters();
        Arrays.fill(p.get("policy.2.weight").data(), 0.0);
        Arrays.fill(p.get("policy.2.bias").data(), 0.0);
        return agent;
    }

    private static Sample time(Agent<?> agent, int steps) {
        long macs = Dense.multiplyAdds();
        long cpu = THREADS.getCurrentThreadCpuTime();
        TrainingResult r = agent.learn(Budget.steps(steps), s -> true);
        double cpuS = (THREADS.getCurrentThreadCpuTime() - cpu) * 1e-9;
        double macsDone = Dense.multiplyAdds() - macs;
        return new Sample(cpuS * 1e6 / r.totalSteps(), r.wallSeconds() * 1e6 / r.totalSteps(),
                (double) r.totalSteps() / r.episodes(), macsDone / cpuS * 1e-9);
    }

    /** The policy's parameters (the first entries of {@link Agent#parameters}) as one array. */
    private static double[] policyValues(Agent<?> agent) {
        return agent.parameters().entrySet().stream().filter(e -> e.getKey().startsWith("policy."))
                .flatMapToDouble(e -> Arrays.stream(e.getValue().data())).toArray();
    }

    private static double maxDiff(double[] x, double[] y) {
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }

    private static double median(Sample[] s, java.util.function.ToDoubleFunction<Sample> f) {
        return DenseBench.median(Arrays.stream(s).mapToDouble(f).toArray());
    }

    /**
     * Finds a Python that imports torch: the property {@code kfrelax.bench.python}, else
     * {@code python3} on the PATH, else {@code /usr/bin/python3} (where Debian's python3-torch
     * lives when the PATH leads to another Python).
     */
    private static boolean torchAvailable() throws InterruptedException {
        if (!Files.isRegularFile(SCRIPT)) {
            System.out.println("(PyTorch not measured: run from the project root, " + SCRIPT + " not found)");
            return false;
        }
        String given = System.getProperty("kfrelax.bench.python");
        for (String candidate : given != null ? List.of(given) : List.of("python3", "/usr/bin/python3")) {
            try {
                if (new ProcessBuilder(candidate, "-c", "import torch").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0) {
                    python = candidate;
                    return true;
                }
            } catch (IOException e) {
                // not there: the next candidate
            }
        }
        return false;
    }

    private static String torchVersion() throws IOException, InterruptedException {
        return python + ": " + run(List.of(python, "-c", "import torch; print('torch ' + torch.__version__ + ', 1 thread')")).get(0);
    }

    /** One PyTorch sample: the script prints "cpu_us_per_step wall_us_per_step mean_length". */
    private static Sample torchSample(String algo, int width, int steps) throws IOException, InterruptedException {
        List<String> out = run(List.of(python, SCRIPT.toString(), "--algo", algo, "--width", Integer.toString(width),
                "--steps", Integer.toString(steps)));
        String[] f = out.get(out.size() - 1).trim().split("\\s+");
        return new Sample(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.NaN);
    }

    private static List<String> run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        }
        if (p.waitFor() != 0 || lines.isEmpty()) {
            throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + ")");
        }
        return lines;
    }
}
