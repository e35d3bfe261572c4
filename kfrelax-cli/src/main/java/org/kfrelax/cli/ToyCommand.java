package org.kfrelax.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kfrelax.estimators.Estimators;
import org.kfrelax.estimators.Rebar;
import org.kfrelax.experiments.ToyPlots;
import org.kfrelax.experiments.ToyRun;
import org.kfrelax.tensorboard.TensorBoardWriter;
import org.kfrelax.tensorboard.ToyScalars;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kfrelax toy}: the method's synthetic experiment, f(b) = (b − t)², b ~ Bernoulli(σ(θ)),
 * with one or several estimators, each with seeds S..S+K−1 ({@code --seed}, {@code --seeds}).
 * Writes toy.csv (one row per estimator, seed and iteration), toy.json (settings, per-run
 * results, iterations per second, the unbiasedness check), toy_loss.png and toy_logvar.png
 * (+ SVG), the method's Figure 1 (with several seeds: mean and 25–75 percentile band), and a
 * TensorBoard event file per estimator and seed under {@code tensorboard/} ({@link ToyScalars});
 * with {@code --unbiased}, also toy_unbiased_&lt;estimator&gt;.png (Appendix B, scale-free: z =
 * (mean of M estimates − exact gradient)/SE against iteration with lines at ±2).
 */
@Command(name = "toy", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The synthetic problem f(b) = (b - t)^2, b ~ Bernoulli(sigmoid(theta)): loss and gradient "
                + "variance of several estimators (the method's Figure 1; --unbiased: Appendix B).")
public final class ToyCommand implements Callable<Integer> {

    /** The estimators that apply to the toy problem (one Bernoulli variable). */
    static final List<String> TOY_ESTIMATORS = List.of("reinforce", "reinforce-baseline", "rloo", "concrete",
            "straight-through", "rebar", "relax", "kf-relax", "discrete-lax", "arm", "disarm");

    @Spec
    CommandSpec spec;

    static final String[] FILES = {"toy.csv", "toy.json", "toy_loss.png", "toy_loss.svg", "toy_logvar.png",
        "toy_logvar.svg"};

    @Option(names = "--estimator", paramLabel = "E[,E...]", defaultValue = "reinforce,rebar,relax,kf-relax",
            description = "Estimators, comma-separated: " + "reinforce, reinforce-baseline, rloo, concrete, straight-through, "
                    + "rebar, relax, kf-relax, discrete-lax, arm, disarm (default: ${DEFAULT-VALUE}).")
    String estimators;

    @Option(names = "--target", paramLabel = "T", defaultValue = "0.499", description = "Target t in [0, 1] (default: ${DEFAULT-VALUE}).")
    double target;

    @Option(names = "--iters", paramLabel = "N", defaultValue = "10000", description = "Iterations (default: ${DEFAULT-VALUE}).")
    int iters;

    @Mixin
    SeedOption seed;

    @Option(names = "--seeds", paramLabel = "K", defaultValue = "1",
            description = "Run each estimator with seeds S..S+K-1, S = --seed; the plots then show the mean over seeds "
                    + "with a 25-75 percentile band (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "0.01",
            description = "Adam learning rate of theta and of the estimators' own parameters (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "1", description = "Samples per estimate (default: ${DEFAULT-VALUE}; rloo needs >= 2).")
    int batch;

    @Option(names = "--eval-every", paramLabel = "K", defaultValue = "100",
            description = "Measure the gradient mean and variance every K iterations; 0 = never (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--eval-samples", paramLabel = "M", defaultValue = "200",
            description = "Independent estimates per measurement (default: ${DEFAULT-VALUE}).")
    int evalSamples;

    @Option(names = "--unbiased", description = "Appendix B: also plot each estimator's mean (+- 2 standard errors) against the exact gradient "
                    + "(toy_unbiased_<estimator>.png).")
    boolean unbiased;

    @Option(names = "--rebar-coupling", paramLabel = "C", defaultValue = "independent",
            description = "Noise of REBAR's conditional sample: independent, or tied to the relaxed sample's (z~ = z in value, "
                    + "as the REBAR reference code and the RELAX paper's toy figure do) (default: ${DEFAULT-VALUE}).")
    String rebarCoupling;

    @Mixin
    EstimatorOptions estimatorOptions;

    @Mixin
    OutputOptions output;

    @Mixin
    TensorBoardOption tensorboard;

    /** The TensorBoard directory of the run directory: one subdirectory (a TensorBoard run) per estimator and seed. */
    static final String TENSORBOARD_DIR = "tensorboard";

    @Override
    public Integer call() throws IOException {
        List<String> names = parseEstimators(estimators);
        if (!(target >= 0 && target <= 1)) {
            throw new IllegalArgumentException("--target must be in [0, 1], got " + target);
        }
        EstimatorOptions.positive(iters, "--iters");
        EstimatorOptions.positive(evalSamples, "--eval-samples");
        EstimatorOptions.positive(batch, "--batch");
        if (evalSamples < 2) {
            throw new IllegalArgumentException("--eval-samples must be at least 2 (a variance needs two estimates), got " + evalSamples);
        }
        if (evalEvery < 0) {
            throw new IllegalArgumentException("--eval-every must be >= 0 (0 turns evaluation off), got " + evalEvery);
        }
        if (unbiased && evalEvery == 0) {
            throw new IllegalArgumentException("--unbiased needs evaluation: give --eval-every K > 0");
        }
        if (names.contains("rloo") && batch < 2) {
            throw new IllegalArgumentException("--batch must be at least 2 for rloo, got " + batch);
        }
        CountChecks.seeds(seeds, seed.seed(), "--seed");
        estimatorOptions.settings(lr, "--lr", seed.seed()); // checks the estimator options
        Rebar.Coupling coupling;
        try {
            coupling = Rebar.Coupling.parse(rebarCoupling);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--rebar-coupling: " + e.getMessage());
        }

        List<String> files = new ArrayList<>(List.of(FILES));
        files.add(TENSORBOARD_DIR + "/");
        for (String n : names) {
            files.add("toy_unbiased_" + n + ".png");
            files.add("toy_unbiased_" + n + ".svg");
        }
        List<ToyRun.Result> results = new ArrayList<>();
        List<Long> runSeeds = new ArrayList<>();
        Path dir;
        long firstSeed = seed.seed();
        try (RunLock lock = output.open(runName(names, firstSeed, seeds), files.toArray(new String[0]))) {
            dir = lock.dir();
            RunMarker.begin(dir, files.stream().filter(f -> !f.equals("toy.csv")).toArray(String[]::new));
            // one-time class loading of the plot and JSON writers runs on another core while iterating
            Thread warmUp = new Thread(() -> {
                ToyPlots.warmUp();
                Json.toJson(Map.of("warm-up", 1.0));
            }, "toy-output-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
            Map<String, List<List<ToyRun.Row>>> rows = new LinkedHashMap<>();
            try (CsvWriter csv = CsvWriter.open(dir.resolve("toy.csv"), "estimator", "iter", "theta", "p", "loss", "grad_mean",
                    "grad_var", "exact_grad", "grad_se", "unbiased", "reinforce_var", "seed");
                 Progress progress = Progress.start("toy", (long) iters * names.size() * seeds, "iterations")) {
                for (String name : names) {
                    List<List<ToyRun.Row>> perSeed = new ArrayList<>();
                    rows.put(name, perSeed);
                    for (long s = firstSeed; s - firstSeed < seeds; s++) {
                        long runSeed = s;
                        List<ToyRun.Row> mine = new ArrayList<>();
                        perSeed.add(mine);
                        Estimators.Settings settings = estimatorOptions.settings(lr, "--lr", runSeed);
                        boolean isUnbiased = Estimators.create(name, 1, settings).isUnbiased();
                        ToyRun.Config c = new ToyRun.Config(name, target, iters, runSeed, lr, batch, evalEvery, evalSamples,
                                settings, coupling);
                        String label = seeds == 1 ? name : name + " seed " + runSeed;
                        progress.message(label);
                        Warnings warnings = new Warnings(spec.commandLine().getErr(), "toy", label + ": ");
                        int logEvery = evalEvery > 0 ? evalEvery : 100;
                        try (TensorBoardWriter tb = tensorboard.enabled()
                                ? TensorBoardWriter.open(dir.resolve(TENSORBOARD_DIR).resolve(name + "-s" + runSeed)) : null) {
                            ToyRun.Result r = ToyRun.run(c, row -> {
                                mine.add(row);
                                boolean ev = row.evaluated();
                                csv.row(name, row.iter(), row.theta(), row.p(), row.loss(), ev ? row.gradMean() : null,
                                        ev ? row.gradVar() : null, row.exactGrad(), ev ? row.gradStdErr(evalSamples) : null,
                                        isUnbiased, row.reinforceVar(), runSeed);
                                if (tb != null && row.iter() % logEvery == 0) {
                                    tb.scalars(row.iter(), ToyScalars.of(row, evalSamples));
                                }
                            }, progress::step, warnings::warn);
                            if (r.diverged()) {
                                warnings.warnAlways("diverged at " + r.divergenceReason() + "; the other runs continue");
                                progress.stepTo((long) iters * (results.size() + 1));
                            }
                            results.add(r);
                            runSeeds.add(runSeed);
                        }
                    }
                }
                csv.commit();
            }
            try {
                warmUp.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            // the summary first: a plot that cannot be written must not cost the run its summary
            writeSummary(dir, names, results, runSeeds, rows);
            ToyPlots.loss(rows, target).save(dir.resolve("toy_loss.png"));
            if (evalEvery == 0) {
                System.err.println("toy: --eval-every 0: no variance measured, toy_logvar.png not drawn");
            } else if (!ToyPlots.anyPositiveVariance(rows)) {
                System.err.println("toy: every measured variance is 0 (no logarithm), toy_logvar.png not drawn");
            } else {
                ToyPlots.logVariance(rows, target).save(dir.resolve("toy_logvar.png"));
            }
            if (unbiased) {
                for (Map.Entry<String, List<List<ToyRun.Row>>> e : rows.entrySet()) {
                    if (ToyPlots.zCount(e.getValue(), evalSamples).evaluations() == 0) {
                        System.err.println("toy: " + e.getKey() + ": every measured variance is 0 (no standard error), "
                                + "toy_unbiased_" + e.getKey() + ".png not drawn");
                        continue;
                    }
                    ToyPlots.unbiased(e.getKey(), e.getValue(), firstSeed, target, evalSamples)
                            .save(dir.resolve("toy_unbiased_" + e.getKey() + ".png"));
                }
            }
            RunMarker.finish(dir);
        }
        System.out.println(String.format(Locale.ROOT, "%-18s %6s %10s %10s %12s %s", "estimator", "seed", "iters/s",
                "final p", "final loss", ""));
        for (int i = 0; i < results.size(); i++) {
            ToyRun.Result r = results.get(i);
            StringBuilder learned = new StringBuilder(r.unbiased() ? "" : "(biased)");
            r.learned().forEach((k, v) -> learned.append(String.format(Locale.ROOT, " %s=%.4g", k, v)));
            System.out.println(String.format(Locale.ROOT, "%-18s %6d %10.0f %10.4f %12.6f %s", r.estimator(),
                    runSeeds.get(i), r.itersPerSecond(), r.finalP(), r.finalLoss(), learned.toString().strip()));
        }
        System.out.println("results in " + dir);
        List<String> diverged = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            ToyRun.Result r = results.get(i);
            if (r.diverged()) {
                diverged.add(r.estimator() + (seeds == 1 ? "" : " seed " + runSeeds.get(i)) + " at " + r.divergenceReason());
            }
        }
        if (!diverged.isEmpty()) {
            spec.commandLine().getErr().println("kfrelax toy: error: diverged: " + String.join("; ", diverged)
                    + " (toy.json says so; the other estimators finished)");
            return Cli.EXIT_FAILURE;
        }
        return 0;
    }

    private void writeSummary(Path dir, List<String> names, List<ToyRun.Result> results, List<Long> runSeeds,
            Map<String, List<List<ToyRun.Row>>> rows) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", "toy");
        summary.put("estimators", names);
        summary.put("target", target);
        summary.put("iters", iters);
        summary.put("seed", seed.seed());
        summary.put("seeds", seeds);
        summary.put("lr", lr);
        summary.put("batch", batch);
        summary.put("eval_every", evalEvery);
        summary.put("eval_samples", evalSamples);
        EstimatorOptions.describe(estimatorOptions.settings(lr, "--lr", seed.seed()), summary);
        summary.put("rebar_coupling", rebarCoupling);
        List<Map<String, Object>> rs = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            ToyRun.Result r = results.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("estimator", r.estimator());
            m.put("seed", runSeeds.get(i));
            m.put("unbiased", r.unbiased());
            m.put("final_theta", r.finalTheta());
            m.put("final_p", r.finalP());
            m.put("final_loss", r.finalLoss());
            m.put("train_seconds", r.trainSeconds());
            m.put("iters_per_second", r.itersPerSecond());
            m.put("iterations", r.iterations());
            m.put("kfac_skipped_updates", r.kfacSkippedUpdates());
            m.put("diverged", r.diverged());
            m.put("divergence_reason", r.divergenceReason());
            if (!Double.isNaN(r.logVarianceVsReinforce())) {
                m.put("log_variance_vs_reinforce", r.logVarianceVsReinforce());
            }
            if (!r.learned().isEmpty()) {
                m.put("learned", r.learned());
            }
            rs.add(m);
        }
        summary.put("results", rs);
        if (evalEvery > 0) {
            // per estimator over all its seeds: how often the mean of the M estimates is more than 2 SE from the exact gradient
            Map<String, Object> check = new LinkedHashMap<>();
            for (String n : names) {
                ToyPlots.ZCount zc = ToyPlots.zCount(rows.get(n), evalSamples);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("evaluations", zc.evaluations());
                m.put("beyond_2_se", zc.beyondTwo());
                m.put("fraction", zc.evaluations() == 0 ? null : zc.fraction());
                check.put(n, m);
            }
            summary.put("unbiasedness_check", check);
        }
        Json.write(dir.resolve("toy.json"), summary);
    }

    /** The default run directory's name: {@code toy-<estimators joined by +>-s<seed>} ({@code -s<first>..<last>} for several seeds). */
    static String runName(List<String> estimators, long firstSeed, int seeds) {
        return "toy-" + String.join("+", estimators) + "-s" + firstSeed + (seeds == 1 ? "" : ".." + (firstSeed + seeds - 1));
    }

    static List<String> parseEstimators(String spec) {
        List<String> names = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            String n = part.trim().toLowerCase(Locale.ROOT);
            if (!TOY_ESTIMATORS.contains(n)) {
                throw new IllegalArgumentException("--estimator: unknown estimator '" + part.trim() + "', expected one of "
                        + String.join(", ", TOY_ESTIMATORS));
            }
            if (names.contains(n)) {
                throw new IllegalArgumentException("--estimator lists '" + n + "' twice");
            }
            names.add(n);
        }
        return names;
    }

}
