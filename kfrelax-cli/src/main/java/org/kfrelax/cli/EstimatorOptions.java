package org.kfrelax.cli;

import com.fasterxml.jackson.databind.JsonNode;
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
        return new Estimators.Settings(lr, temperature, BASELINE_DECAY, source, kfacLr, damping, klClip, seed);
    }

    /** REINFORCE's baseline decay, not an option. */
    private static final double BASELINE_DECAY = 0.9;

    /**
     * Puts the settings these options give into a summary or checkpoint, under the keys temperature,
     * fisher, kfac_lr, damping, kl_clip (the options' names; the learning rate and seed are the caller's).
     */
    static void describe(Estimators.Settings s, Map<String, Object> summary) {
        summary.put("temperature", s.temperature());
        summary.put("fisher", s.fisher().key());
        summary.put("kfac_lr", s.kfacLr());
        summary.put("damping", s.damping());
        summary.put("kl_clip", s.klClip());
    }

    /**
     * The settings {@link #describe} put into {@code node}, with the learning rate {@code lr} and {@code seed}.
     *
     * @throws IllegalArgumentException naming {@code source} and the key if one is missing, of the wrong type
     *     or (fisher) not a Fisher source
     */
    static Estimators.Settings read(JsonNode node, double lr, long seed, String source) {
        String key = Json.text(node, "fisher", source);
        KfacSurrogateOptimizer.FisherSource fisher;
        try {
            fisher = KfacSurrogateOptimizer.FisherSource.parse(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": 'fisher': " + e.getMessage());
        }
        return new Estimators.Settings(lr, Json.number(node, "temperature", source), BASELINE_DECAY, fisher,
                Json.number(node, "kfac_lr", source), Json.number(node, "damping", source),
                Json.number(node, "kl_clip", source), seed);
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
