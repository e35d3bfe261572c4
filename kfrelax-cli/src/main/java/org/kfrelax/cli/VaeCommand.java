package org.kfrelax.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kfrelax.estimators.Estimators;
import org.kfrelax.experiments.VaeProbe;
import org.kfrelax.experiments.VaeRun;
import org.kfrelax.optim.NonFiniteException;
import org.kfrelax.plot.LinePlot;
import org.kfrelax.vae.DiscreteVae;
import org.kfrelax.vae.IdxImages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kfrelax vae}: the discrete-VAE benchmark of the gradient estimators ({@link VaeRun}) on
 * binarized Fashion-MNIST (Debian's {@code dataset-fashion-mnist} by default, any IDX image file by
 * option). Writes vae.csv (training ELBO and the encoder gradient's log-variance over steps),
 * vae.json (settings, the 100-sample importance-weighted test bound, time per step), vae_elbo.png
 * and vae_logvar.png (+ SVG), the checkpoint model/ and, with {@code --probe-every}, probe.csv:
 * every probed estimator's encoder-gradient variance at the run's encoder snapshots on the same
 * minibatches ({@link VaeProbe}).
 */
@Command(name = "vae", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Discrete VAE (200 Bernoulli latents) on binarized Fashion-MNIST trained with one gradient "
                + "estimator: training ELBO, encoder-gradient variance, 100-sample importance-weighted test bound.")
public final class VaeCommand implements Callable<Integer> {

    /** The estimators the benchmark compares (registry names). */
    static final List<String> VAE_ESTIMATORS = List.of("rloo", "arm", "disarm", "rebar", "relax", "kf-relax", "concrete",
            "straight-through", "reinforce");

    static final String[] FILES = {"vae.csv", "vae.json", "vae_elbo.png", "vae_elbo.svg", "vae_logvar.png",
        "vae_logvar.svg", "probe.csv", "model/"};

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "M", defaultValue = "linear",
            description = "linear (784-200 encoder, 200-784 decoder) or nonlinear (784-200-200-200 / 200-200-200-784, "
                    + "LeakyReLU 0.3) (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--estimator", paramLabel = "E", defaultValue = "disarm",
            description = "Encoder gradient estimator: rloo (REINFORCE, leave-one-out baseline, 2 samples), arm, disarm, "
                    + "rebar, relax, kf-relax, concrete, straight-through (biased, for reference), reinforce "
                    + "(default: ${DEFAULT-VALUE}).")
    String estimator;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "10000", description = "Training steps (default: ${DEFAULT-VALUE}).")
    long steps;

    @Mixin
    SeedOption seed;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "50", description = "Images per minibatch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "1e-4",
            description = "Adam learning rate of encoder and decoder (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--estimator-lr", paramLabel = "LR", defaultValue = "1e-4",
            description = "Adam learning rate of the estimator's own parameters: RELAX's surrogate and temperature, "
                    + "REBAR's eta and temperature (default: ${DEFAULT-VALUE}, the DisARM launcher's).")
    double estimatorLr;

    @Option(names = "--surrogate", paramLabel = "F", defaultValue = "rebar-plus",
            description = "Control variate of relax and kf-relax: rebar-plus (eta f(sigma(z/lambda)) + a 137-unit network, the "
                    + "RELAX paper's VAE form) or plain (a 10-unit network of sigma(z/lambda), the toy's) (default: ${DEFAULT-VALUE}).")
    String surrogate;

    @Option(names = "--train-images", paramLabel = "FILE",
            description = "Training images, an IDX file, plain or gzipped (default: /usr/share/datasets/fashion-mnist/"
                    + IdxImages.TRAIN_IMAGES + ", from 'apt-get install dataset-fashion-mnist').")
    Path trainImages;

    @Option(names = "--test-images", paramLabel = "FILE",
            description = "Test images, an IDX file (default: /usr/share/datasets/fashion-mnist/" + IdxImages.TEST_IMAGES + ").")
    Path testImages;

    @Option(names = "--test-count", paramLabel = "N", defaultValue = "10000",
            description = "Test images in the final bound, the first N (default: ${DEFAULT-VALUE}, all of Fashion-MNIST's; "
                    + "at most the file's).")
    int testCount;

    @Option(names = "--importance-samples", paramLabel = "S", defaultValue = "100",
            description = "Samples of the importance-weighted test bound (default: ${DEFAULT-VALUE}).")
    int importanceSamples;

    @Option(names = "--log-every", paramLabel = "K", defaultValue = "10",
            description = "Write a row of vae.csv every K steps (default: ${DEFAULT-VALUE}).")
    int logEvery;

    @Option(names = "--probe-every", paramLabel = "K", defaultValue = "0",
            description = "Variance probe every K steps (and after the last): every --probe-estimators estimator's encoder "
                    + "gradient variance at the current encoder on the same minibatches; 0 = none (default: ${DEFAULT-VALUE}).")
    long probeEvery;

    @Option(names = "--probe-estimators", paramLabel = "E[,E...]",
            defaultValue = "rloo,arm,disarm,rebar,relax,kf-relax,concrete,straight-through",
            description = "Estimators the probe measures (default: ${DEFAULT-VALUE}).")
    String probeEstimators;

    @Option(names = "--probe-batches", paramLabel = "B", defaultValue = "5",
            description = "Minibatches per probe (default: ${DEFAULT-VALUE}).")
    int probeBatches;

    @Option(names = "--probe-draws", paramLabel = "M", defaultValue = "20",
            description = "Estimates per minibatch and estimator in a probe (default: ${DEFAULT-VALUE}).")
    int probeDraws;

    @Option(names = "--no-plot", description = "Do not write the plots.")
    boolean noPlot;

    @Mixin
    EstimatorOptions estimatorOptions;

    @Mixin
    OutputOptions output;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Also write the resumable checkpoint model/ every N steps (default: only at the end and when "
                    + "interrupted; not with --probe-every).")
    Long checkpointEvery;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the interrupted run in DIR from its checkpoint, with the settings it was started with; "
                    + "only --checkpoint-every and --no-plot may be given with it.")
    Path resume;

    /** For tests: end the run after this many steps, as SIGINT would (0: never). */
    long stopAfterStep;

    /** Options that may accompany --resume (the run's own settings cannot change). */
    private static final java.util.Set<String> WITH_RESUME = java.util.Set.of("--resume", "--checkpoint-every", "--no-plot");

    /** What a run continues from: the run, the CSV rows so far and the counters that span a checkpoint. */
    private static final class Position {
        final List<Object[]> rows = new ArrayList<>();
        long trainNanos;
        long cpuNanos;
        double elboSum;
        long elboCount;
    }

    @Override
    public Integer call() throws IOException {
        if (checkpointEvery != null && checkpointEvery <= 0) {
            throw new IllegalArgumentException("--checkpoint-every must be a positive number of steps, got " + checkpointEvery);
        }
        if (resume != null) {
            for (picocli.CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
                if (!WITH_RESUME.contains(o.longestName())) {
                    throw new IllegalArgumentException(o.longestName() + " cannot be given with --resume: the run keeps the "
                            + "settings it was started with");
                }
            }
            if (!java.nio.file.Files.isDirectory(resume)) {
                throw new IllegalArgumentException("--resume " + resume + ": not a run directory");
            }
            JsonNode meta = VaeCheckpoint.meta(resume);
            readSettings(meta);
            IdxImages train = IdxImages.read(trainImages);
            IdxImages test = IdxImages.read(testImages);
            try (RunLock lock = RunLock.acquire(resume)) {
                VaeRun run = VaeCheckpoint.resume(resume, meta, train);
                Position pos = new Position();
                pos.rows.addAll(EpisodeRows.read(resume.resolve("model").resolve(VaeCheckpoint.ROWS), COLUMNS));
                pos.trainNanos = meta.path("train_nanos").asLong();
                pos.cpuNanos = meta.path("cpu_nanos").asLong();
                pos.elboSum = meta.path("elbo_sum").asDouble();
                pos.elboCount = meta.path("elbo_count").asLong();
                return train(lock.dir(), run, null, train, test, pos);
            }
        }
        DiscreteVae.Kind kind = DiscreteVae.Kind.parse(model.trim().toLowerCase(Locale.ROOT));
        String est = parseEstimator(estimator, "--estimator");
        List<String> probed = new ArrayList<>();
        for (String p : probeEstimators.split(",", -1)) {
            String n = parseEstimator(p, "--probe-estimators");
            if (probed.contains(n)) {
                throw new IllegalArgumentException("--probe-estimators lists '" + n + "' twice");
            }
            probed.add(n);
        }
        EstimatorOptions.positive(steps, "--steps");
        EstimatorOptions.positive(batch, "--batch");
        EstimatorOptions.positive(testCount, "--test-count");
        EstimatorOptions.positive(importanceSamples, "--importance-samples");
        EstimatorOptions.positive(logEvery, "--log-every");
        EstimatorOptions.positive(probeBatches, "--probe-batches");
        if (probeDraws < 2) {
            throw new IllegalArgumentException("--probe-draws must be at least 2 (a variance needs two estimates), got " + probeDraws);
        }
        if (probeEvery < 0) {
            throw new IllegalArgumentException("--probe-every must be >= 0 (0 turns the probe off), got " + probeEvery);
        }
        if (probeEvery > 0 && checkpointEvery != null) {
            throw new IllegalArgumentException("--checkpoint-every cannot be given with --probe-every: a probed run is not resumable");
        }
        EstimatorOptions.positiveReal(lr, "--lr");
        long runSeed = seed.seed();
        Estimators.Settings settings = estimatorOptions.settings(estimatorLr, "--estimator-lr", runSeed);
        Estimators.SurrogateForm form = Estimators.SurrogateForm.parse(surrogate.trim().toLowerCase(Locale.ROOT));
        output.check(FILES);
        trainImages = trainImages != null ? trainImages : IdxImages.FASHION_MNIST_DIR.resolve(IdxImages.TRAIN_IMAGES);
        testImages = testImages != null ? testImages : IdxImages.FASHION_MNIST_DIR.resolve(IdxImages.TEST_IMAGES);
        IdxImages train = IdxImages.read(trainImages);
        IdxImages test = IdxImages.read(testImages);
        VaeRun run = new VaeRun(new VaeRun.Config(kind, est, runSeed, batch, lr, settings, form), train);
        VaeProbe probe = probeEvery > 0 ? new VaeProbe(run, train, probed, settings, probeBatches, probeDraws) : null;
        try (RunLock lock = output.open("vae-" + kind + "-" + est + "-s" + runSeed, FILES)) {
            return train(lock.dir(), run, probe, train, test, new Position());
        }
    }

    /** vae.csv's columns. */
    static final String[] COLUMNS = {"step", "elbo", "encoder_grad_logvar", "train_seconds"};

    /** Trains {@code run} from {@code pos} to the step budget in {@code dir} (locked); writes every result. */
    private int train(Path dir, VaeRun run, VaeProbe probe, IdxImages train, IdxImages test, Position pos) throws IOException {
        test.requireSize(train.rows(), train.cols(), testImages + " (beside the training images)");
        if (testCount > test.count()) {
            throw new IllegalArgumentException("--test-count " + testCount + " is more than the " + test.count() + " images of "
                    + testImages);
        }
        VaeRun.Config config = run.config();
        String est = config.estimator();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        String divergence = null;
        StopRequest stop = new StopRequest();
        RunMarker.begin(dir, FILES);
        try (CsvWriter csv = CsvWriter.open(dir.resolve("vae.csv"), COLUMNS);
             CsvWriter probeCsv = probe == null ? null : CsvWriter.open(dir.resolve("probe.csv"), VaeProbe.COLUMNS);
             Progress progress = Progress.start("vae " + est, steps, "steps");
             AutoCloseable signals = stop.onSignals()) {
            for (Object[] row : pos.rows) {
                csv.row(row);
            }
            progress.stepTo(run.steps());
            progress.restartClock();
            while (run.steps() < steps) {
                long s = run.steps();
                if (probe != null && s % probeEvery == 0) {
                    probe.measure(s, probeCsv::row);
                }
                long t0 = System.nanoTime();
                long c0 = threads.getCurrentThreadCpuTime();
                VaeRun.Step r;
                try {
                    r = run.step();
                } catch (NonFiniteException e) {
                    divergence = "step " + s + ": " + e.getMessage();
                    break;
                }
                pos.trainNanos += System.nanoTime() - t0;
                pos.cpuNanos += threads.getCurrentThreadCpuTime() - c0;
                pos.elboSum += r.elbo();
                pos.elboCount++;
                if (r.step() % logEvery == 0 || r.step() == steps) {
                    Object[] row = {r.step(), pos.elboSum / pos.elboCount, r.gradLogVariance(), pos.trainNanos / 1e9};
                    csv.row(row);
                    pos.rows.add(row);
                    pos.elboSum = 0;
                    pos.elboCount = 0;
                }
                progress.step();
                boolean stopNow = stop.signal() != 0 || (stopAfterStep > 0 && r.step() >= stopAfterStep);
                if (stopNow || (checkpointEvery != null && r.step() % checkpointEvery == 0 && r.step() < steps)) {
                    saveCheckpoint(dir, run, pos);
                }
                if (stopNow) {
                    break;
                }
            }
            if (probe != null && divergence == null && run.steps() == steps) {
                probe.measure(run.steps(), probeCsv::row);
            }
            csv.commit();
            if (probeCsv != null) {
                probeCsv.commit();
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        boolean interrupted = divergence == null && run.steps() < steps;
        long done = run.steps();
        long e0 = System.nanoTime();
        double testBound = divergence == null && !interrupted ? run.testBound(test, testCount, importanceSamples) : Double.NaN;
        double evalSeconds = (System.nanoTime() - e0) / 1e9;
        if (!interrupted && divergence == null) {
            saveCheckpoint(dir, run, pos);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", "vae");
        summary.put("model", config.model().toString());
        summary.put("estimator", est);
        summary.put("unbiased", run.estimator().isUnbiased());
        summary.put("seed", config.seed());
        summary.put("steps", steps);
        summary.put("steps_done", done);
        summary.put("batch", config.batch());
        summary.put("lr", config.lr());
        summary.put("estimator_lr", config.settings().lr());
        EstimatorOptions.describe(config.settings(), summary);
        summary.put("surrogate", config.surrogate().toString());
        summary.put("train_images", trainImages.toString());
        summary.put("test_images", testImages.toString());
        summary.put("test_count", testCount);
        summary.put("importance_samples", importanceSamples);
        summary.put("test_bound", Double.isNaN(testBound) ? null : testBound);
        Object[] last = pos.rows.isEmpty() ? null : pos.rows.get(pos.rows.size() - 1);
        summary.put("final_train_elbo", last == null ? null : last[1]);
        summary.put("final_encoder_grad_logvar", last == null ? null : last[2]);
        summary.put("train_seconds", pos.trainNanos / 1e9);
        summary.put("seconds_per_step", done == 0 ? null : pos.trainNanos / 1e9 / done);
        summary.put("steps_per_second", pos.trainNanos == 0 ? null : done / (pos.trainNanos / 1e9));
        summary.put("train_cpu_seconds", pos.cpuNanos / 1e9);
        summary.put("steps_per_cpu_second", pos.cpuNanos == 0 ? null : done / (pos.cpuNanos / 1e9));
        summary.put("eval_seconds", evalSeconds);
        summary.put("learned", run.learned());
        summary.put("interrupted", interrupted);
        summary.put("diverged", divergence != null);
        summary.put("divergence_reason", divergence);
        Json.write(dir.resolve("vae.json"), summary);
        if (!noPlot && !pos.rows.isEmpty()) {
            double[] x = column(pos.rows, 0);
            String kind = config.model().toString();
            new LinePlot("Discrete VAE (" + kind + ") on binarized Fashion-MNIST: training ELBO", "step", "ELBO (nats)")
                    .line(est, x, column(pos.rows, 1)).save(dir.resolve("vae_elbo.png"));
            new LinePlot("Discrete VAE (" + kind + "): encoder gradient variance (EMA 0.999)", "step",
                    "log mean variance per component").line(est, x, column(pos.rows, 2)).save(dir.resolve("vae_logvar.png"));
        }
        RunMarker.finish(dir);
        var out = spec.commandLine().getOut();
        String elbo = last == null ? "none (no step logged)"
                : String.format(Locale.ROOT, "%.2f", ((Number) last[1]).doubleValue());
        String bound = divergence != null ? "not computed (diverged)"
                : interrupted ? "not computed (interrupted; computed when the resumed run ends)"
                : String.format(Locale.ROOT, "%.2f", testBound);
        out.println(String.format(Locale.ROOT, "%s %s seed %d: %d steps, %.1f steps/s (%.1f per CPU-second of the "
                + "training thread), final training ELBO %s, test bound (IW-%d, %d images) %s", config.model(), est,
                config.seed(), done, done / Math.max(pos.trainNanos / 1e9, 1e-9), done / Math.max(pos.cpuNanos / 1e9, 1e-9),
                elbo, importanceSamples, testCount, bound));
        out.println("results in " + dir);
        out.flush();
        if (divergence != null) {
            spec.commandLine().getErr().println("kfrelax vae: error: diverged at " + divergence + " (vae.json says so)");
            return Cli.EXIT_FAILURE;
        }
        if (interrupted) {
            spec.commandLine().getErr().println("kfrelax vae: interrupted after step " + done
                    + "; continue with: kfrelax vae --resume " + dir);
            return stop.exitCode();
        }
        return 0;
    }

    /** The resumable checkpoint with the command's settings and the position (rows, counters). */
    private void saveCheckpoint(Path dir, VaeRun run, Position pos) throws IOException {
        if (!run.resumable()) {
            return;
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("steps", steps);
        extra.put("log_every", logEvery);
        extra.put("train_images", trainImages.toAbsolutePath().toString());
        extra.put("test_images", testImages.toAbsolutePath().toString());
        extra.put("test_count", testCount);
        extra.put("importance_samples", importanceSamples);
        extra.put("train_nanos", pos.trainNanos);
        extra.put("cpu_nanos", pos.cpuNanos);
        extra.put("elbo_sum", pos.elboSum);
        extra.put("elbo_count", pos.elboCount);
        VaeCheckpoint.save(dir.resolve("model"), run, extra, COLUMNS, pos.rows);
    }

    /** The command's settings from a checkpoint's vae.json (for --resume). */
    private void readSettings(JsonNode meta) {
        steps = meta.path("steps").asLong();
        logEvery = meta.path("log_every").asInt();
        trainImages = Path.of(meta.path("train_images").asText());
        testImages = Path.of(meta.path("test_images").asText());
        testCount = meta.path("test_count").asInt();
        importanceSamples = meta.path("importance_samples").asInt();
        if (steps <= 0 || logEvery <= 0 || testCount <= 0 || importanceSamples <= 0) {
            throw new IllegalArgumentException("--resume: the checkpoint's settings are damaged (steps " + steps + ", log_every "
                    + logEvery + ", test_count " + testCount + ", importance_samples " + importanceSamples + ")");
        }
    }

    private static double[] column(List<Object[]> rows, int c) {
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((Number) rows.get(i)[c]).doubleValue();
        }
        return v;
    }

    static String parseEstimator(String name, String option) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (!VAE_ESTIMATORS.contains(n)) {
            throw new IllegalArgumentException(option + ": unknown estimator '" + name.trim() + "', expected one of "
                    + String.join(", ", VAE_ESTIMATORS));
        }
        return n;
    }

}
