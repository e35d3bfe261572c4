package org.kfrelax.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.kfrelax.rl.AgentConfig;
import picocli.CommandLine.Option;

/**
 * Picocli mixin: {@code --config FILE} and one option per {@link AgentConfig} field. The
 * resolved config layers, in order: the algorithm's defaults, the config file (JSON or YAML,
 * keys as the record's fields, e.g. {@code lr}, {@code cvHidden}), then the options given on
 * the command line. Every value is validated by {@link AgentConfig}.
 */
public final class HyperparameterOptions {

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

    @Option(names = "--cv-fisher", paramLabel = "gauss-newton|empirical",
            description = "kf-relax/kf-lax: the surrogate's K-FAC curvature from its output as a unit Gaussian "
                    + "(gauss-newton, default) or from the variance-loss gradients (empirical).")
    String cvFisher;

    @Option(names = "--policy-kfac", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "kf-relax/kf-lax: precondition the policy step with K-FAC too.")
    Boolean policyKfac;

    @Option(names = "--trust-region", paramLabel = "DELTA", description = "Cap on the mean KL(old||new policy) per update (0 = off; default 0.001 for acktr, 0.01 for kf-relax, lax and kf-lax, else 0; with --policy-kfac use 0.001).")
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

    /** The config for {@code algo}: defaults, then the config file, then these options. */
    public AgentConfig resolve(String algo) throws IOException {
        if (algo == null || !AgentConfig.ALGOS.contains(algo)) {
            throw new IllegalArgumentException("unknown algo '" + algo + "'; expected one of "
                    + String.join(", ", AgentConfig.ALGOS));
        }
        JsonNode tree = Json.mapper().valueToTree(AgentConfig.defaults(algo));
        String source = "command-line options";
        if (configFile != null) {
            JsonNode file = Json.readTree(configFile);
            if (!file.isObject()) {
                throw new IllegalArgumentException(configFile + ": expected an object of hyperparameters, got "
                        + file.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
            }
            JsonNode fileAlgo = file.get("algo");
            if (fileAlgo != null && !algo.equals(fileAlgo.asText())) {
                throw new IllegalArgumentException(configFile + ": algo '" + fileAlgo.asText() + "' does not match --algo " + algo);
            }
            tree = Json.merge(tree, file);
            source = configFile + " and command-line options";
        }
        tree = Json.merge(tree, overrides());
        try {
            return Json.convert(tree, AgentConfig.class, source);
        } catch (IllegalArgumentException e) {
            // a value AgentConfig rejected: report its own message, not Jackson's wrapper
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof IllegalArgumentException own) {
                    throw new IllegalArgumentException(source + ": " + own.getMessage(), e);
                }
            }
            throw e;
        }
    }

    private ObjectNode overrides() {
        ObjectNode o = Json.mapper().createObjectNode();
        ints(o, "hidden", hidden);
        if (activation != null) {
            o.put("activation", activation);
        }
        put(o, "gamma", gamma);
        put(o, "entropy", entropy);
        put(o, "lr", lr);
        if (optimizer != null) {
            o.put("optimizer", optimizer);
        }
        put(o, "adamBeta2", adamBeta2);
        ints(o, "valueHidden", valueHidden);
        put(o, "valueLr", valueLr);
        ints(o, "cvHidden", cvHidden);
        put(o, "cvLr", cvLr);
        put(o, "tauInit", tauInit);
        put(o, "kfacLr", kfacLr);
        put(o, "kfacDamping", kfacDamping);
        put(o, "kfacDecay", kfacDecay);
        put(o, "kfacKlClip", kfacKlClip);
        if (cvFisher != null) {
            o.put("cvFisher", cvFisher);
        }
        if (policyKfac != null) {
            o.put("policyKfac", policyKfac);
        }
        put(o, "trustRegion", trustRegion);
        if (batchSteps != null) {
            o.put("batchSteps", batchSteps);
        }
        put(o, "gaeLambda", gaeLambda);
        if (cvIterations != null) {
            o.put("cvIterations", cvIterations);
        }
        put(o, "logStdInit", logStdInit);
        put(o, "gradVarDecay", gradVarDecay);
        return o;
    }

    private static void put(ObjectNode o, String name, Double v) {
        if (v != null) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("--" + name + " must be finite, got " + v);
            }
            o.put(name, v);
        }
    }

    private static void ints(ObjectNode o, String name, int[] v) {
        if (v != null) {
            ArrayNode a = o.putArray(name);
            for (int x : v) {
                a.add(x);
            }
        }
    }
}
