package org.kfrelax.cli;

import java.util.Map;
import org.kfrelax.estimators.Estimators;
import org.kfrelax.estimators.KfacSurrogateOptimizer;
import picocli.CommandLine.Option;

/**
 * Picocli mixin for the gradient estimators' own settings that {@code toy} and {@code vae} share:
 * {@code --temperature}, {@code --fisher}, {@code --kfac-lr}, {@code --damping}, {@code --kl-clip};
 * use as {@code @Mixin EstimatorOptions estimatorOptions;}.
 */
public final class EstimatorOptions {

    @Option(names = "--temperature", paramLabel = "L", defaultValue = "0.5",
            description = "Fixed temperature of concrete and straight-through (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--fisher", paramLabel = "SRC", defaultValue = "gauss-newton",
            description = "K-FAC Fisher source of kf-relax: gauss-newton (= gauss-newton-output), gauss-newton-variance or empirical (default: ${DEFAULT-VALUE}).")
    String fisher;

    @Option(names = "--kfac-lr", paramLabel = "LR", defaultValue = "0.1", description = "K-FAC learning rate (default: ${DEFAULT-VALUE}).")
    double kfacLr;

    @Option(names = "--damping", paramLabel = "G", defaultValue = "0.1", description = "K-FAC Tikhonov damping (default: ${DEFAULT-VALUE}).")
    double damping;

    @Option(names = "--kl-clip", paramLabel = "D", defaultValue = "0.001", description = "K-FAC trust-region bound (default: ${DEFAULT-VALUE}).")
    double klClip;

    /**
     * The estimator settings with these options, the estimators' own learning rate {@code lr} (named
     * {@code lrOption} in errors) and {@code seed}.
     *
     * @throws IllegalArgumentException naming the option when a value is out of range
     */
    public Estimators.Settings settings(double lr, String lrOption, long seed) {
        positiveReal(lr, lrOption);
        positiveReal(temperature, "--temperature");
        positiveReal(kfacLr, "--kfac-lr");
        positiveReal(damping, "--damping");
        positiveReal(klClip, "--kl-clip");
        KfacSurrogateOptimizer.FisherSource source;
        try {
            source = KfacSurrogateOptimizer.FisherSource.parse(fisher);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--fisher: " + e.getMessage());
        }
        return new Estimators.Settings(lr, temperature, 0.9, source, kfacLr, damping, klClip, seed);
    }

    /** Puts these options into a summary, under the keys temperature, fisher, kfac_lr, damping, kl_clip. */
    public void describe(Map<String, Object> summary) {
        summary.put("temperature", temperature);
        summary.put("fisher", fisher);
        summary.put("kfac_lr", kfacLr);
        summary.put("damping", damping);
        summary.put("kl_clip", klClip);
    }

    /** Requires {@code v} > 0, naming {@code option} otherwise. */
    static void positive(long v, String option) {
        if (v <= 0) {
            throw new IllegalArgumentException(option + " must be positive, got " + v);
        }
    }

    /** Requires {@code v} positive and finite, naming {@code option} otherwise. */
    static void positiveReal(double v, String option) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(option + " must be positive and finite, got " + v);
        }
    }
}
