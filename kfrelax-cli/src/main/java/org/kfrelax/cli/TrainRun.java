package org.kfrelax.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.Gym;
import org.kfrelax.optim.NonFiniteException;
import org.kfrelax.plot.LinePlot;
import org.kfrelax.rl.Agent;
import org.kfrelax.rl.AgentConfig;
import org.kfrelax.rl.Agents;
import org.kfrelax.rl.Budget;
import org.kfrelax.rl.EpisodeListener;
import org.kfrelax.rl.EpisodeStats;
import org.kfrelax.rl.SolveCriterion;
import org.kfrelax.rl.TrainingResult;
import org.kfrelax.rl.UpdateMetrics;
import org.kfrelax.tensorboard.TrainingScalars;

/**
 * One training run as the {@code train} and {@code compare} commands do it: builds the agent,
 * trains it within the budget (optionally stopping at the solve criterion), and writes into
 * the run directory {@code episodes.csv}, {@code updates.csv} (one row per update, {@link UpdatesCsv}), the checkpoint {@code model/}, {@code summary.json}
 * and, if asked, {@code returns.png}/{@code .svg}, in that order; while it trains, also (unless
 * turned off) a TensorBoard event file of the same episodes and of each update's metrics. The directory carries the
 * {@link RunMarker} from before the first change until after the last file (an old run's
 * summary, plots and eval.json are removed first, so they never sit beside new episodes).
 * Everything but the wall-clock columns is deterministic given the arguments.
 *
 * <p>Numerical failure: every detector in the library (optimizers, K-FAC, the policy's output)
 * throws {@link NonFiniteException}; it is caught here, in one place. The run then ends as
 * diverged: episodes.csv holds the completed episodes, model/ the parameters that played the
 * last of them (a snapshot taken at every episode; the initial parameters if none completed),
 * summary.json {@code "diverged": true} and the {@code "divergence_reason"}. K-FAC's skipped
 * updates are counted in the summary and each is a {@link Warnings} line.
 */
final class TrainRun {
    /** The result files a run writes. */
    static final String[] FILES = {"episodes.csv", UpdatesCsv.FILE, "summary.json", "model/", "returns.png", "returns.svg"};

    /** Columns of episodes.csv. */
    static final String[] COLUMNS = {"episode", "steps", "return", "total_steps", "wall_s", "grad_logvar", "mean_return_100"};

    /**
     * What to run.
     *
     * @param envId registered environment id
     * @param config resolved hyperparameters
     * @param seed the run's seed
     * @param budget episode/step limits
     * @param stopWhenSolved end the run when the solve criterion is first met
     * @param threshold solve threshold (null: the task has none)
     */
    record Spec(String envId, AgentConfig config, long seed, Budget budget, boolean stopWhenSolved, Double threshold) {}

    /** The outcome: the summary (as written) and the per-episode series for plots. */
    record Outcome(Map<String, Object> summary, double[] meanReturn100, double[] gradLogVar, double[] returns) {
        /** Why training diverged (where, which value), or null if it did not. */
        String divergenceReason() {
            return (String) summary.get("divergence_reason");
        }

        long episodes() {
            return ((Number) summary.get("episodes")).longValue();
        }

        Long episodesToSolve() {
            Object v = summary.get("episodes_to_solve");
            return v == null ? null : ((Number) v).longValue();
        }
    }

    /** Checks what can be checked before anything is written (env id, algo vs action space). */
    static void validate(String envId, AgentConfig config) {
        try (Env<?> env = Gym.make(envId)) {
            config.algo().checkActionSpace(env);
        }
    }

    /** The solve threshold: {@code solveAt} if given, else the environment's registered one (may be null). */
    static Double threshold(String envId, Double solveAt) {
        if (solveAt != null) {
            if (!Double.isFinite(solveAt)) {
                throw new IllegalArgumentException("--solve-at must be finite, got " + solveAt);
            }
            return solveAt;
        }
        return Gym.spec(envId).rewardThreshold();
    }

    static Outcome run(Spec spec, Path dir, Progress progress, boolean plot, Warnings warnings) throws IOException {
        return run(spec, dir, progress, plot, warnings, true);
    }

    /**
     * As {@link #run(Spec, Path, Progress, boolean, Warnings)}; with {@code tensorboard}, the
     * episodes and updates also go to the directory's TensorBoard event file ({@link TrainingScalars}).
     */
    static Outcome run(Spec spec, Path dir, Progress progress, boolean plot, Warnings warnings, boolean tensorboard)
            throws IOException {
        Env<?> env = Gym.make(spec.envId());
        Agent<?> agent = Agents.create(spec.config(), env, spec.seed());
        LastGoodParameters lastGood = new LastGoodParameters(agent.parameters());
        SolveCriterion solve = new SolveCriterion(spec.threshold());
        List<double[]> rows = new ArrayList<>();
        TrainingResult result;
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = cpu.getCurrentThreadCpuTime();
        EpisodeStats[] last = new EpisodeStats[1];
        String failure = null;
        long t0 = System.nanoTime();
        // updates.csv too: a run without an update writes none, and an old one must not stay
        RunMarker.begin(dir, UpdatesCsv.FILE, "summary.json", "returns.png", "returns.svg", "eval.json");
        try (CsvWriter csv = CsvWriter.open(dir.resolve("episodes.csv"), COLUMNS);
             UpdatesCsv updatesCsv = new UpdatesCsv(dir);
             TrainingScalars tb = tensorboard ? TrainingScalars.open(dir) : null) {
            try {
                result = agent.learn(spec.budget(), new EpisodeListener() {
                    @Override
                    public boolean onEpisode(EpisodeStats s) {
                        last[0] = s;
                        lastGood.episodeDone(agent.parameters());
                        boolean solvedNow = solve.add(s.ret());
                        double mean = solve.recentMean();
                        rows.add(new double[] {s.ret(), mean, s.gradLogVar()});
                        try {
                            csv.row(s.episode(), s.steps(), s.ret(), s.totalSteps(), s.wallSeconds(),
                                    Double.isFinite(s.gradLogVar()) ? s.gradLogVar() : null, mean);
                            if (tb != null) {
                                tb.episode(s, mean);
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        progress.stepTo(progressCount(spec.budget(), s));
                        progress.message(String.format(Locale.ROOT, "episode %d, mean return %.1f%s", s.episode(), mean,
                                solve.solved() ? " (solved at " + solve.solvedAt() + ")" : ""));
                        return !(spec.stopWhenSolved() && solvedNow);
                    }

                    @Override
                    public void onUpdate(UpdateMetrics m) {
                        try {
                            updatesCsv.add(m);
                            if (tb != null) {
                                tb.update(m);
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }

                    @Override
                    public void onWarning(String message) {
                        warnings.warn("episode " + (last[0] == null ? 1 : last[0].episode() + 1) + ": " + message);
                    }
                });
            } catch (NonFiniteException e) {
                // numerical divergence, whoever detected it: keep what the completed episodes
                // produced, and the parameters that played the last of them
                failure = e.getMessage();
                lastGood.restore(agent.parameters());
                long eps = last[0] == null ? 0 : last[0].episode();
                long steps = last[0] == null ? 0 : last[0].totalSteps();
                result = new TrainingResult(eps, steps, (System.nanoTime() - t0) * 1e-9, -1);
            }
            csv.commit();
            updatesCsv.commit();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        // CPU time of the training thread (not reproducible, like the wall clock): a throughput
        // measure that does not depend on how busy the machine is
        double cpuSeconds = (cpu.getCurrentThreadCpuTime() - cpu0) * 1e-9;
        if (rows.isEmpty() && failure == null) {
            throw new IllegalStateException("no episode was run");
        }
        Checkpoint.save(dir.resolve("model"), spec.envId(), spec.seed(), agent);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("env", spec.envId());
        summary.put("algo", spec.config().algo().toString());
        summary.put("seed", spec.seed());
        summary.put("episodes", result.episodes());
        summary.put("total_steps", result.totalSteps());
        summary.put("updates", result.updates() >= 0 ? result.updates() : null);
        summary.put("diverged", failure != null);
        summary.put("divergence_reason", failure);
        summary.put("kfac_skipped_updates", agent.skippedUpdates());
        summary.put("solve_threshold", spec.threshold());
        summary.put("solved", solve.solved());
        summary.put("episodes_to_solve", solve.solved() ? solve.solvedAt() : null);
        summary.put("final_mean_return_100", rows.isEmpty() ? null : solve.recentMean());
        summary.put("wall_seconds", result.wallSeconds());
        summary.put("steps_per_second", result.stepsPerSecond());
        summary.put("thread_cpu_seconds", cpuSeconds);
        summary.put("steps_per_cpu_second", cpuSeconds > 0 ? result.totalSteps() / cpuSeconds : 0.0);
        summary.put("stopped_when_solved", spec.stopWhenSolved() && solve.solved());
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("max_episodes", spec.budget().maxEpisodes());
        budget.put("max_steps", spec.budget().maxSteps());
        summary.put("budget", budget);
        summary.put("version", VersionCommand.version());
        summary.put("config", spec.config());
        double[] ret = new double[rows.size()];
        double[] mean = new double[rows.size()];
        double[] logvar = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            ret[i] = rows.get(i)[0];
            mean[i] = rows.get(i)[1];
            logvar[i] = rows.get(i)[2];
        }
        // the summary first: a plot that cannot be written must not cost the run its summary
        Json.write(dir.resolve("summary.json"), summary);
        if (plot && !rows.isEmpty()) {
            double[] x = new double[ret.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
            }
            LinePlot p = new LinePlot(spec.envId() + " — " + spec.config().algo() + " (seed " + spec.seed() + ")",
                    "episode", "return").line("return", x, ret).line("mean of last 100", x, mean);
            if (spec.threshold() != null) {
                double[] t = new double[x.length];
                java.util.Arrays.fill(t, spec.threshold());
                p.line("solve threshold", x, t);
            }
            try {
                p.save(dir.resolve("returns.png"));
            } catch (IOException | RuntimeException e) {
                throw new IOException("summary.json, episodes.csv and model/ are written, but the plot "
                        + dir.resolve("returns.png") + " is not: " + Cli.describe(e), e);
            }
        }
        RunMarker.finish(dir);
        return new Outcome(summary, mean, logvar, ret);
    }

    private static long progressCount(Budget b, EpisodeStats s) {
        return b.maxEpisodes() > 0 ? s.episode() : s.totalSteps();
    }
}
