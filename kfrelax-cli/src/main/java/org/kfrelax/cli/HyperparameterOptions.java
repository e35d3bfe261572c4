package org.kfrelax.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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

    @Option(names = "--config", paramLabel = "FILE", description = "JSON or YAML file of settings: keys are the flags' words (lr, value-lr or value_lr), env, algo, seed and the run length allowed; options given here win. --print-config writes one.")
    Path configFile;

    @Option(names = "--hidden", split = ",", paramLabel = "N,N", description = "Policy hidden layer sizes.")
    int[] hidden;

    @Option(names = "--activation", paramLabel = "relu|tanh|elu", description = "Hidden activation of all networks.")
    String activation;

    @Option(names = "--gamma", paramLabel = "G", description = "Discount factor (for lax/kf-lax on Pendulum-v1, 0.9 learns much faster).")
    Double gamma;

    @Option(names = "--entropy", paramLabel = "B", description = "Entropy weight.")
    Double entropy;

    @Option(names = "--lr", paramLabel = "LR", description = "Policy learning rate.")
    Double lr;

    @Option(names = "--optimizer", paramLabel = "adam|rmsprop|sgd", description = "First-order optimizer of policy, value and surrogate.")
    String optimizer;

    @Option(names = "--adam-beta2", paramLabel = "B2", description = "Adam's beta2 (0.99999 as in the reference code).")
    Double adamBeta2;

    @Option(names = "--value-hidden", split = ",", paramLabel = "N,N", description = "Value network hidden sizes.")
    int[] valueHidden;

    @Option(names = "--value-lr", paramLabel = "LR", description = "Value network learning rate.")
    Double valueLr;

    @Option(names = "--cv-hidden", split = ",", paramLabel = "N,N", description = "Surrogate (control variate) hidden sizes.")
    int[] cvHidden;

    @Option(names = "--cv-lr", paramLabel = "LR", description = "Surrogate learning rate (Adam for relax/lax, K-FAC for kf-*).")
    Double cvLr;

    @Option(names = "--tau-init", paramLabel = "T", description = "Initial temperature of the relaxed action.")
    Double tauInit;

    @Option(names = "--kfac-lr", paramLabel = "LR", description = "K-FAC learning rate (ACKTR; kf-* policy preconditioning).")
    Double kfacLr;

    @Option(names = "--kfac-damping", paramLabel = "D", description = "K-FAC damping strength (its form: --kfac-damping-form).")
    Double kfacDamping;

    @Option(names = "--kfac-damping-form", paramLabel = "tikhonov|factored",
            description = "How every K-FAC of the agent damps: Tikhonov on the Kronecker product's eigenvalues "
                    + "(eigendecompositions) or factored pi damping (Cholesky, half the preconditioning products).")
    String kfacDampingForm;

    @Option(names = "--kfac-decay", paramLabel = "D", description = "K-FAC factor moving-average decay.")
    Double kfacDecay;

    @Option(names = "--kfac-kl-clip", paramLabel = "DELTA", description = "K-FAC trust region (kl-clip).")
    Double kfacKlClip;

    @Option(names = "--cv-fisher", paramLabel = "gauss-newton-output|gauss-newton-variance|empirical",
            description = "kf-relax/kf-lax: the surrogate's K-FAC curvature from its output as a unit Gaussian "
                    + "(gauss-newton-output), the Gauss-Newton matrix of the variance loss "
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
            description = "kf-relax: precondition the policy step with K-FAC too (kf-lax has no policy K-FAC; other algorithms ignore it).")
    Boolean policyKfac;

    @Option(names = "--trust-region", paramLabel = "DELTA", description = "Cap on the mean KL(old||new policy) per update (0 = off; with --policy-kfac use 0.001).")
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

    private ConfigFile file;

    /** The {@code --config} file, read once ({@link ConfigFile#NONE} without one). */
    ConfigFile file() throws IOException {
        if (file == null) {
            file = ConfigFile.read(configFile);
        }
        return file;
    }

    /**
     * The config for {@code algo}: its defaults, then the config file's hyperparameters, then
     * these options. Each option's value goes to the config key named like the flag
     * ({@code --value-lr} → {@code valueLr}, see {@link AgentConfig}), so no field is listed
     * here twice.
     */
    public AgentConfig resolve(String algo) throws IOException {
        AgentConfig.Builder b = AgentConfig.builder(Algorithm.parse(algo));
        String source = "command-line options";
        ConfigFile f = file();
        if (f.path() != null) {
            try {
                b.setAll(f.agent());
            } catch (IllegalArgumentException e) {
                throw f.error(e.getMessage());
            }
            source = f.path() + " and command-line options";
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

    /**
     * The footer of {@code --help}: each option's default for each algorithm, from
     * {@link AgentConfig#defaults} (algorithms with the same default share a line).
     */
    static String[] defaultsFooter(CommandSpec mixin) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Defaults by algorithm (" + String.join(", ", Algorithm.names()) + "):");
        int width = 0;
        for (OptionSpec o : mixin.options()) {
            width = Math.max(width, o.longestName().length());
        }
        for (OptionSpec o : mixin.options()) {
            if (o.longestName().equals("--config")) {
                continue;
            }
            Map<String, List<String>> byValue = new LinkedHashMap<>();
            for (Algorithm a : Algorithm.values()) {
                Object v = AgentConfig.defaults(a).toMap().get(key(o));
                String text = v instanceof int[] sizes
                        ? String.join(",", Arrays.stream(sizes).mapToObj(String::valueOf).toList()) : String.valueOf(v);
                byValue.computeIfAbsent(text, t -> new ArrayList<>()).add(a.toString());
            }
            List<String> parts = new ArrayList<>();
            byValue.forEach((v, as) -> parts.add(byValue.size() == 1 ? v : v + " (" + String.join(", ", as) + ")"));
            // wrapped by hand below 80 columns (picocli would wrap the footer without indent)
            String indent = " ".repeat(width + 4);
            StringBuilder line = new StringBuilder("  ").append(o.longestName())
                    .append(" ".repeat(width + 2 - o.longestName().length()));
            for (int i = 0; i < parts.size(); i++) {
                String part = parts.get(i) + (i < parts.size() - 1 ? ";" : "");
                if (i > 0 && line.length() + 1 + part.length() > 78) {
                    lines.add(line.toString());
                    line = new StringBuilder(indent);
                } else if (i > 0) {
                    line.append(' ');
                }
                line.append(part);
            }
            lines.add(line.toString());
        }
        return lines.toArray(new String[0]);
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
