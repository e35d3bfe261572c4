package org.kfrelax.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kfrelax.stats.MeanStd;
import org.kfrelax.gym.Env;
import org.kfrelax.rl.Agent;
import org.kfrelax.rl.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kfrelax eval}: runs a checkpoint's policy (stochastic, or its most likely action with
 * {@code --deterministic}) and reports mean ± std return and episode length; writes
 * {@code eval.json} into {@code --out} (default a new {@code runs/eval-<time>}), never into the
 * checkpoint's run directory.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a trained checkpoint: mean ± std return and episode length over N episodes; writes eval.json into --out.")
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "A train output directory (holding model/) or the model directory.")
    Path checkpoint;

    @Option(names = "--episodes", defaultValue = "100", paramLabel = "N", description = "Episodes to run (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of the env resets and the action sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--deterministic", description = "Take the policy's most likely action (argmax of the logits; the Gaussian's mean) instead of sampling.")
    boolean deterministic;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        if (episodes <= 0 || episodes > 10_000_000) {
            throw new IllegalArgumentException("--episodes must be in 1..10000000, got " + episodes);
        }
        output.check("eval.json");
        Checkpoint.Loaded loaded = Checkpoint.load(checkpoint);
        Evaluation.Result result = run(loaded, episodes, seed, deterministic);
        double[] r = result.returns();
        double[] len = java.util.Arrays.stream(result.lengths()).asDoubleStream().toArray();
        MeanStd mv = MeanStd.of(r);
        MeanStd ml = MeanStd.of(len);
        double min = java.util.Arrays.stream(r).min().orElseThrow();
        double max = java.util.Arrays.stream(r).max().orElseThrow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("checkpoint", checkpoint.toAbsolutePath().normalize().toString());
        out.put("env", loaded.meta().env());
        out.put("algo", loaded.meta().algo());
        out.put("train_seed", loaded.meta().seed());
        out.put("eval_seed", seed);
        out.put("deterministic", deterministic);
        out.put("episodes", episodes);
        out.put("mean_return", mv.mean());
        out.put("std_return", mv.std());
        out.put("min_return", min);
        out.put("max_return", max);
        out.put("mean_length", ml.mean());
        out.put("std_length", ml.std());
        out.put("returns", r);
        out.put("lengths", result.lengths());
        Path file;
        try (RunLock lock = output.open("eval", "eval.json")) {
            file = lock.dir().resolve("eval.json");
            Json.write(file, out);
        }
        var w = spec.commandLine().getOut();
        w.println(String.format(Locale.ROOT, "%s %s: mean return %.2f ± %.2f, mean length %.1f ± %.1f over %d episodes (seed %d, %s)",
                loaded.meta().env(), loaded.meta().algo(), mv.mean(), mv.std(), ml.mean(), ml.std(), episodes, seed,
                deterministic ? "deterministic" : "stochastic"));
        w.println("wrote " + file);
        w.flush();
        return 0;
    }

    /** {@code n} evaluation episodes of a loaded checkpoint, in the env it was loaded with (fresh, unused). */
    static Evaluation.Result run(Checkpoint.Loaded loaded, int n, long seed, boolean deterministic) {
        return run(loaded.agent(), n, seed, deterministic);
    }

    private static <A> Evaluation.Result run(Agent<A> agent, int n, long seed, boolean deterministic) {
        try (Env<A> env = agent.env()) {
            return Evaluation.run(agent, env, n, seed, deterministic);
        }
    }
}
