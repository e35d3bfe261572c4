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

    @Override
    public Integer call() throws IOException {
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
        if (steps <= 0) {
            throw new IllegalArgumentException("--steps must be positive, got " + steps);
        }
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
        EstimatorOptions.positiveReal(lr, "--lr");
        long runSeed = seed.seed();
        Estimators.Settings settings = estimatorOptions.settings(estimatorLr, "--estimator-lr", runSeed);
        output.check(FILES);
        Path trainFile = trainImages != null ? trainImages : IdxImages.FASHION_MNIST_DIR.resolve(IdxImages.TRAIN_IMAGES);
        Path testFile = testImages != null ? testImages : IdxImages.FASHION_MNIST_DIR.resolve(IdxImages.TEST_IMAGES);
        IdxImages train = IdxImages.read(trainFile);
        IdxImages test = IdxImages.read(testFile).requireSize(train.rows(), train.cols(), testFile + " (beside the training images)");
        if (testCount > test.count()) {
            throw new IllegalArgumentException("--test-count " + testCount + " is more than the " + test.count() + " images of " + testFile);
        }
        VaeRun.Config config = new VaeRun.Config(kind, est, runSeed, batch, lr, settings,
                Estimators.SurrogateForm.parse(surrogate.trim().toLowerCase(Locale.ROOT)));
        VaeRun run = new VaeRun(config, train);
        VaeProbe probe = probeEvery > 0 ? new VaeProbe(run, train, probed, settings, probeBatches, probeDraws) : null;

        Path dir;
        List<Double> xs = new ArrayList<>();
        List<Double> elbos = new ArrayList<>();
        List<Double> logvars = new ArrayList<>();
        long trainNanos = 0;
        long cpuNanos = 0;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long done = 0;
        String divergence = null;
        double testBound;
        try (RunLock lock = output.open("vae-" + kind + "-" + est + "-s" + runSeed, FILES)) {
            dir = lock.dir();
            RunMarker.begin(dir, FILES);
            try (CsvWriter csv = CsvWriter.open(dir.resolve("vae.csv"), "step", "elbo", "encoder_grad_logvar", "train_seconds");
                 CsvWriter probeCsv = probe == null ? null : CsvWriter.open(dir.resolve("probe.csv"), VaeProbe.COLUMNS);
                 Progress progress = Progress.start("vae " + est, steps, "steps")) {
                double elboSum = 0;
                int elboCount = 0;
                for (long s = 0; s < steps; s++) {
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
                    trainNanos += System.nanoTime() - t0;
                    cpuNanos += threads.getCurrentThreadCpuTime() - c0;
                    done++;
                    elboSum += r.elbo();
                    elboCount++;
                    if (r.step() % logEvery == 0 || s == steps - 1) {
                        double mean = elboSum / elboCount;
                        csv.row(r.step(), mean, r.gradLogVariance(), trainNanos / 1e9);
                        xs.add((double) r.step());
                        elbos.add(mean);
                        logvars.add(r.gradLogVariance());
                        elboSum = 0;
                        elboCount = 0;
                    }
                    progress.step();
                }
                if (probe != null && divergence == null) {
                    probe.measure(done, probeCsv::row);
                }
                csv.commit();
                if (probeCsv != null) {
                    probeCsv.commit();
                }
            }
            long e0 = System.nanoTime();
            testBound = divergence == null ? run.testBound(test, testCount, importanceSamples) : Double.NaN;
            double evalSeconds = (System.nanoTime() - e0) / 1e9;
            VaeCheckpoint.save(dir.resolve("model"), run, Map.of("steps", steps));
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("command", "vae");
            summary.put("model", kind.toString());
            summary.put("estimator", est);
            summary.put("unbiased", run.estimator().isUnbiased());
            summary.put("seed", runSeed);
            summary.put("steps", steps);
            summary.put("steps_done", done);
            summary.put("batch", batch);
            summary.put("lr", lr);
            summary.put("estimator_lr", estimatorLr);
            estimatorOptions.describe(summary);
            summary.put("surrogate", config.surrogate().toString());
            summary.put("train_images", trainFile.toString());
            summary.put("test_images", testFile.toString());
            summary.put("test_count", testCount);
            summary.put("importance_samples", importanceSamples);
            summary.put("test_bound", testBound);
            summary.put("final_train_elbo", elbos.isEmpty() ? null : elbos.get(elbos.size() - 1));
            summary.put("final_encoder_grad_logvar", logvars.isEmpty() ? null : logvars.get(logvars.size() - 1));
            summary.put("train_seconds", trainNanos / 1e9);
            summary.put("seconds_per_step", done == 0 ? null : trainNanos / 1e9 / done);
            summary.put("steps_per_second", trainNanos == 0 ? null : done / (trainNanos / 1e9));
            summary.put("train_cpu_seconds", cpuNanos / 1e9);
            summary.put("steps_per_cpu_second", cpuNanos == 0 ? null : done / (cpuNanos / 1e9));
            summary.put("eval_seconds", evalSeconds);
            summary.put("learned", run.learned());
            summary.put("diverged", divergence != null);
            summary.put("divergence_reason", divergence);
            Json.write(dir.resolve("vae.json"), summary);
            if (!noPlot && !xs.isEmpty()) {
                double[] x = xs.stream().mapToDouble(Double::doubleValue).toArray();
                new LinePlot("Discrete VAE (" + kind + ") on binarized Fashion-MNIST: training ELBO", "step", "ELBO (nats)")
                        .line(est, x, elbos.stream().mapToDouble(Double::doubleValue).toArray()).save(dir.resolve("vae_elbo.png"));
                new LinePlot("Discrete VAE (" + kind + "): encoder gradient variance (EMA 0.999)", "step",
                        "log mean variance per component").line(est, x, logvars.stream().mapToDouble(Double::doubleValue).toArray())
                        .save(dir.resolve("vae_logvar.png"));
            }
            RunMarker.finish(dir);
        }
        System.out.println(String.format(Locale.ROOT, "%s %s seed %d: %d steps, %.1f steps/s (%.1f per CPU-second of the "
                + "training thread), final training ELBO %.2f, test bound (IW-%d, %d images) %.2f", kind, est, runSeed, done,
                done / Math.max(trainNanos / 1e9, 1e-9), done / Math.max(cpuNanos / 1e9, 1e-9),
                elbos.isEmpty() ? Double.NaN : elbos.get(elbos.size() - 1), importanceSamples, testCount, testBound));
        System.out.println("results in " + dir);
        if (divergence != null) {
            spec.commandLine().getErr().println("kfrelax vae: error: diverged at " + divergence + " (vae.json says so)");
            return Cli.EXIT_FAILURE;
        }
        return 0;
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
