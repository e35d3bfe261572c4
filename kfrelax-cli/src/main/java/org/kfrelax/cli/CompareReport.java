package org.kfrelax.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kfrelax.experiments.ReturnBands;
import org.kfrelax.experiments.RunHealth;
import org.kfrelax.experiments.SolveStatistics;
import org.kfrelax.plot.Band;
import org.kfrelax.plot.LinePlot;
import org.kfrelax.plot.StepGrid;
import org.kfrelax.rl.Budget;
import org.kfrelax.stats.InterquartileMean;
import org.kfrelax.stats.Interval;
import org.kfrelax.stats.MeanStd;
import org.kfrelax.stats.StratifiedBootstrap;

/**
 * What {@code compare} writes from its runs: compare.md and compare.json (per algorithm the
 * solve rate, mean ± std and median over solved runs, the IQM of episodes to solve with its
 * bootstrap interval, per pair the probability of improvement; the log-variance at matched
 * return bands; the runs left out of the curves) and the figures reward.png, logvar.png
 * (mean over the runs kept, 25–75 percentile band) and logvar_bands.png. Every figure names the
 * number of seeds and the solve threshold. The statistics are {@link SolveStatistics},
 * {@link ReturnBands} and {@link RunHealth}.
 */
final class CompareReport {
    /** Files this report writes (besides compare.csv). */
    static final String[] FILES = {"compare.md", "compare.json", "reward.png", "reward.svg", "logvar.png", "logvar.svg",
            "logvar_bands.png", "logvar_bands.svg"};

    /** One finished run. */
    record Run(String algo, long seed, TrainRun.Outcome outcome) {}

    /** The comparison's setting. */
    record Setting(String envId, long firstSeed, int seeds, Budget budget, Double threshold, boolean stopWhenSolved,
                   int returnBands, StratifiedBootstrap bootstrap, XAxis xAxis) {
        Setting(String envId, long firstSeed, int seeds, Budget budget, Double threshold, boolean stopWhenSolved,
                int returnBands, StratifiedBootstrap bootstrap) {
            this(envId, firstSeed, seeds, budget, threshold, stopWhenSolved, returnBands, bootstrap, XAxis.EPISODES);
        }
    }

    /** Points of the reward and log-variance curves against steps: a grid this fine across the longest run. */
    static final int STEP_GRID_POINTS = 500;

    private CompareReport() {}

    /** Writes the report's files into {@code dir}; returns compare.md's text. */
    static String write(Path dir, Setting s, List<String> algos, List<Run> runs) throws IOException {
        // by identity: a record's hashCode would hash the whole outcome and, on first use, have the
        // JDK build its hashCode/equals from method handles (~100 generated classes at report time)
        Map<Run, RunHealth> health = new IdentityHashMap<>();
        for (Run r : runs) {
            TrainRun.Outcome o = r.outcome();
            health.put(r, RunHealth.of(o.returns(), o.gradLogVar(), o.divergenceReason(), s.threshold()));
        }
        List<Long> episodesRun = new ArrayList<>();
        for (Run r : runs) {
            episodesRun.add(((Number) r.outcome().summary().get("episodes")).longValue());
        }
        double censorAt = SolveStatistics.censorValue(s.budget().maxEpisodes(), episodesRun);
        StratifiedBootstrap boot = s.bootstrap();

        String seedText = s.seeds() + (s.seeds() == 1 ? " seed" : " seeds") + " (" + s.firstSeed() + ".."
                + (s.firstSeed() + s.seeds() - 1) + ") per algorithm";
        String thresholdText = s.threshold() == null ? "no solve threshold" : "solve threshold " + num(s.threshold());
        String figureNote = seedText + ", " + thresholdText;

        StringBuilder md = new StringBuilder();
        md.append("# ").append(s.envId()).append(": ").append(String.join(", ", algos)).append("\n\n")
                .append(capitalize(seedText)).append("; ").append(thresholdText)
                .append(" (mean return of the last 100 episodes); budget ").append(budgetText(s.budget()))
                .append(" per run; runs stop when solved: ").append(s.stopWhenSolved() ? "yes" : "no").append(".\n\n");

        md.append("## Episodes to solve\n\n")
                .append("| algo | solved | solve rate [95 % CI] | mean ± std (solved runs) | median (solved) | IQM, unsolved = ")
                .append(num(censorAt)).append(" [95 % CI] | final mean return (100), mean ± std | its IQM [95 % CI] | steps/s | left out of curves |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("env", s.envId());
        json.put("first_seed", s.firstSeed());
        json.put("seeds", s.seeds());
        json.put("solve_threshold", s.threshold());
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("max_episodes", s.budget().maxEpisodes());
        budget.put("max_steps", s.budget().maxSteps());
        json.put("budget", budget);
        json.put("stop_when_solved", s.stopWhenSolved());
        json.put("unsolved_counted_as", censorAt);
        Map<String, Object> bootJson = new LinkedHashMap<>();
        bootJson.put("method", "stratified bootstrap, percentile interval");
        bootJson.put("resamples", boot.resamples());
        bootJson.put("seed", boot.seed());
        bootJson.put("confidence", boot.confidence());
        json.put("bootstrap", bootJson);

        Map<String, List<Long>> toSolve = new LinkedHashMap<>();
        Map<String, Object> algoJson = new LinkedHashMap<>();
        for (String a : algos) {
            List<Long> eps = new ArrayList<>();
            List<Double> finals = new ArrayList<>();
            double sps = 0;
            int n = 0;
            List<Map<String, Object>> leftOut = new ArrayList<>();
            for (Run r : runs) {
                if (!r.algo().equals(a)) {
                    continue;
                }
                n++;
                eps.add(r.outcome().episodesToSolve());
                Object fm = r.outcome().summary().get("final_mean_return_100");
                if (fm != null) {   // null: diverged before its first episode ended
                    finals.add((Double) fm);
                }
                sps += (Double) r.outcome().summary().get("steps_per_second");
                RunHealth h = health.get(r);
                if (!h.ok()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("seed", r.seed());
                    m.put("kind", h.kind().label());
                    m.put("reason", h.reason());
                    leftOut.add(m);
                }
            }
            toSolve.put(a, eps);
            SolveStatistics.Summary st = SolveStatistics.of(eps, censorAt, boot);
            double[] finalArr = finals.stream().mapToDouble(Double::doubleValue).toArray();
            MeanStd finalMs = MeanStd.of(finalArr);
            Interval finalIqm = boot.interval(new double[][] {finalArr}, InterquartileMean::of);
            md.append("| ").append(a).append(" | ").append(st.solved()).append('/').append(st.runs())
                    .append(" | ").append(interval2(st.solveRate()))
                    .append(" | ").append(st.solvedMeanStd() == null ? "—"
                            : fmt1(st.solvedMeanStd().mean()) + " ± " + fmt1(st.solvedMeanStd().std()))
                    .append(" | ").append(st.solved() == 0 ? "—" : fmt1(st.solvedMedian()))
                    .append(" | ").append(interval1(st.iqm()))
                    .append(" | ").append(fmt1(finalMs.mean())).append(" ± ").append(fmt1(finalMs.std()))
                    .append(" | ").append(interval1(finalIqm))
                    .append(" | ").append(String.format(Locale.ROOT, "%.0f", sps / n))
                    .append(" | ").append(leftOut.size()).append(" |\n");
            Map<String, Object> aj = new LinkedHashMap<>();
            aj.put("runs", st.runs());
            aj.put("solved", st.solved());
            aj.put("solve_rate", intervalJson(st.solveRate()));
            Map<String, Object> solvedJson = null;
            if (st.solvedMeanStd() != null) {
                solvedJson = new LinkedHashMap<>();
                solvedJson.put("mean", st.solvedMeanStd().mean());
                solvedJson.put("std", st.solvedMeanStd().std());
                solvedJson.put("median", st.solvedMedian());
            }
            aj.put("episodes_to_solve_of_solved_runs", solvedJson);
            aj.put("episodes_to_solve_iqm", intervalJson(st.iqm()));
            Map<String, Object> fj = new LinkedHashMap<>();
            fj.put("mean", finalMs.mean());
            fj.put("std", finalMs.std());
            fj.put("iqm", intervalJson(finalIqm));
            aj.put("final_mean_return_100", fj);
            aj.put("steps_per_second", sps / n);
            aj.put("left_out_of_curves", leftOut);
            algoJson.put(a, aj);
        }
        json.put("algos", algoJson);
        md.append("\nMean ± std and median: over the solved runs only (as published tables report them; the solve rate says how many). ")
                .append("IQM: interquartile mean over all runs (rliable's: the ⌊n/4⌋ highest and lowest dropped), an unsolved run counted as ")
                .append(num(censorAt)).append(" episodes (")
                .append(s.budget().maxEpisodes() > 0 ? "the episode budget" : "the most episodes any run ran")
                .append("), so it is exact while at most ⌊n/4⌋ runs are unsolved and a lower bound beyond. ")
                .append("Final mean return (100): the mean return of each run's last 100 episodes, over all runs. ")
                .append("95 % CIs: stratified percentile bootstrap, ").append(boot.resamples()).append(" resamples, seed ")
                .append(boot.seed()).append(" (Agarwal et al., NeurIPS 2021).\n\n");

        md.append("## Probability of improvement\n\n")
                .append("P(a run of X needs fewer episodes to solve than a run of Y) + ½ P(equal), unsolved = ")
                .append(num(censorAt)).append("; 0.5 = no difference.\n\n")
                .append("| X | Y | P(X better than Y) [95 % CI] |\n|---|---|---|\n");
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (int i = 0; i < algos.size(); i++) {
            for (int j = i + 1; j < algos.size(); j++) {
                String x = algos.get(i);
                String y = algos.get(j);
                Interval p = SolveStatistics.probabilityFewerEpisodes(toSolve.get(x), toSolve.get(y), censorAt, boot);
                md.append("| ").append(x).append(" | ").append(y).append(" | ").append(interval2(p)).append(" |\n");
                Map<String, Object> pj = new LinkedHashMap<>();
                pj.put("x", x);
                pj.put("y", y);
                pj.putAll(intervalJson(p));
                pairs.add(pj);
            }
        }
        json.put("probability_of_improvement", pairs);

        // curves and bands: the runs kept
        List<double[]> allMeans = new ArrayList<>();
        List<double[]> allLogvars = new ArrayList<>();
        for (Run r : runs) {
            if (health.get(r).ok()) {
                allMeans.add(r.outcome().meanReturn100());
                allLogvars.add(r.outcome().gradLogVar());
            }
        }
        LinePlot reward = new LinePlot(s.envId() + ": reward (mean, 25–75 percentile band) — " + figureNote,
                s.xAxis().label(), "mean return of last 100 episodes");
        LinePlot logvar = new LinePlot(s.envId() + ": policy-gradient log-variance (mean, 25–75 percentile band) — " + figureNote,
                s.xAxis().label(), "log variance");
        // against steps, every run's curve is read off one grid (runs differ in the steps of their episodes)
        StepGrid grid = null;
        if (s.xAxis() == XAxis.STEPS) {
            List<double[]> keptX = new ArrayList<>();
            for (Run r : runs) {
                if (health.get(r).ok()) {
                    keptX.add(r.outcome().totalSteps());
                }
            }
            grid = keptX.isEmpty() ? null : StepGrid.of(keptX, STEP_GRID_POINTS);
        }
        // where runs stopped at the solve criterion: their curves end there, the mean over fewer runs goes on
        List<double[]> stoppedAt = new ArrayList<>();
        LinePlot bandPlot = new LinePlot(s.envId() + ": log-variance at matched return (mean ± std over runs) — " + figureNote,
                "mean return of last 100 episodes (band centre)", "log variance");
        StringBuilder bandMd = new StringBuilder();
        Map<String, Object> bandJson = new LinkedHashMap<>();
        boolean anyVariance = allLogvars.stream().flatMapToDouble(Arrays::stream).anyMatch(Double::isFinite);
        double[] edges = anyVariance ? ReturnBands.edges(allMeans, allLogvars, s.returnBands()) : null;
        int longest = 0;
        Map<String, List<ReturnBands.Cell>> cellsByAlgo = new LinkedHashMap<>();
        for (String a : algos) {
            List<double[]> rewards = new ArrayList<>();
            List<double[]> logvars = new ArrayList<>();
            List<double[]> rawLogvars = new ArrayList<>();
            int n = 0;
            for (Run r : runs) {
                if (!r.algo().equals(a)) {
                    continue;
                }
                n++;
                if (health.get(r).ok()) {
                    rewards.add(r.outcome().meanReturn100());
                    logvars.add(CompareCommand.fillNonFinite(r.outcome().gradLogVar()));
                    rawLogvars.add(r.outcome().gradLogVar());
                    if (Boolean.TRUE.equals(r.outcome().summary().get("stopped_when_solved"))) {
                        double[] x = s.xAxis().of(r.outcome());
                        double[] m = r.outcome().meanReturn100();
                        stoppedAt.add(new double[] {x[x.length - 1], m[m.length - 1]});
                    }
                }
            }
            if (rewards.isEmpty()) {
                continue;
            }
            String label = a + " (" + (rewards.size() == n ? n + " runs" : rewards.size() + " of " + n + " runs") + ")";
            List<double[]> curveRewards = rewards;
            List<double[]> curveLogvars = logvars;
            if (grid != null) {
                curveRewards = new ArrayList<>();
                curveLogvars = new ArrayList<>();
                int k = 0;
                for (Run r : runs) {
                    if (r.algo().equals(a) && health.get(r).ok()) {
                        curveRewards.add(grid.resample(r.outcome().totalSteps(), rewards.get(k)));
                        curveLogvars.add(grid.resample(r.outcome().totalSteps(), logvars.get(k)));
                        k++;
                    }
                }
            }
            Band rb = Band.meanPercentiles(curveRewards, 25, 75);
            Band lb = Band.meanPercentiles(curveLogvars, 25, 75);
            reward.band(label, xValues(grid, rb.center().length), rb);
            logvar.band(label, xValues(grid, lb.center().length), lb);
            longest = Math.max(longest, rb.center().length);
            if (edges == null) {
                continue;
            }
            List<ReturnBands.Cell> cells = ReturnBands.cells(edges, rewards, rawLogvars);
            cellsByAlgo.put(a, cells);
            List<Double> bx = new ArrayList<>();
            List<Double> by = new ArrayList<>();
            List<Double> blo = new ArrayList<>();
            List<Double> bhi = new ArrayList<>();
            List<Map<String, Object>> cj = new ArrayList<>();
            for (ReturnBands.Cell c : cells) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("return_low", c.low());
                m.put("return_high", c.high());
                m.put("runs", c.runs());
                m.put("mean_logvar", c.runs() == 0 ? null : c.mean());
                m.put("std_logvar", c.runs() == 0 ? null : c.std());
                cj.add(m);
                if (c.runs() > 0) {
                    bx.add((c.low() + c.high()) / 2);
                    by.add(c.mean());
                    blo.add(c.mean() - c.std());
                    bhi.add(c.mean() + c.std());
                }
            }
            bandJson.put(a, cj);
            bandPlot.band(label, unbox(bx), unbox(by), unbox(blo), unbox(bhi));
        }
        if (s.threshold() != null && longest > 0) {
            double[] t = new double[longest];
            Arrays.fill(t, s.threshold());
            reward.line("solve threshold " + num(s.threshold()), xValues(grid, longest), t);
        }
        if (!stoppedAt.isEmpty()) {
            reward.points(stoppedAt.size() + (stoppedAt.size() == 1 ? " run" : " runs") + " stopped when solved (its last point)",
                    stoppedAt.stream().mapToDouble(p -> p[0]).toArray(), stoppedAt.stream().mapToDouble(p -> p[1]).toArray());
        }
        json.put("logvar_at_matched_return", bandJson);

        md.append("\n## Gradient log-variance at matched performance\n\n")
                .append("Episodes grouped by the mean return of their last 100 episodes into ").append(s.returnBands())
                .append(" equal bands shared by all algorithms; per band, each run's mean `grad_logvar` there, then mean ± std over runs (n runs). ")
                .append("Runs left out of the curves are left out here too. `grad_logvar` is the training-time EMA estimate ")
                .append("(it mixes episodes of different lengths and policies; `kfrelax variance` measures at fixed policies).\n\n");
        if (edges == null) {
            md.append("No run kept in the curves has a gradient log-variance.\n");
        } else {
            md.append("| mean return (100) |");
            for (String a : cellsByAlgo.keySet()) {
                md.append(' ').append(a).append(" |");
            }
            md.append("\n|---|");
            md.append("---|".repeat(cellsByAlgo.size()));
            md.append('\n');
            for (int b = 0; b < edges.length - 1; b++) {
                md.append("| ").append(fmt1(edges[b])).append(" – ").append(fmt1(edges[b + 1])).append(" |");
                for (List<ReturnBands.Cell> cells : cellsByAlgo.values()) {
                    ReturnBands.Cell c = cells.get(b);
                    md.append(' ').append(c.runs() == 0 ? "—" : fmt2(c.mean()) + " ± " + fmt2(c.std()) + " (" + c.runs() + ")").append(" |");
                }
                md.append('\n');
            }
        }

        md.append("\n## Runs left out of the curves\n\n")
                .append("Diverged: ended by numerical failure (a NaN/Inf policy output, gradient or step, or K-FAC updates skipped too "
                        + "often in a row; the run's summary.json has the reason). Collapsed: ended unsolved (last-100 mean return below the threshold) with ")
                .append("the last ").append(RunHealth.WINDOW).append(" returns all equal, or with the log-variance's median over the last ")
                .append(RunHealth.WINDOW).append(" episodes at least ").append(num(RunHealth.VARIANCE_DROP))
                .append(" below the run's maximum. They stay in the episodes-to-solve statistics above (as unsolved, unless solved first).\n\n");
        boolean any = false;
        for (Run r : runs) {
            RunHealth h = health.get(r);
            if (!h.ok()) {
                if (!any) {
                    md.append("| algo | seed | kind | why |\n|---|---|---|---|\n");
                    any = true;
                }
                md.append("| ").append(r.algo()).append(" | ").append(r.seed()).append(" | ")
                        .append(h.kind().label()).append(" | ").append(h.reason().replace('|', '/')).append(" |\n");
            }
        }
        if (!any) {
            md.append("None.\n");
        }
        md.append("\nCurves (reward.png, logvar.png) average fewer runs towards the end when runs stop at the solve criterion; "
                + "reward.png marks the last point of each run that stopped.\n");

        AtomicFiles.writeString(dir.resolve("compare.md"), md.toString());
        Json.write(dir.resolve("compare.json"), json);
        reward.save(dir.resolve("reward.png"));
        logvar.save(dir.resolve("logvar.png"));
        bandPlot.save(dir.resolve("logvar_bands.png"));
        return md.toString();
    }

    static Map<String, Object> intervalJson(Interval i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", i.estimate());
        m.put("ci_low", i.low());
        m.put("ci_high", i.high());
        return m;
    }

    static String budgetText(Budget b) {
        List<String> parts = new ArrayList<>();
        if (b.maxEpisodes() > 0) {
            parts.add(b.maxEpisodes() + " episodes");
        }
        if (b.maxSteps() > 0) {
            parts.add(b.maxSteps() + " steps");
        }
        return String.join(" or ", parts);
    }

    private static String capitalize(String t) {
        return Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }

    /** The first n x values of the curves: episodes 1..n, or the step grid's first n points. */
    private static double[] xValues(StepGrid grid, int n) {
        return grid == null ? xs(n) : grid.head(n);
    }

    private static double[] xs(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    private static double[] unbox(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static String interval1(Interval i) {
        return fmt1(i.estimate()) + " [" + fmt1(i.low()) + ", " + fmt1(i.high()) + "]";
    }

    static String interval2(Interval i) {
        return fmt2(i.estimate()) + " [" + fmt2(i.low()) + ", " + fmt2(i.high()) + "]";
    }

    /** A number as short as it is exact: 195 rather than 195.0, else up to 4 decimals. */
    static String num(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.format(Locale.ROOT, "%.0f", x)
                : String.format(Locale.ROOT, "%.4g", x);
    }

    static String fmt1(double x) {
        return String.format(Locale.ROOT, "%.1f", x);
    }

    static String fmt2(double x) {
        return String.format(Locale.ROOT, "%.2f", x);
    }
}
