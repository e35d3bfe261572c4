package org.kfrelax.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.Gym;
import org.kfrelax.optim.NonFiniteException;
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
 * and, if asked, the plots {@code returns.png} and {@code grad_logvar.png} (+ SVG, {@link TrainPlots}; drawn on a
 * second thread while model/ and summary.json are written); while it trains, also (unless
 * turned off) a TensorBoard event file of the same episodes and of each update's metrics (a
 * resumed run adds a second event file for the episodes it runs). The directory carries the
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
 *
 * <p>Checkpoints and resume: {@code model/} is a resumable {@link Checkpoint}, written at the
 * end, every {@link Spec#checkpointEvery()} episodes, and when a {@link StopRequest} ends the
 * run after an episode (then episodes.csv holds the episodes so far and summary.json says
 * {@code "interrupted": true}). {@link #resume} continues such a run: the episodes.csv of an
 * interrupted and resumed run equals, wall-clock column aside, the uninterrupted run's. A
 * diverged run's model/ is not resumable (its optimizer state is the diverged one).
 */
final class TrainRun {
    /** The result files a run writes. */
    static final String[] FILES = Stream.concat(Stream.of("episodes.csv", UpdatesCsv.FILE, "summary.json", "model/"),
            Stream.of(TrainPlots.FILES)).toArray(String[]::new);

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
     * @param checkpointEvery episodes between resumable checkpoints (0: only at the end or on a stop request)
     */
    record Spec(String envId, AgentConfig config, long seed, Budget budget, boolean stopWhenSolved, Double threshold,
                int checkpointEvery) {
        Spec {
            if (checkpointEvery < 0) {
                throw new IllegalArgumentException("--checkpoint-every must be >= 0 (0: only at the end), got "
                        + checkpointEvery);
            }
        }

        Spec(String envId, AgentConfig config, long seed, Budget budget, boolean stopWhenSolved, Double threshold) {
            this(envId, config, seed, budget, stopWhenSolved, threshold, 0);
        }
    }

    /** The outcome: the summary (as written) and the per-episode series for plots. */
    record Outcome(Map<String, Object> summary, double[] meanReturn100, double[] gradLogVar, double[] returns,
            double[] totalSteps) {
        /** The outcome of these episodes.csv rows ({@link #COLUMNS}). */
        static Outcome of(Map<String, Object> summary, List<Object[]> csvRows) {
            int n = csvRows.size();
            double[] ret = new double[n];
            double[] mean = new double[n];
            double[] logvar = new double[n];
            double[] steps = new double[n];
            for (int i = 0; i < n; i++) {
                Object[] row = csvRows.get(i);
                ret[i] = ((Number) row[2]).doubleValue();
                steps[i] = ((Number) row[3]).doubleValue();
                logvar[i] = row[5] == null ? Double.NaN : ((Number) row[5]).doubleValue();
                mean[i] = ((Number) row[6]).doubleValue();
            }
            return new Outcome(summary, mean, logvar, ret, steps);
        }

        /** Why training diverged (where, which value), or null if it did not. */
        String divergenceReason() {
            return (String) summary.get("divergence_reason");
        }

        long episodes() {
            return ((Number) summary.get("episodes")).longValue();
        }

        /** Whether a stop request ended the run early (it can be resumed). */
        boolean interrupted() {
            return Boolean.TRUE.equals(summary.get("interrupted"));
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
        return run(spec, dir, progress, plot, warnings, tensorboard, new StopRequest());
    }

    /** A new run; {@code stop} may end it early (resumable). */
    static Outcome run(Spec spec, Path dir, Progress progress, boolean plot, Warnings warnings, StopRequest stop)
            throws IOException {
        return run(spec, dir, progress, plot, warnings, true, stop);
    }

    /** A new run with or without TensorBoard events; {@code stop} may end it early (resumable). */
    static Outcome run(Spec spec, Path dir, Progress progress, boolean plot, Warnings warnings, boolean tensorboard,
                       StopRequest stop) throws IOException {
        return run(spec, dir, progress, plot ? XAxis.EPISODES : null, warnings, tensorboard, stop);
    }

    /** As above, the plots ({@link TrainPlots}) against {@code xAxis}; none if it is null. */
    static Outcome run(Spec spec, Path dir, Progress progress, XAxis xAxis, Warnings warnings, boolean tensorboard,
                       StopRequest stop) throws IOException {
        Agent<?> agent = Agents.create(spec.config(), Gym.make(spec.envId()), spec.seed());
        return train(spec, agent, null, dir, progress, xAxis, warnings, tensorboard, stop);
    }

    /**
     * Continues the run in {@code dir} from its checkpoint {@code dir/model} (see
     * {@link Checkpoint#resume}) to the end of its budget, or until {@code stop}.
     * {@code checkpointEvery} (null: the run's own) sets the checkpoint interval from now on.
     *
     * @throws IllegalArgumentException if there is no resumable checkpoint or the run is complete
     */
    static Outcome resume(Path dir, Integer checkpointEvery, Progress progress, boolean plot, Warnings warnings,
                          boolean tensorboard, StopRequest stop) throws IOException {
        return resume(dir, checkpointEvery, progress, plot ? XAxis.EPISODES : null, warnings, tensorboard, stop);
    }

    /** As above, the plots ({@link TrainPlots}) against {@code xAxis}; none if it is null. */
    static Outcome resume(Path dir, Integer checkpointEvery, Progress progress, XAxis xAxis, Warnings warnings,
                          boolean tensorboard, StopRequest stop) throws IOException {
        Checkpoint.Resumed r = Checkpoint.resume(dir, COLUMNS);
        Checkpoint.Position p = r.progress().position();
        Spec spec = new Spec(r.meta().env(), r.meta().config(), r.meta().seed(), new Budget(p.maxEpisodes(), p.maxSteps()),
                p.stopWhenSolved(), p.solveThreshold(), checkpointEvery != null ? checkpointEvery : p.checkpointEvery());
        return train(spec, r.agent(), r.progress(), dir, progress, xAxis, warnings, tensorboard, stop);
    }

    /**
     * Finishes the run {@code spec} in {@code dir} doing only what is missing ({@code compare
     * --resume}): a finished run (summary.json not marked interrupted) is read back, a run with a
     * resumable checkpoint resumes, any other starts afresh. A run made with other settings
     * (env, algo, seed, config) is refused.
     */
    static Outcome finish(Spec spec, Path dir, Warnings warnings, boolean tensorboard, StopRequest stop) throws IOException {
        Path summaryFile = dir.resolve("summary.json");
        Path position = dir.resolve("model").resolve(Checkpoint.POSITION);
        if (Files.isRegularFile(summaryFile) && !RunMarker.isIncomplete(dir)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> summary = Json.mapper().readValue(summaryFile.toFile(), LinkedHashMap.class);
            checkSame(spec, dir, (String) summary.get("env"), (String) summary.get("algo"),
                    ((Number) summary.get("seed")).longValue(), Json.mapper().convertValue(summary.get("config"), AgentConfig.class));
            if (!Boolean.TRUE.equals(summary.get("interrupted"))) {
                return readOutcome(summary, dir);
            }
        }
        if (Files.isRegularFile(position)) {
            Checkpoint.Loaded l = Checkpoint.load(dir);
            checkSame(spec, dir, l.meta().env(), l.meta().algo(), l.meta().seed(), l.meta().config());
            return resume(dir, spec.checkpointEvery(), Progress.silent(), false, warnings, tensorboard, stop);
        }
        return run(spec, dir, Progress.silent(), false, warnings, tensorboard, stop);
    }

    private static void checkSame(Spec spec, Path dir, String env, String algo, long seed, AgentConfig config) {
        if (!spec.envId().equals(env) || !spec.config().algo().toString().equals(algo) || spec.seed() != seed
                || !spec.config().equals(config)) {
            throw new IllegalArgumentException(dir + " holds a run of " + algo + " on " + env + " with seed " + seed
                    + " and other settings than asked for; resume only with the arguments the runs were started with");
        }
    }

    /** The outcome of a finished run, read back from its summary.json and episodes.csv. */
    private static Outcome readOutcome(Map<String, Object> summary, Path dir) throws IOException {
        return Outcome.of(summary, EpisodeRows.read(dir.resolve("episodes.csv"), COLUMNS));
    }

    /** The run's settings and its progress so far, as a checkpoint records them. */
    private static Checkpoint.Progress progressOf(Spec spec, List<Object[]> csvRows, EpisodeStats last, double wall,
                                                  double cpu) {
        Checkpoint.Position p = new Checkpoint.Position(last == null ? 0 : last.episode(),
                last == null ? 0 : last.totalSteps(), wall, cpu, spec.budget().maxEpisodes(), spec.budget().maxSteps(),
                spec.stopWhenSolved(), spec.threshold(), spec.checkpointEvery());
        return new Checkpoint.Progress(p, COLUMNS, csvRows);
    }

    private static Outcome train(Spec spec, Agent<?> agent, Checkpoint.Progress before, Path dir, Progress progress,
                                 XAxis xAxis, Warnings warnings, boolean tensorboard, StopRequest stop) throws IOException {
        LastGoodParameters lastGood = new LastGoodParameters(agent.parameters());
        SolveCriterion solve = new SolveCriterion(spec.threshold());
        List<Object[]> csvRows = new ArrayList<>();
        Checkpoint.Position at = before == null ? null : before.position();
        double wallBefore = at == null ? 0 : at.wallSeconds();
        double cpuBefore = at == null ? 0 : at.cpuSeconds();
        long episodesBefore = at == null ? 0 : at.episodes();
        long stepsBefore = at == null ? 0 : at.totalSteps();
        if (before != null) {
            // the episodes so far: the same rows, and the solve criterion replayed over their returns
            for (Object[] row : before.rows()) {
                csvRows.add(row);
                solve.add((Double) row[2]);
            }
            if (spec.budget().exhausted(episodesBefore, stepsBefore) || (spec.stopWhenSolved() && solve.solved())) {
                throw new IllegalArgumentException(dir + ": the run is complete (" + episodesBefore
                        + " episodes); nothing to resume");
            }
        }
        Budget budget = remaining(spec.budget(), episodesBefore, stepsBefore);
        TrainingResult result;
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = cpu.getCurrentThreadCpuTime();
        EpisodeStats[] last = new EpisodeStats[1];
        boolean[] stopped = new boolean[1];
        String failure = null;
        long t0 = System.nanoTime();
        // updates.csv too: a run without an update writes none, and an old one must not stay
        RunMarker.begin(dir, Stream.concat(Stream.of(UpdatesCsv.FILE, "summary.json", "eval.json"), Stream.of(TrainPlots.FILES))
                .toArray(String[]::new));
        try (CsvWriter csv = CsvWriter.open(dir.resolve("episodes.csv"), COLUMNS);
             UpdatesCsv updatesCsv = new UpdatesCsv(dir);
             TrainingScalars tb = tensorboard ? TrainingScalars.open(dir) : null) {
            for (Object[] row : csvRows) {
                csv.row(row);
            }
            try {
                progress.restartClock();   // the progress clock measures what wall_seconds measures: learning
                result = agent.learn(budget, new EpisodeListener() {
                    @Override
                    public boolean onEpisode(EpisodeStats s) {
                        last[0] = s;
                        lastGood.episodeDone(agent.parameters());
                        boolean solvedNow = solve.add(s.ret());
                        double mean = solve.recentMean();
                        Object[] row = {s.episode(), s.steps(), s.ret(), s.totalSteps(), wallBefore + s.wallSeconds(),
                                Double.isFinite(s.gradLogVar()) ? s.gradLogVar() : null, mean};
                        csvRows.add(row);
                        try {
                            csv.row(row);
                            if (tb != null) {
                                tb.episode(s, mean);
                            }
                            boolean ends = (spec.stopWhenSolved() && solvedNow)
                                    || budget.exhausted(s.episode() - episodesBefore, s.totalSteps() - stepsBefore);
                            if (!ends && stop.stopAfter(s)) {
                                stopped[0] = true;
                            } else if (!ends && spec.checkpointEvery() > 0 && s.episode() % spec.checkpointEvery() == 0) {
                                Checkpoint.save(dir.resolve("model"), spec.envId(), spec.seed(), agent,
                                        progressOf(spec, csvRows, s, wallBefore + s.wallSeconds(),
                                                cpuBefore + (cpu.getCurrentThreadCpuTime() - cpu0) * 1e-9));
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        progress.stepTo(progressCount(spec.budget(), s));
                        String solvedAt = solve.solved() ? " (solved at " + solve.solvedAt() + ")" : "";
                        progress.message(() -> String.format(Locale.ROOT, "episode %d, mean return %.1f%s", s.episode(),
                                mean, solvedAt));
                        return !(spec.stopWhenSolved() && solvedNow) && !stopped[0];
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
                        warnings.warn("episode " + (last[0] == null ? episodesBefore + 1 : last[0].episode() + 1) + ": "
                                + message);
                    }
                });
            } catch (NonFiniteException e) {
                // numerical divergence, whoever detected it: keep what the completed episodes
                // produced, and the parameters that played the last of them
                failure = e.getMessage();
                lastGood.restore(agent.parameters());
                long eps = last[0] == null ? 0 : last[0].episode() - episodesBefore;
                long steps = last[0] == null ? 0 : last[0].totalSteps() - stepsBefore;
                result = new TrainingResult(eps, steps, (System.nanoTime() - t0) * 1e-9, -1);
            }
            progress.close();   // its last line now, with the time of learning (files and plots follow)
            csv.commit();
            updatesCsv.commit();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        // CPU time of the training thread (not reproducible, like the wall clock): a throughput
        // measure that does not depend on how busy the machine is
        double cpuSeconds = cpuBefore + (cpu.getCurrentThreadCpuTime() - cpu0) * 1e-9;
        double wallSeconds = wallBefore + result.wallSeconds();
        if (csvRows.isEmpty() && failure == null) {
            throw new IllegalStateException("no episode was run");
        }
        long episodes = episodesBefore + result.episodes();
        long totalSteps = stepsBefore + result.totalSteps();
        boolean interrupted = stopped[0] && failure == null;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("env", spec.envId());
        summary.put("algo", spec.config().algo().toString());
        summary.put("seed", spec.seed());
        summary.put("episodes", episodes);
        summary.put("total_steps", totalSteps);
        summary.put("updates", result.updates() >= 0 ? agent.updates() : null);
        summary.put("diverged", failure != null);
        summary.put("divergence_reason", failure);
        summary.put("interrupted", interrupted);
        summary.put("resumed", before != null);
        summary.put("kfac_skipped_updates", agent.skippedUpdates());
        summary.put("solve_threshold", spec.threshold());
        summary.put("solved", solve.solved());
        summary.put("episodes_to_solve", solve.solved() ? solve.solvedAt() : null);
        summary.put("final_mean_return_100", csvRows.isEmpty() ? null : solve.recentMean());
        summary.put("wall_seconds", wallSeconds);
        summary.put("steps_per_second", wallSeconds > 0 ? totalSteps / wallSeconds : 0.0);
        summary.put("thread_cpu_seconds", cpuSeconds);
        summary.put("steps_per_cpu_second", cpuSeconds > 0 ? totalSteps / cpuSeconds : 0.0);
        summary.put("stopped_when_solved", spec.stopWhenSolved() && solve.solved());
        Map<String, Object> budgetMap = new LinkedHashMap<>();
        budgetMap.put("max_episodes", spec.budget().maxEpisodes());
        budgetMap.put("max_steps", spec.budget().maxSteps());
        summary.put("budget", budgetMap);
        summary.put("checkpoint_every", spec.checkpointEvery());
        summary.put("version", VersionCommand.version());
        summary.put("config", spec.config());
        Outcome outcome = Outcome.of(summary, csvRows);
        // the plots are drawn on a second thread while the checkpoint and the summary are written
        // (drawing is most of a short run's output cost: fonts, Java2D, PNG and SVG encoding); a
        // plot that cannot be written does not cost the run its checkpoint or summary, and the run
        // is marked finished only after all of them are written
        // a diverged run's optimizer state is the diverged one: its checkpoint holds parameters only
        Checkpoint.Progress position = failure == null ? progressOf(spec, csvRows, last[0], wallSeconds, cpuSeconds) : null;
        Alongside.IOAction writes = () -> {
            Checkpoint.save(dir.resolve("model"), spec.envId(), spec.seed(), agent, position);
            Json.write(dir.resolve("summary.json"), summary);
        };
        if (xAxis == null || csvRows.isEmpty()) {
            writes.run();
        } else {
            Alongside.run("kfrelax-plots", () -> TrainPlots.save(dir, spec, outcome, xAxis), writes);
        }
        if (!interrupted) {
            // an interrupted run is consistent and resumable, but not finished: it keeps the marker
            RunMarker.finish(dir);
        }
        return outcome;
    }

    /** What is left of {@code b} after {@code episodes} and {@code steps} (not yet exhausted). */
    private static Budget remaining(Budget b, long episodes, long steps) {
        return new Budget(b.maxEpisodes() > 0 ? b.maxEpisodes() - episodes : 0, b.maxSteps() > 0 ? b.maxSteps() - steps : 0);
    }

    private static long progressCount(Budget b, EpisodeStats s) {
        return b.maxEpisodes() > 0 ? s.episode() : s.totalSteps();
    }
}
