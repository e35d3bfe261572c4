package org.kfrelax.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.kfrelax.rl.AgentConfig;
import org.kfrelax.rl.Algorithm;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Picocli mixin: {@code --config FILE} and one option per {@link AgentConfig} field, named like
 * the field in kebab case ({@code --cv-hidden} for {@code cvHidden}). The resolved config
 * layers, in order: the algorithm's defaults, the config file (JSON or YAML, keys as the
 * config's fields, e.g. {@code lr}, {@code cvHidden}, or their kebab/snake spellings
 * {@code cv-hidden}, {@code cv_hidden}), then the options given on the command line. Every
 * value is validated by {@link AgentConfig.Builder#build()}.
 */
public final class HyperparameterOptions {

    /** This mixin's own options (picocli injects the mixin's spec). */
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON or YAML file of hyperparameters (keys as in summary.json's config).")
    Path configFile;

    @Option(names = "--hidden", split = ",", paramLabel = "N,N", description = "Policy hidden layer sizes (default 10,10; 32,32 for lax and kf-lax).")
    int[] hidden;

    @Option(names = "--activation", paramLabel = "relu|tanh|elu", description = "Hidden activation of all networks.")
    String activation;

    @Option(names = "--gamma", paramLabel = "G", description = "Discount factor (default 0.99; for lax/kf-lax on Pendulum-v1 0.9 learns much faster).")
    Double gamma;

    @Option(names = "--entropy", paramLabel = "B", description = "Entropy weight (default 0.01 for discrete agents).")
    Double entropy;

    @Option(names = "--lr", paramLabel = "LR", description = "Policy learning rate (default 0.01).")
    Double lr;

    @Option(names = "--optimizer", paramLabel = "adam|rmsprop|sgd", description = "First-order optimizer of policy, value and surrogate.")
    String optimizer;

    @Option(names = "--adam-beta2", paramLabel = "B2", description = "Adam's beta2 (default 0.99999 as in the reference code).")
    Double adamBeta2;

    @Option(names = "--value-hidden", split = ",", paramLabel = "N,N", description = "Value network hidden sizes.")
    int[] valueHidden;

    @Option(names = "--value-lr", paramLabel = "LR", description = "Value network learning rate.")
    Double valueLr;

    @Option(names = "--cv-hidden", split = ",", paramLabel = "N,N", description = "Surrogate (control variate) hidden sizes.")
    int[] cvHidden;

    @Option(names = "--cv-lr", paramLabel = "LR", description = "Surrogate learning rate (Adam for relax/lax, K-FAC for kf-*; default 0.01, 0.1 for kf-*).")
    Double cvLr;

    @Option(names = "--tau-init", paramLabel = "T", description = "Initial temperature of the relaxed action.")
    Double tauInit;

    @Option(names = "--kfac-lr", paramLabel = "LR", description = "K-FAC learning rate (ACKTR; kf-* policy preconditioning).")
    Double kfacLr;

    @Option(names = "--kfac-damping", paramLabel = "D", description = "K-FAC Tikhonov damping.")
    Double kfacDamping;

    @Option(names = "--kfac-decay", paramLabel = "D", description = "K-FAC factor moving-average decay.")
    Double kfacDecay;

    @Option(names = "--kfac-kl-clip", paramLabel = "DELTA", description = "K-FAC trust region (kl-clip).")
    Double kfacKlClip;

    @Option(names = "--cv-fisher", paramLabel = "gauss-newton-output|gauss-newton-variance|empirical",
            description = "kf-relax/kf-lax: the surrogate's K-FAC curvature from its output as a unit Gaussian "
                    + "(gauss-newton-output, default), the Gauss-Newton matrix of the variance loss "
                    + "(gauss-newton-variance) or the variance-loss gradients (empirical).")
    String cvFisher;

    @Option(names = "--cv-form", paramLabel = "scaled-softmax|value-plus",
            description = "relax/kf-relax: surrogate k*MLP([s, softmax(z/tau)]) (scaled-softmax, default) or "
                    + "V(s) + f(z, s) with V regressed on the returns (value-plus).")
    String cvForm;

    @Option(names = "--value-steps", paramLabel = "N",
            description = "Discrete agents: value-network regression steps per update (critic, V of value-plus; default 1).")
    Integer valueSteps;

    @Option(names = "--value-kfac", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Discrete agents: the value network takes K-FAC steps (lr --kfac-lr).")
    Boolean valueKfac;

    @Option(names = "--time-aware", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Discrete agents: the remaining-time fraction 1-t/T is an input of critic and surrogate (default off).")
    Boolean timeAware;

    @Option(names = "--bootstrap-truncation", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Discrete agents with a value network: bootstrap the returns from V at a time-limit "
                    + "truncation instead of treating it as termination (default off).")
    Boolean bootstrapTruncation;

    @Option(names = "--policy-kfac", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "kf-relax/kf-lax: precondition the policy step with K-FAC too.")
    Boolean policyKfac;

    @Option(names = "--trust-region", paramLabel = "DELTA", description = "Cap on the mean KL(old||new policy) per update (0 = off; default 0.001 for acktr, 0.01 for relax, kf-relax, lax and kf-lax, else 0; with --policy-kfac use 0.001).")
    Double trustRegion;

    @Option(names = "--batch-steps", paramLabel = "N", description = "Continuous agents: environment steps per update.")
    Integer batchSteps;

    @Option(names = "--gae-lambda", paramLabel = "L", description = "Continuous agents: GAE lambda.")
    Double gaeLambda;

    @Option(names = "--cv-iterations", paramLabel = "N", description = "Continuous agents: surrogate/value iterations per update.")
    Integer cvIterations;

    @Option(names = "--log-std-init", paramLabel = "S", description = "Continuous agents: initial log-std of the Gaussian policy.")
    Double logStdInit;

    @Option(names = "--grad-var-decay", paramLabel = "D", description = "EMA decay of the gradient log-variance metric.")
    Double gradVarDecay;

    /**
     * The config for {@code algo}: its defaults, then the config file, then these options. Each
     * option's value goes to the config key named like the flag ({@code --value-lr} →
     * {@code valueLr}, see {@link AgentConfig}), so no field is listed here twice.
     */
    public AgentConfig resolve(String algo) throws IOException {
        AgentConfig.Builder b = AgentConfig.builder(Algorithm.parse(algo));
        String source = "command-line options";
        if (configFile != null) {
            JsonNode file = Json.readTree(configFile);
            if (!file.isObject()) {
                throw new IllegalArgumentException(configFile + ": expected an object of hyperparameters, got "
                        + file.getNodeType().toString().toLowerCase(Locale.ROOT));
            }
            try {
                b.setAll(Json.mapper().convertValue(file, new TypeReference<Map<String, Object>>() {}));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(configFile + ": " + e.getMessage(), e);
            }
            source = configFile + " and command-line options";
        }
        for (OptionSpec o : spec.options()) {
            if (o.getValue() != null && !o.longestName().equals("--config")) {
                b.set(key(o), o.getValue());
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /** The config key of an option: its long name in camel case ({@code --value-lr} → {@code valueLr}). */
    static String key(OptionSpec o) {
        String[] words = o.longestName().substring(2).split("-");
        StringBuilder sb = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            sb.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return sb.toString();
    }
}
