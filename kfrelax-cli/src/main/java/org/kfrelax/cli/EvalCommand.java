package org.kfrelax.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kfrelax.stats.MeanStd;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.Gym;
import org.kfrelax.rl.Agent;
import org.kfrelax.rl.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kfrelax eval}: runs a checkpoint's policy and reports mean ± std return. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a trained checkpoint: mean ± std return over N episodes; writes DIR/eval.json.")
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "A train output directory (holding model/) or the model directory.")
    Path checkpoint;

    @Option(names = "--episodes", defaultValue = "100", paramLabel = "N", description = "Episodes to run (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of the env resets and the action sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (episodes <= 0 || episodes > 10_000_000) {
            throw new IllegalArgumentException("--episodes must be in 1..10000000, got " + episodes);
        }
        Checkpoint.Loaded loaded = Checkpoint.load(checkpoint);
        double[] r = run(loaded, episodes, seed);
        MeanStd mv = MeanStd.of(r);
        double mean = mv.mean();
        double std = mv.std();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : r) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("env", loaded.meta().env());
        out.put("algo", loaded.meta().algo());
        out.put("train_seed", loaded.meta().seed());
        out.put("eval_seed", seed);
        out.put("episodes", episodes);
        out.put("mean_return", mean);
        out.put("std_return", std);
        out.put("min_return", min);
        out.put("max_return", max);
        out.put("returns", r);
        Path file = loaded.runDir().resolve("eval.json");
        try (RunLock lock = RunLock.acquire(loaded.runDir())) {
            Json.write(file, out);
        }
        var w = spec.commandLine().getOut();
        w.println(String.format(Locale.ROOT, "%s %s: mean return %.2f ± %.2f over %d episodes (seed %d)",
                loaded.meta().env(), loaded.meta().algo(), mean, std, episodes, seed));
        w.println("wrote " + file);
        w.flush();
        return 0;
    }

    /** The returns of {@code n} evaluation episodes of a loaded checkpoint in a fresh env. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static double[] run(Checkpoint.Loaded loaded, int n, long seed) {
        try (Env env = Gym.make(loaded.meta().env())) {
            return Evaluation.returns((Agent) loaded.agent(), env, n, seed);
        }
    }
}
