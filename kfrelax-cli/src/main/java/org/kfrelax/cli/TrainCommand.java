package org.kfrelax.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.kfrelax.rl.AgentConfig;
import org.kfrelax.rl.Budget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kfrelax train}: trains one agent and writes episodes.csv, summary.json, the
 * checkpoint model/ and returns.png into the output directory.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train an RL agent (a2c, acktr, relax, kf-relax, lax, kf-lax) on an environment.")
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--env", required = true, paramLabel = "ID", description = "Environment id, e.g. CartPole-v0.")
    String envId;

    @Option(names = "--algo", required = true, paramLabel = "A", description = "One of a2c, acktr, relax, kf-relax, lax, kf-lax.")
    String algo;

    @Mixin
    SeedOption seed;

    @Mixin
    RunLengthOptions length;

    @Option(names = "--no-plot", description = "Do not write returns.png/svg.")
    boolean noPlot;

    @Mixin
    HyperparameterOptions hyper;

    @Mixin
    OutputOptions output;

    @Mixin
    TensorBoardOption tensorboard;

    @Override
    public Integer call() throws Exception {
        long runSeed = seed.seed();
        AgentConfig config = hyper.resolve(algo);
        Budget budget = length.budget();
        Double threshold = length.threshold(envId);
        TrainRun.validate(envId, config);
        boolean stop = length.stop(envId);
        if (stop && threshold == null) {
            throw new IllegalArgumentException(envId + " has no solve threshold; give --solve-at R to use --stop-when-solved");
        }
        long total = budget.maxEpisodes() > 0 ? budget.maxEpisodes() : budget.maxSteps();
        TrainRun.Outcome o;
        Path dir;
        try (RunLock lock = output.open(runName(envId, algo, runSeed), TrainRun.FILES);
             Progress progress = Progress.start("train", total, budget.maxEpisodes() > 0 ? "episodes" : "steps")) {
            dir = lock.dir();
            o = TrainRun.run(new TrainRun.Spec(envId, config, runSeed, budget, stop, threshold), dir, progress, !noPlot,
                    new Warnings(spec.commandLine().getErr(), "train", ""), tensorboard.enabled());
        }
        var s = o.summary();
        var out = spec.commandLine().getOut();
        out.println(String.format(Locale.ROOT, "%s %s seed %d: %d episodes, %d steps, %.1f s (%.0f steps/s); %s; mean return (last 100) %.1f",
                envId, algo, runSeed, (Long) s.get("episodes"), (Long) s.get("total_steps"),
                (Double) s.get("wall_seconds"), (Double) s.get("steps_per_second"),
                o.episodesToSolve() != null ? "solved at episode " + o.episodesToSolve() : "not solved",
                (Double) s.get("final_mean_return_100")));
        out.println("wrote " + dir.resolve("episodes.csv") + ", summary.json, model/" + (noPlot ? "" : ", returns.png"));
        out.flush();
        if (o.divergenceReason() != null) {
            spec.commandLine().getErr().println("kfrelax train: error: " + divergence(o));
            return Cli.EXIT_FAILURE;
        }
        return 0;
    }

    /** One line on a diverged run: after which episode, why, and what model/ holds. */
    static String divergence(TrainRun.Outcome o) {
        long eps = o.episodes();
        return "diverged after episode " + eps + ": " + o.divergenceReason()
                + "; model/ holds the " + (eps == 0 ? "initial parameters" : "parameters that played episode " + eps);
    }

    /** The stem of a run directory made without --out: {@code <env>-<algo>-s<seed>}, e.g. CartPole-v0-kf-relax-s0. */
    static String runName(String envId, String algo, long seed) {
        return envId + "-" + algo + "-s" + seed;
    }
}
