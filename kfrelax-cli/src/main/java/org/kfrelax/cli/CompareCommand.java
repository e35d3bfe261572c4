package org.kfrelax.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.kfrelax.rl.AgentConfig;
import org.kfrelax.rl.Algorithm;
import org.kfrelax.rl.Budget;
import org.kfrelax.stats.StratifiedBootstrap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kfrelax compare}: trains every algorithm with seeds S..S+K−1 (runs in parallel, each
 * single-threaded and deterministic), then writes compare.csv (one row per run) and, through
 * {@link CompareReport}, compare.md and compare.json (solve rate, mean ± std, IQM with its
 * bootstrap interval, probability of improvement, log-variance at matched return bands, runs
 * left out of the curves) and the figures reward.png and logvar.png (the method's Figure 2) and
 * logvar_bands.png. Each run's files go to {@code runs/<algo>/seed-<s>/}. A run that diverges
 * ends as {@code train} ends it (its files, {@code "diverged": true} and the reason in its
 * summary); the others finish, compare names it (stderr, compare.md, compare.csv) and exits with
 * 1 after writing its results.
 *
 * <p>SIGINT/SIGTERM: the running runs end after their current episode with resumable
 * checkpoints, queued runs do not start, no report is written (the directory stays marked
 * incomplete) and the command exits 130/143; {@code --resume} with the same arguments then runs
 * only what is missing ({@link TrainRun#finish}) and writes the report.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Train several algorithms over several seeds and compare episodes to solve (solve rate, mean ± std, IQM with bootstrap CI, probability of improvement), reward and gradient variance at matched returns; collapsed and diverged runs are listed and left out of the curves.")
public final class CompareCommand implements Callable<Integer> {

    static final String[] FILES = files();

    private static String[] files() {
        List<String> f = new ArrayList<>(List.of("compare.csv", "runs/"));
        f.addAll(List.of(CompareReport.FILES));
        return f.toArray(new String[0]);
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--env", paramLabel = "ID", description = "Environment id, e.g. CartPole-v0 (required, here or as env in --config).")
    String envId;

    @Option(names = "--algos", required = true, split = ",", paramLabel = "A,B", description = "Algorithms, e.g. a2c,relax,kf-relax.")
    List<String> algos;

    @Option(names = "--seeds", defaultValue = "5", paramLabel = "K", description = "Seeds S..S+K-1 per algorithm, S = --first-seed (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--first-seed", defaultValue = "0", paramLabel = "S", description = "First seed (default: ${DEFAULT-VALUE}); e.g. fresh seeds to check a setting picked on others.")
    long firstSeed;

    @Mixin
    RunLengthOptions length;

    @Option(names = "--threads", paramLabel = "N", description = "Parallel runs (default: the available cores).")
    Integer threads;

    @Option(names = "--return-bands", defaultValue = "10", paramLabel = "B",
            description = "Return bands for the log-variance at matched performance: episodes grouped by their last-100 mean return into B equal bands (default: ${DEFAULT-VALUE}).")
    int returnBands;

    @Option(names = "--bootstrap-resamples", defaultValue = "" + StratifiedBootstrap.DEFAULT_RESAMPLES, paramLabel = "R",
            description = "Resamples of the stratified bootstrap behind the 95 %% confidence intervals (default: ${DEFAULT-VALUE}, rliable's; seed 0).")
    int bootstrapResamples;

    @Option(names = "--x-axis", paramLabel = "AXIS", defaultValue = "episodes",
            description = "x axis of reward.png and logvar.png: episodes or steps (environment steps so far) (default: ${DEFAULT-VALUE}).")
    String xAxis;

    @Mixin
    HyperparameterOptions hyper;

    @Mixin
    OutputOptions output;

    @Mixin
    TensorBoardOption tensorboard;

    @Option(names = "--resume", description = "Continue the comparison in --out, given the arguments it was started"
            + " with: finished runs are read back, interrupted ones resume from their checkpoints, missing ones run;"
            + " then the results are written as by a fresh compare.")
    boolean resume;

    private final StopRequest stopRequest = new StopRequest();

    @Override
    public Integer call() throws Exception {
        XAxis.parse(xAxis);   // a bad --x-axis is refused before anything runs
        CountChecks.seeds(seeds, firstSeed, "--first-seed");
        ConfigFile file = hyper.file();
        envId = TrainCommand.required("--env", envId, file, "env");
        if (file.run().containsKey("seed")) {
            throw file.error("seed: compare runs the seeds --first-seed .. --first-seed + --seeds - 1; remove seed from the file");
        }
        length.fill(file);
        List<String> names = algoNames(algos);
        Map<String, AgentConfig> configs = new LinkedHashMap<>();
        for (String a : names) {
            AgentConfig c = hyper.resolve(a);
            TrainRun.validate(envId, c);
            configs.put(a, c);
        }
        Budget budget = length.budget();
        Double threshold = length.threshold(envId);
        boolean stop = length.stop(envId);
        if (stop && threshold == null) {
            throw new IllegalArgumentException(envId + " has no solve threshold; give --solve-at R to use --stop-when-solved");
        }
        int nThreads = CountChecks.threads(threads);
        if (returnBands < 1 || returnBands > 1000) {
            throw new IllegalArgumentException("--return-bands must be in 1..1000, got " + returnBands);
        }
        CountChecks.bootstrapResamples(bootstrapResamples);
        if (resume && (output.out() == null || !Files.isDirectory(output.out()))) {
            throw new IllegalArgumentException("--resume needs --out DIR, the directory of the comparison to continue");
        }
        if (output.out() != null) {
            // under --force: an earlier run's directory must not hold e.g. a file named model
            for (String a : names) {
                for (long s = firstSeed; s - firstSeed < seeds; s++) {
                    RunDir.check(runDir(output.out(), a, s), true, TrainRun.FILES);
                }
            }
        }
        try (RunLock lock = resume ? RunLock.acquire(output.out()) : output.open(runName(envId, names), FILES);
             AutoCloseable signals = stopRequest.onSignals()) {
            Path dir = lock.dir();
            List<String> stale = new ArrayList<>(List.of(CompareReport.FILES));
            stale.add("compare.csv");
            RunMarker.begin(dir, stale.toArray(new String[0]));
            List<String> diverged = runAll(dir, names, configs, budget, threshold, stop, nThreads);
            if (diverged == null) {
                spec.commandLine().getErr().println("kfrelax compare: interrupted; the runs that ended early have"
                        + " checkpoints; continue with the same arguments and --resume");
                return stopRequest.exitCode();
            }
            RunMarker.finish(dir);
            if (!diverged.isEmpty()) {
                spec.commandLine().getErr().println("kfrelax compare: error: " + diverged.size() + " of "
                        + names.size() * seeds + " runs diverged (" + String.join(", ", diverged) + "); see compare.md");
                return Cli.EXIT_FAILURE;
            }
        }
        return 0;
    }

    /**
     * Runs every (algorithm, seed), writes the results; returns the diverged runs
     * ({@link #diverged}), or null if a stop request interrupted the comparison (no results).
     */
    private List<String> runAll(Path dir, List<String> names, Map<String, AgentConfig> configs, Budget budget, Double threshold,
                        boolean stop, int nThreads) throws Exception {
        List<String> runAlgo = new ArrayList<>();
        List<Long> runSeed = new ArrayList<>();
        for (String a : names) {
            for (long s = firstSeed; s - firstSeed < seeds; s++) {
                runAlgo.add(a);
                runSeed.add(s);
            }
        }
        List<Future<TrainRun.Outcome>> futures = new ArrayList<>(Collections.nCopies(runAlgo.size(), null));
        ExecutorService pool = Executors.newFixedThreadPool(nThreads);
        try (Progress progress = Progress.start("compare", (long) names.size() * seeds, "runs")) {
            // one queue of runs over the threads, the costliest first, so the threads finish together
            // (results are still listed in --algos and seed order)
            for (int i : longestFirst(runAlgo, configs)) {
                String a = runAlgo.get(i);
                long seed = runSeed.get(i);
                AgentConfig c = configs.get(a);
                Path runDir = runDir(dir, a, seed);
                futures.set(i, pool.submit(() -> {
                    if (stopRequest.signal() != 0) {
                        return null;   // interrupted before this run started: compare --resume runs it
                    }
                    Files.createDirectories(runDir);
                    Warnings warnings = new Warnings(spec.commandLine().getErr(), "compare", a + " seed " + seed + ": ");
                    TrainRun.Spec runSpec = new TrainRun.Spec(envId, c, seed, budget, stop, threshold);
                    TrainRun.Outcome o = resume ? TrainRun.finish(runSpec, runDir, warnings, tensorboard.enabled(), stopRequest)
                            : TrainRun.run(runSpec, runDir, Progress.silent(), false, warnings, tensorboard.enabled(),
                                    stopRequest);
                    if (o.divergenceReason() != null) {
                        warnings.warnAlways(TrainCommand.divergence(o));
                    }
                    progress.step();
                    progress.message(a + " seed " + seed + ": " + (o.divergenceReason() != null ? "diverged"
                            : o.interrupted() ? "interrupted" : o.episodesToSolve() == null ? "not solved" : "solved at " + o.episodesToSolve()));
                    return o;
                }));
            }
            List<TrainRun.Outcome> outcomes = new ArrayList<>();
            for (Future<TrainRun.Outcome> f : futures) {
                try {
                    outcomes.add(f.get());
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof Exception ex) {
                        throw ex;
                    }
                    if (c instanceof Error err) {
                        throw err; // e.g. OutOfMemoryError: one line at the command level (Cli)
                    }
                    throw new IllegalStateException(c);
                }
            }
            if (stopRequest.signal() != 0 || outcomes.stream().anyMatch(o -> o == null || o.interrupted())) {
                return null;
            }
            writeResults(dir, names, runAlgo, runSeed, outcomes);
            return diverged(runAlgo, runSeed, outcomes);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The names of {@code --algos}, trimmed; an empty name, a name given twice or none is a one-line error. */
    static List<String> algoNames(List<String> algos) {
        List<String> names = new ArrayList<>();
        for (String a : algos) {
            String t = a.trim();
            if (t.isEmpty()) {
                throw new IllegalArgumentException("--algos has an empty name in " + algos + "; expected e.g. a2c,relax,kf-relax");
            }
            if (names.contains(t)) {
                throw new IllegalArgumentException("--algos lists '" + t + "' twice");
            }
            names.add(t);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("--algos lists no algorithm; expected e.g. a2c,relax,kf-relax");
        }
        return names;
    }

    private static Path runDir(Path dir, String algo, long seed) {
        return dir.resolve("runs").resolve(algo).resolve("seed-" + seed);
    }

    /** The diverged runs, as {@code "<algo> seed <s>"}, in --algos and seed order. */
    private static List<String> diverged(List<String> runAlgo, List<Long> runSeed, List<TrainRun.Outcome> outcomes) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).divergenceReason() != null) {
                out.add(runAlgo.get(i) + " seed " + runSeed.get(i));
            }
        }
        return out;
    }

    private void writeResults(Path dir, List<String> names, List<String> runAlgo, List<Long> runSeed,
                              List<TrainRun.Outcome> outcomes) throws Exception {
        try (CsvWriter csv = CsvWriter.open(dir.resolve("compare.csv"), "algo", "seed", "episodes", "total_steps",
                "solved", "episodes_to_solve", "final_mean_return_100", "wall_seconds", "steps_per_second", "kfac_skipped_updates", "diverged", "divergence_reason")) {
            for (int i = 0; i < outcomes.size(); i++) {
                Map<String, Object> s = outcomes.get(i).summary();
                csv.row(runAlgo.get(i), runSeed.get(i), s.get("episodes"), s.get("total_steps"), s.get("solved"),
                        s.get("episodes_to_solve"), s.get("final_mean_return_100"), s.get("wall_seconds"),
                        s.get("steps_per_second"), s.get("kfac_skipped_updates"), s.get("diverged"),
                        s.get("divergence_reason"));
            }
            csv.commit();
        }
        List<CompareReport.Run> runs = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            runs.add(new CompareReport.Run(runAlgo.get(i), runSeed.get(i), outcomes.get(i)));
        }
        CompareReport.Setting setting = new CompareReport.Setting(envId, firstSeed, seeds, length.budget(),
                length.threshold(envId), length.stop(envId), returnBands,
                new StratifiedBootstrap(0, bootstrapResamples, 0.95), XAxis.parse(xAxis));
        String md = CompareReport.write(dir, setting, names, runs);
        var out = spec.commandLine().getOut();
        out.print(md);
        out.println("wrote " + dir.resolve("compare.csv") + ", compare.md, compare.json, reward.png, logvar.png, logvar_bands.png");
        out.flush();
    }

    /**
     * The order to start the runs in: costliest first (longest-processing-time-first, which keeps
     * the last thread from finishing alone long after the others), ties in the given order. All
     * runs share one budget, so the cost is the time per step: {@link #relativeCost}.
     */
    static List<Integer> longestFirst(List<String> runAlgo, Map<String, AgentConfig> configs) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < runAlgo.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> relativeCost(configs.get(runAlgo.get(i)))).reversed());
        return order;
    }

    /**
     * A rank of the time per environment step: a surrogate (relax, lax and their K-FAC forms)
     * costs more than a value baseline alone, and K-FAC steps add their statistics on top.
     * Measured on CartPole-v0 at the reference 2×10 networks (TrainingBench): a2c 711k, relax 342k,
     * kf-relax 258k steps/s, i.e. ranks 0 &lt; 2 &lt; 3.
     */
    static int relativeCost(AgentConfig c) {
        Algorithm a = c.algo();
        boolean surrogate = a != Algorithm.A2C && a != Algorithm.ACKTR;
        return (surrogate ? 2 : 0) + (a.kfac() ? 1 : 0);
    }

    /** Replaces non-finite entries (no variance estimate yet) by the nearest earlier finite value (or the first finite one). */
    static double[] fillNonFinite(double[] v) {
        double[] out = v.clone();
        double first = Double.NaN;
        for (double x : v) {
            if (Double.isFinite(x)) {
                first = x;
                break;
            }
        }
        double last = Double.isFinite(first) ? first : 0.0;
        for (int i = 0; i < out.length; i++) {
            if (Double.isFinite(out[i])) {
                last = out[i];
            } else {
                out[i] = last;
            }
        }
        return out;
    }

    /** The default run directory's name: {@code compare-<env>-<algorithms joined by +>}. */
    static String runName(String envId, List<String> algos) {
        return "compare-" + envId + "-" + String.join("+", algos);
    }
}
