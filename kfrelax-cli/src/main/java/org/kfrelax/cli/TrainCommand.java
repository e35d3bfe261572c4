package org.kfrelax.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
 * checkpoint model/ and returns.png into the output directory. {@code --checkpoint-every N}
 * also writes the (resumable) checkpoint every N episodes; SIGINT/SIGTERM end the run after the
 * current episode with a checkpoint and a summary marked interrupted (exit 130/143), and
 * {@code --resume DIR} continues such a run with its own settings ({@link TrainRun}).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train an RL agent (a2c, acktr, relax, kf-relax, lax, kf-lax) on an environment.")
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--env", paramLabel = "ID", description = "Environment id, e.g. CartPole-v0 (required unless --resume; or env in --config).")
    String envId;

    @Option(names = "--algo", paramLabel = "A", description = "One of a2c, acktr, relax, kf-relax, lax, kf-lax (required unless --resume; or algo in --config).")
    String algo;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Also write the resumable checkpoint model/ every N episodes (default: only at the end"
                    + " and when interrupted).")
    Integer checkpointEvery;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the interrupted run in DIR from its checkpoint, with the settings it was started"
                    + " with; only --checkpoint-every, --no-plot, --x-axis and --[no-]tensorboard may be given with it.")
    Path resume;

    @Option(names = "--print-config", description = "Print the fully resolved settings as a config file (JSON, for --config) and exit without training.")
    boolean printConfig;

    @Mixin
    SeedOption seed;

    @Mixin
    RunLengthOptions length;

    @Option(names = "--no-plot", description = "Do not write the plots returns.png and grad_logvar.png (+ SVG).")
    boolean noPlot;

    @Option(names = "--x-axis", paramLabel = "AXIS", defaultValue = "episodes",
            description = "x axis of the plots: episodes or steps (environment steps so far) (default: ${DEFAULT-VALUE}).")
    String xAxis;

    @Mixin
    HyperparameterOptions hyper;

    @Mixin
    OutputOptions output;

    @Mixin
    TensorBoardOption tensorboard;

    /** Options that may accompany --resume (the run's own settings cannot change). */
    private static final java.util.Set<String> WITH_RESUME = java.util.Set.of("--resume", "--checkpoint-every", "--no-plot", "--x-axis",
            "--tensorboard");

    @Override
    public Integer call() throws Exception {
        XAxis axis = noPlot ? null : XAxis.parse(xAxis);
        if (checkpointEvery != null && checkpointEvery <= 0) {
            throw new IllegalArgumentException("--checkpoint-every must be a positive number of episodes, got "
                    + checkpointEvery);
        }
        if (resume != null) {
            return resume(axis);
        }
        ConfigFile file = hyper.file();
        envId = required("--env", envId, file, "env");
        algo = required("--algo", algo, file, "algo");
        boolean seedGiven = spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption("--seed");
        Long fileSeed = file.whole("seed");
        if (!seedGiven && fileSeed != null) {
            seed.seed = fileSeed;
        }
        length.fill(file);
        long runSeed = seed.seed();
        AgentConfig config = hyper.resolve(algo);
        Budget budget = length.budget();
        Double threshold = length.threshold(envId);
        TrainRun.validate(envId, config);
        boolean stop = length.stop(envId);
        if (stop && threshold == null) {
            throw new IllegalArgumentException(envId + " has no solve threshold; give --solve-at R to use --stop-when-solved");
        }
        if (printConfig) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("env", envId);
            m.put("algo", config.algo().toString());
            m.put("seed", runSeed);
            m.put("maxEpisodes", budget.maxEpisodes() > 0 ? budget.maxEpisodes() : null);
            m.put("maxSteps", budget.maxSteps() > 0 ? budget.maxSteps() : null);
            m.put("stopWhenSolved", stop);
            m.put("solveAt", threshold);
            config.toMap().forEach(m::putIfAbsent);
            spec.commandLine().getOut().print(Json.toJson(m));
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (axis != null) {   // the plots come at the end: their fonts load beside the training
            org.kfrelax.plot.LinePlot.warmUpInBackground();
        }
        long total = budget.maxEpisodes() > 0 ? budget.maxEpisodes() : budget.maxSteps();
        TrainRun.Outcome o;
        Path dir;
        StopRequest stopRequest = new StopRequest();
        try (RunLock lock = output.open(runName(envId, algo, runSeed), TrainRun.FILES);
             Progress progress = Progress.start("train", total, budget.maxEpisodes() > 0 ? "episodes" : "steps");
             AutoCloseable signals = stopRequest.onSignals()) {
            dir = lock.dir();
            o = TrainRun.run(new TrainRun.Spec(envId, config, runSeed, budget, stop, threshold,
                    checkpointEvery == null ? 0 : checkpointEvery), dir, progress, axis,
                    new Warnings(spec.commandLine().getErr(), "train", ""), tensorboard.enabled(), stopRequest);
        }
        return report(o, dir, stopRequest);
    }

    private Integer resume(XAxis axis) throws Exception {
        for (picocli.CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (!WITH_RESUME.contains(o.longestName())) {
                throw new IllegalArgumentException("--resume continues a run with the settings it was started with; "
                        + o.longestName() + " cannot be given with it");
            }
        }
        if (!java.nio.file.Files.isDirectory(resume)) {
            throw new IllegalArgumentException("--resume " + resume + ": not a run directory");
        }
        TrainRun.Outcome o;
        StopRequest stopRequest = new StopRequest();
        try (RunLock lock = RunLock.acquire(resume);
             Progress progress = Progress.start("train", 0, "episodes");
             AutoCloseable signals = stopRequest.onSignals()) {
            o = TrainRun.resume(resume, checkpointEvery, progress, axis,
                    new Warnings(spec.commandLine().getErr(), "train", ""), tensorboard.enabled(), stopRequest);
        }
        return report(o, resume, stopRequest);
    }

    private Integer report(TrainRun.Outcome o, Path dir, StopRequest stopRequest) {
        var s = o.summary();
        String envId = (String) s.get("env");
        String algo = (String) s.get("algo");
        long runSeed = (Long) s.get("seed");
        var out = spec.commandLine().getOut();
        out.println(summaryLine(envId, algo, runSeed, s));
        StringBuilder wrote = new StringBuilder("wrote " + dir.resolve("episodes.csv") + ", summary.json, model/");
        for (String plot : List.of(TrainPlots.RETURNS, TrainPlots.GRAD_LOGVAR)) {
            if (!noPlot && java.nio.file.Files.isRegularFile(dir.resolve(plot + ".png"))) {
                wrote.append(", ").append(plot).append(".png");
            }
        }
        out.println(wrote);
        out.flush();
        if (o.divergenceReason() != null) {
            spec.commandLine().getErr().println("kfrelax train: error: " + divergence(o));
            return Cli.EXIT_FAILURE;
        }
        if (o.interrupted()) {
            spec.commandLine().getErr().println("kfrelax train: interrupted after episode " + s.get("episodes")
                    + "; continue with: kfrelax train --resume " + dir);
            return stopRequest.exitCode();
        }
        return 0;
    }

    /**
     * The closing line: episodes, steps, time; solved at episode N, not solved (with the
     * threshold) or no threshold; the mean return over the last min(100, episodes) episodes.
     */
    static String summaryLine(String envId, String algo, long seed, Map<String, Object> s) {
        long episodes = ((Number) s.get("episodes")).longValue();
        Object threshold = s.get("solve_threshold");
        Object solvedAt = s.get("episodes_to_solve");
        String solved = threshold == null ? "no solve threshold"
                : solvedAt != null ? "solved at episode " + solvedAt
                : "not solved (threshold " + PyFloat.repr(((Number) threshold).doubleValue()) + ")";
        Object mean = s.get("final_mean_return_100");
        String last = mean == null ? "no episode completed"
                : String.format(Locale.ROOT, "mean return (last %d) %.1f", Math.min(100, episodes), ((Number) mean).doubleValue());
        return String.format(Locale.ROOT, "%s %s seed %d: %d episodes, %d steps, %.1f s (%.0f steps/s); %s; %s",
                envId, algo, seed, episodes, ((Number) s.get("total_steps")).longValue(),
                ((Number) s.get("wall_seconds")).doubleValue(), ((Number) s.get("steps_per_second")).doubleValue(), solved, last);
    }

    /** {@code value} from the command line, else the config file's {@code key}; one of them is required. */
    static String required(String flag, String value, ConfigFile file, String key) {
        if (value != null) {
            return value;
        }
        String v = file.string(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + flag + " (give it, or " + key + " in a --config file)");
        }
        return v;
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
