package org.kfrelax.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kfrelax.experiments.SolveStatistics;
import org.kfrelax.plot.LinePlot;
import org.kfrelax.rl.Budget;
import org.kfrelax.stats.InterquartileMean;
import org.kfrelax.stats.Interval;
import org.kfrelax.stats.MeanStd;
import org.kfrelax.stats.StratifiedBootstrap;

import static org.kfrelax.cli.CompareReport.budgetText;
import static org.kfrelax.cli.CompareReport.fmt1;
import static org.kfrelax.cli.CompareReport.interval1;
import static org.kfrelax.cli.CompareReport.interval2;
import static org.kfrelax.cli.CompareReport.intervalJson;
import static org.kfrelax.cli.CompareReport.num;

/**
 * The sweep's protocol and report: every configuration's statistics on the development seeds
 * ({@link SolveStatistics} for episodes to solve; the final mean return's mean ± std and IQM), the
 * choice of one configuration per algorithm <em>on the development seeds only</em> by the stated
 * statistic ({@link Select}), and sweep.md, sweep.json and sweep.png/svg with the full grid, the
 * chosen settings and their results on fresh seeds with bootstrap intervals.
 */
final class SweepReport {
    /** Files the report writes. */
    static final String[] FILES = {"sweep.md", "sweep.json", "sweep.png", "sweep.svg"};

    private SweepReport() {}

    /** The statistic that picks a configuration. */
    enum Select {
        /**
         * Lowest IQM of episodes to solve over the development seeds, an unsolved run counted as
         * the budget ({@link SolveStatistics}); ties: higher solve rate, then higher IQM of the final
         * mean return, then the earlier configuration.
         */
        IQM_EPISODES("iqm-episodes"),
        /**
         * Highest IQM over the development seeds of each run's final mean return (its last 100
         * episodes); ties: higher solve rate, then the earlier configuration.
         */
        FINAL_RETURN("final-return");

        final String label;

        Select(String label) {
            this.label = label;
        }

        static Select parse(String s) {
            for (Select v : values()) {
                if (v.label.equals(s)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("--select must be iqm-episodes or final-return, got '" + s + "'");
        }
    }

    /** One run's outcome as the statistics need it. */
    record Run(long seed, Long episodesToSolve, Double finalMeanReturn, long episodes, boolean diverged) {
        static Run of(long seed, Map<String, Object> summary) {
            Object e = summary.get("episodes_to_solve");
            Object f = summary.get("final_mean_return_100");
            return new Run(seed, e == null ? null : ((Number) e).longValue(), f == null ? null : ((Number) f).doubleValue(),
                    ((Number) summary.get("episodes")).longValue(), Boolean.TRUE.equals(summary.get("diverged")));
        }
    }

    /** One configuration's runs on one set of seeds, and their statistics. */
    record Stats(String configId, String algo, int index, Map<String, Object> values, List<Run> runs,
                 SolveStatistics.Summary solve, MeanStd finalMeanStd, Interval finalIqm) {
        /** The runs' statistics; {@code censorAt}: what an unsolved run counts as. */
        static Stats of(String configId, String algo, int index, Map<String, Object> values, List<Run> runs, double censorAt,
                        StratifiedBootstrap boot) {
            List<Long> eps = new ArrayList<>();
            List<Double> finals = new ArrayList<>();
            for (Run r : runs) {
                eps.add(r.episodesToSolve());
                if (r.finalMeanReturn() != null) {   // null: diverged before its first episode ended
                    finals.add(r.finalMeanReturn());
                }
            }
            double[] f = finals.stream().mapToDouble(Double::doubleValue).toArray();
            SolveStatistics.Summary solve = SolveStatistics.of(eps, censorAt, boot);
            MeanStd ms = f.length == 0 ? null : MeanStd.of(f);
            Interval iqm = f.length == 0 ? null : boot.interval(new double[][] {f}, InterquartileMean::of);
            return new Stats(configId, algo, index, values, runs, solve, ms, iqm);
        }

        int diverged() {
            return (int) runs.stream().filter(Run::diverged).count();
        }
    }

    /**
     * The configuration chosen for each algorithm among {@code dev} (development-seed statistics
     * only: fresh seeds never enter), by {@code select}.
     */
    static Map<String, Stats> choose(List<Stats> dev, Select select) {
        Map<String, Stats> chosen = new LinkedHashMap<>();
        for (Map.Entry<String, List<Stats>> e : ranked(dev, select).entrySet()) {
            chosen.put(e.getKey(), e.getValue().get(0));
        }
        return chosen;
    }

    /** Each algorithm's configurations, best first by {@code select} (ties: the earlier configuration). */
    static Map<String, List<Stats>> ranked(List<Stats> dev, Select select) {
        Comparator<Stats> better = switch (select) {
            case IQM_EPISODES -> Comparator.comparingDouble((Stats s) -> s.solve().iqm().estimate())
                    .thenComparing(Comparator.comparingDouble((Stats s) -> s.solve().solveRate().estimate()).reversed())
                    .thenComparing(Comparator.comparingDouble((Stats s) -> finalIqm(s)).reversed());
            case FINAL_RETURN -> Comparator.comparingDouble((Stats s) -> finalIqm(s)).reversed()
                    .thenComparing(Comparator.comparingDouble((Stats s) -> s.solve().solveRate().estimate()).reversed());
        };
        Comparator<Stats> order = better.thenComparingInt(Stats::index);
        Map<String, List<Stats>> byAlgo = new LinkedHashMap<>();
        for (Stats s : dev) {
            byAlgo.computeIfAbsent(s.algo(), a -> new ArrayList<>()).add(s);
        }
        byAlgo.values().forEach(l -> l.sort(order));
        return byAlgo;
    }

    private static double finalIqm(Stats s) {
        return s.finalIqm() == null ? Double.NEGATIVE_INFINITY : s.finalIqm().estimate();
    }

    /**
     * The sweep's setting, as the report states it.
     *
     * @param freshSeeds 0: no fresh phase
     * @param pruneAfter null: every configuration ran on every development seed; else the
     *     development seeds after which the worse half of each algorithm's configurations stopped
     */
    record Setting(String envId, List<String> algos, long firstSeed, int seeds, long freshFirstSeed, int freshSeeds,
                   Budget budget, Double threshold, boolean stopWhenSolved, Select select, StratifiedBootstrap bootstrap,
                   String engine, Integer pruneAfter) {}

    /** Writes the report's files into {@code dir}; returns sweep.md's text. */
    static String write(Path dir, Setting s, List<Stats> dev, Map<String, Stats> chosen, Map<String, Stats> fresh)
            throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Sweep on ").append(s.envId()).append(": ").append(String.join(", ", s.algos())).append("\n\n")
                .append(dev.size()).append(" configurations × ").append(s.seeds()).append(" development seeds (")
                .append(range(s.firstSeed(), s.seeds())).append(")");
        if (s.freshSeeds() > 0) {
            md.append("; the chosen configuration of each algorithm re-run on ").append(s.freshSeeds())
                    .append(" fresh seeds (").append(range(s.freshFirstSeed(), s.freshSeeds())).append(")");
        }
        md.append(". Budget ").append(budgetText(s.budget())).append(" per run; ")
                .append(s.threshold() == null ? "no solve threshold" : "solve threshold " + num(s.threshold())
                        + " (mean return of the last 100 episodes)")
                .append("; runs stop when solved: ").append(s.stopWhenSolved() ? "yes" : "no").append(".\n\n")
                .append("Chosen on the development seeds only, by ").append(selectText(s.select())).append(".");
        if (s.pruneAfter() != null) {
            md.append(" Early stopping by seeds: every configuration ran on the first ").append(s.pruneAfter())
                    .append(" development seeds; only the better half of each algorithm's configurations by the same rule ")
                    .append("ran on the others, and the choice is among them (the rows marked pruned have ")
                    .append(s.pruneAfter()).append(" runs).");
        }
        md.append("\n\n");

        md.append("## Chosen settings: development seeds vs fresh seeds\n\n")
                .append("The development-seed numbers of a chosen setting are biased upwards by the choice (the best of ")
                .append("several); the fresh-seed numbers are not, and are the ones to report.")
                .append(s.freshSeeds() > 0 ? "\n\n" : " **No fresh seeds were run (--fresh-seeds 0): the numbers below are "
                        + "selected on the seeds they are measured on; do not report them as the settings' performance.**\n\n")
                .append("| algo | configuration | seeds | solved | solve rate [95 % CI] | IQM episodes to solve [95 % CI] | ")
                .append("mean ± std (solved) | final mean return, mean ± std | its IQM [95 % CI] |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        Map<String, Object> chosenJson = new LinkedHashMap<>();
        for (String a : s.algos()) {
            Stats c = chosen.get(a);
            if (c == null) {
                continue;
            }
            md.append(row(a, c.configId() + " " + valuesText(c.values()), "dev " + range(s.firstSeed(), s.seeds()), c));
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("config_id", c.configId());
            j.put("values", c.values());
            j.put("dev", statsJson(c));
            Stats f = fresh.get(a);
            if (f != null) {
                md.append(row(a, c.configId(), "fresh " + range(s.freshFirstSeed(), s.freshSeeds()), f));
                j.put("fresh", statsJson(f));
            }
            chosenJson.put(a, j);
        }

        md.append("\n## Every configuration on the development seeds\n\n");
        Map<String, Object> gridJson = new LinkedHashMap<>();
        for (String a : s.algos()) {
            md.append("### ").append(a).append("\n\n")
                    .append("| configuration | setting | solved | solve rate [95 % CI] | IQM episodes to solve [95 % CI] | ")
                    .append("mean ± std (solved) | final mean return, mean ± std | its IQM [95 % CI] | diverged |\n")
                    .append("|---|---|---|---|---|---|---|---|---|\n");
            List<Object> rows = new ArrayList<>();
            for (Stats c : dev) {
                if (!c.algo().equals(a)) {
                    continue;
                }
                boolean picked = chosen.get(a) == c;
                boolean pruned = s.pruneAfter() != null && c.runs().size() < s.seeds();
                md.append("| ").append(picked ? "**" + c.configId() + "** (chosen)" : pruned ? c.configId() + " (pruned)"
                                : c.configId()).append(" | ")
                        .append(valuesText(c.values())).append(" | ").append(cells(c)).append(" | ").append(c.diverged())
                        .append(" |\n");
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("config_id", c.configId());
                j.put("values", c.values());
                j.put("chosen", picked);
                j.put("pruned", pruned);
                j.putAll(statsJson(c));
                rows.add(j);
            }
            gridJson.put(a, rows);
            md.append('\n');
        }
        md.append("Solve rate: solved runs / runs. IQM of episodes to solve: interquartile mean over all runs, an unsolved ")
                .append("run counted as the budget (").append(dev.isEmpty() ? "" : num(dev.get(0).solve().censoredAt()))
                .append(" episodes; exact while at most ⌊n/4⌋ runs are unsolved, a lower bound beyond). ")
                .append("Mean ± std over the solved runs only. Final mean return: each run's mean return over its last 100 ")
                .append("episodes. 95 % CIs: stratified percentile bootstrap, ").append(s.bootstrap().resamples())
                .append(" resamples, seed ").append(s.bootstrap().seed()).append(" (Agarwal et al., NeurIPS 2021). ")
                .append("Every trial (settings, status, timings, summary, episodes) is in sweep.db.\n");

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("env", s.envId());
        json.put("algos", s.algos());
        json.put("dev_seeds", seedsJson(s.firstSeed(), s.seeds()));
        json.put("fresh_seeds", s.freshSeeds() == 0 ? null : seedsJson(s.freshFirstSeed(), s.freshSeeds()));
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("max_episodes", s.budget().maxEpisodes());
        budget.put("max_steps", s.budget().maxSteps());
        json.put("budget", budget);
        json.put("solve_threshold", s.threshold());
        json.put("stop_when_solved", s.stopWhenSolved());
        json.put("select", s.select().label);
        json.put("select_rule", selectText(s.select()));
        json.put("prune_after_seeds", s.pruneAfter());
        Map<String, Object> boot = new LinkedHashMap<>();
        boot.put("method", "stratified bootstrap, percentile interval");
        boot.put("resamples", s.bootstrap().resamples());
        boot.put("seed", s.bootstrap().seed());
        boot.put("confidence", s.bootstrap().confidence());
        json.put("bootstrap", boot);
        json.put("engine", s.engine());
        json.put("chosen", chosenJson);
        json.put("configurations", gridJson);

        AtomicFiles.writeString(dir.resolve("sweep.md"), md.toString());
        Json.write(dir.resolve("sweep.json"), json);
        plot(s, dev, chosen, fresh).save(dir.resolve("sweep.png"));
        return md.toString();
    }

    /**
     * sweep.png: per algorithm, the selection statistic of every configuration on the development
     * seeds with its 95 % interval (a line over the configuration numbers, a shaded band), and the
     * chosen configuration's value on the fresh seeds with its interval (a short bar and box at its
     * number).
     */
    private static LinePlot plot(Setting s, List<Stats> dev, Map<String, Stats> chosen, Map<String, Stats> fresh) {
        boolean episodes = s.select() == Select.IQM_EPISODES;
        LinePlot p = new LinePlot(s.envId() + ": " + (episodes ? "IQM of episodes to solve" : "IQM of the final mean return")
                + " per configuration on " + s.seeds() + " dev seeds; the chosen ones on " + s.freshSeeds() + " fresh seeds", "configuration number (per algorithm)",
                episodes ? "IQM episodes to solve (95 % CI)" : "IQM final mean return (95 % CI)");
        for (String a : s.algos()) {
            List<Stats> cs = dev.stream().filter(c -> c.algo().equals(a)).toList();
            int n = cs.size();
            double[] x = new double[n];
            double[] y = new double[n];
            double[] lo = new double[n];
            double[] hi = new double[n];
            int k = 0;
            for (Stats c : cs) {
                Interval i = statistic(c, episodes);
                x[k] = c.index();
                y[k] = i.estimate();
                lo[k] = i.low();
                hi[k] = i.high();
                k++;
            }
            if (n == 1) {   // one configuration: a short bar, so that it shows
                x = new double[] {x[0] - 0.2, x[0] + 0.2};
                y = new double[] {y[0], y[0]};
                lo = new double[] {lo[0], lo[0]};
                hi = new double[] {hi[0], hi[0]};
            }
            p.band(a + ", dev seeds", x, y, lo, hi);
            Stats f = fresh.get(a);
            if (f != null) {
                Interval i = statistic(f, episodes);
                double c = chosen.get(a).index();
                p.band(a + ", chosen " + chosen.get(a).configId() + " on fresh seeds", new double[] {c - 0.25, c + 0.25},
                        new double[] {i.estimate(), i.estimate()}, new double[] {i.low(), i.low()},
                        new double[] {i.high(), i.high()});
            }
        }
        return p;
    }

    private static Interval statistic(Stats c, boolean episodes) {
        if (episodes) {
            return c.solve().iqm();
        }
        return c.finalIqm() == null ? new Interval(0, 0, 0) : c.finalIqm();
    }

    private static String row(String algo, String config, String seeds, Stats c) {
        return "| " + algo + " | " + config + " | " + seeds + " | " + cells(c) + " |\n";
    }

    private static String cells(Stats c) {
        SolveStatistics.Summary st = c.solve();
        return st.solved() + "/" + st.runs() + " | " + interval2(st.solveRate()) + " | " + interval1(st.iqm()) + " | "
                + (st.solvedMeanStd() == null ? "—" : fmt1(st.solvedMeanStd().mean()) + " ± " + fmt1(st.solvedMeanStd().std()))
                + " | " + (c.finalMeanStd() == null ? "—" : fmt1(c.finalMeanStd().mean()) + " ± " + fmt1(c.finalMeanStd().std()))
                + " | " + (c.finalIqm() == null ? "—" : interval1(c.finalIqm()));
    }

    private static Map<String, Object> statsJson(Stats c) {
        SolveStatistics.Summary st = c.solve();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("seeds", c.runs().stream().map(Run::seed).toList());
        j.put("runs", st.runs());
        j.put("solved", st.solved());
        j.put("diverged", c.diverged());
        j.put("solve_rate", intervalJson(st.solveRate()));
        j.put("episodes_to_solve_iqm", intervalJson(st.iqm()));
        j.put("episodes_to_solve_of_solved_runs", st.solvedMeanStd() == null ? null
                : Map.of("mean", st.solvedMeanStd().mean(), "std", st.solvedMeanStd().std()));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("mean", c.finalMeanStd() == null ? null : c.finalMeanStd().mean());
        f.put("std", c.finalMeanStd() == null ? null : c.finalMeanStd().std());
        f.put("iqm", c.finalIqm() == null ? null : intervalJson(c.finalIqm()));
        j.put("final_mean_return_100", f);
        return j;
    }

    private static Map<String, Object> seedsJson(long first, int n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("first", first);
        m.put("count", n);
        return m;
    }

    private static String selectText(Select s) {
        return switch (s) {
            case IQM_EPISODES -> "the lowest IQM of episodes to solve (unsolved runs counted as the budget); ties by the"
                    + " higher solve rate, then the higher IQM of the final mean return";
            case FINAL_RETURN -> "the highest IQM of the final mean return (last 100 episodes); ties by the higher solve rate";
        };
    }

    static String valuesText(Map<String, Object> values) {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k + "=" + (v instanceof List<?> l ? l.toString().replace(" ", "") : v)));
        return parts.isEmpty() ? "(defaults)" : String.join(", ", parts);
    }

    private static String range(long first, int n) {
        return first + ".." + (first + n - 1);
    }
}
