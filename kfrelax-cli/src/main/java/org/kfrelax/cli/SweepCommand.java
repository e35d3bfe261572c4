package org.kfrelax.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kfrelax.cli.sweep.EngineSettings;
import org.kfrelax.cli.sweep.Engines;
import org.kfrelax.cli.sweep.SweepEngine;
import org.kfrelax.cli.sweep.TrialListener;
import org.kfrelax.cli.sweep.TrialResult;
import org.kfrelax.cli.sweep.TrialSpec;
import org.kfrelax.experiments.SolveStatistics;
import org.kfrelax.rl.AgentConfig;
import org.kfrelax.rl.Budget;
import org.kfrelax.stats.StratifiedBootstrap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kfrelax sweep}: a search over hyperparameters × seeds, each trial a {@code train} run
 * in its own directory under {@code --out}/trials, run by an engine ({@code --engine local}
 * threads by default; others found through {@link Engines}).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Search hyperparameters over seeds: a grid (--grid KEY=V1,V2), random samples (--random KEY=DIST"
                + " --samples N) or a sweep file (--space FILE); each trial is a train run in its own directory under"
                + " --out/trials/<algo>/c<k>/seed-<s>.",
                "",
                "Protocol: every configuration runs on the development seeds (--first-seed, --seeds); each algorithm's"
                + " best configuration by --select, judged on those seeds only, then runs on --fresh-seeds fresh seeds"
                + " (not overlapping), and the report gives both: the fresh-seed numbers are the ones to report.",
                "",
                "Output: sweep.db (SQLite; tables trials, episodes, sweep; open it with Python's sqlite3 or"
                + " pandas.read_sql), sweep.md and sweep.json (every configuration's solve rate, IQM of episodes to solve"
                + " and of the final mean return with bootstrap 95 %% CIs; the chosen settings on dev and fresh seeds),"
                + " sweep.png/svg (the grid, the choice and its fresh-seed result).",
                "",
                "Resume: each trial's result is stored when it ends, so a killed or interrupted (Ctrl-C) sweep loses at"
                + " most the trials in flight; rerun with the same arguments and --resume to run only what is missing.",
                "",
                "Engines: --engine local (threads on this machine, the default); --engine spark (--master local[N] or"
                + " spark://HOST:PORT), from the optional kfrelax-spark module, which ./kfrelax builds and puts on the"
                + " class path when --engine spark is given. Every trial is single-threaded and seeded: the same"
                + " results on every engine.",
                ""})
public final class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--env", paramLabel = "ID", description = "Environment id, e.g. CartPole-v0 (required, here or as env in --config).")
    String envId;

    @Option(names = "--algos", split = ",", paramLabel = "A,B",
            description = "Algorithms to sweep, e.g. relax,kf-relax (default: those with a section in --space).")
    List<String> algos;

    @Option(names = "--grid", paramLabel = "KEY=V1,V2",
            description = "A grid key and its values (repeatable; all combinations are run), e.g. --grid lr=0.01,0.003"
                    + " --grid kfac-damping=0.01,0.1; list values in brackets: --grid hidden=[10,10],[32,32].")
    List<String> grids = new ArrayList<>();

    @Option(names = "--random", paramLabel = "KEY=DIST",
            description = "A key drawn --samples times by the seeded sampler (repeatable): uniform:LO:HI,"
                    + " loguniform:LO:HI, int:LO:HI or choice:A,B,C, e.g. --random lr=loguniform:1e-4:1e-2.")
    List<String> randoms = new ArrayList<>();

    @Option(names = "--samples", paramLabel = "N", description = "Random samples per grid point (default 1, or samples in --space).")
    Integer samples;

    @Option(names = "--space", paramLabel = "FILE",
            description = "Sweep file (YAML or JSON): grid, random, fixed, samples, and a section per algorithm with its"
                    + " own grid/random/fixed; --grid and --random win over it.")
    Path spaceFile;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the random-search sampler (default: ${DEFAULT-VALUE}); trials use --first-seed ...")
    long samplerSeed;

    @Option(names = "--seeds", defaultValue = "5", paramLabel = "K",
            description = "Development seeds S..S+K-1 per configuration, S = --first-seed (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--first-seed", defaultValue = "0", paramLabel = "S", description = "First development seed (default: ${DEFAULT-VALUE}).")
    long firstSeed;

    @Mixin
    RunLengthOptions length;

    @Option(names = "--engine", defaultValue = "local", paramLabel = "NAME",
            description = "Where trials run: local (threads here, default) or spark (optional module kfrelax-spark).")
    String engine;

    @Option(names = "--threads", paramLabel = "N", description = "Trials at a time (local engine; default: the available cores).")
    Integer threads;

    @Option(names = "--master", paramLabel = "URL", description = "Cluster engines: the master, e.g. local[*] or spark://host:7077.")
    String master;

    @Option(names = "--engine-conf", paramLabel = "KEY=VALUE", description = "Cluster engines: a setting passed to the engine (repeatable).")
    Map<String, String> engineConf = new LinkedHashMap<>();

    @Option(names = "--fresh-seeds", defaultValue = "10", paramLabel = "K",
            description = "Fresh seeds on which each algorithm's chosen configuration is re-run and reported"
                    + " (default: ${DEFAULT-VALUE}; 0: no fresh phase, and the report says the numbers are selected).")
    int freshSeeds;

    @Option(names = "--fresh-first-seed", paramLabel = "S",
            description = "First fresh seed (default: right after the development seeds, --first-seed + --seeds);"
                    + " the fresh seeds must not overlap the development seeds.")
    Long freshFirstSeed;

    @Option(names = "--select", paramLabel = "STAT",
            description = "How the development seeds pick a configuration per algorithm: iqm-episodes (lowest IQM of"
                    + " episodes to solve, unsolved runs counted as the budget; ties: higher solve rate) or"
                    + " final-return (highest IQM of the final mean return of the last 100 episodes)."
                    + " Default: iqm-episodes when the task has a solve threshold, else final-return.")
    String select;

    @Option(names = "--prune-after", paramLabel = "K",
            description = "Early stopping by seeds (successive halving with seeds as the resource): run every"
                    + " configuration on the first K development seeds, then only the better half of each algorithm's"
                    + " configurations (by --select on those K seeds) on the other seeds; the choice is among those."
                    + " 1 <= K < --seeds. Default: off, every configuration on every seed.")
    Integer pruneAfter;

    @Option(names = "--bootstrap-resamples", defaultValue = "" + StratifiedBootstrap.DEFAULT_RESAMPLES, paramLabel = "R",
            description = "Resamples of the stratified bootstrap behind the 95 %% intervals (default: ${DEFAULT-VALUE}; seed 0).")
    int bootstrapResamples;

    @Option(names = "--resume", description = "Continue the sweep in --out, given the arguments it was started with:"
            + " trials stored as complete or diverged are kept, missing, failed and interrupted ones run (interrupted"
            + " ones from their checkpoints); then the fresh phase and the report as by an uninterrupted sweep.")
    boolean resume;

    @Mixin
    HyperparameterOptions hyper;

    @Mixin
    TensorBoardOption tensorboard;

    @Mixin
    OutputOptions output;

    /** What the sweep writes into --out. */
    static final String[] FILES = files();

    private static String[] files() {
        List<String> f = new ArrayList<>(List.of(SweepStore.FILE, "trials/"));
        f.addAll(List.of(SweepReport.FILES));
        return f.toArray(new String[0]);
    }

    final StopRequest stopRequest = new StopRequest();

    /**
     * Test hook: called with the number of results stored so far after each one, on the thread
     * that reported it (tests stop the sweep here as a signal would, or as a kill would by
     * throwing an {@link Error} past everything).
     */
    java.util.function.IntConsumer afterStored = n -> { };

    @Override
    public Integer call() throws Exception {
        CountChecks.seeds(seeds, firstSeed, "--first-seed");
        if (freshSeeds < 0 || freshSeeds > 1000) {
            throw new IllegalArgumentException("--fresh-seeds must be in 0..1000, got " + freshSeeds);
        }
        long fresh0 = freshFirstSeed != null ? freshFirstSeed : firstSeed + seeds;
        if (fresh0 < 0 || fresh0 > Long.MAX_VALUE - Math.max(freshSeeds, 1) + 1) {
            throw new IllegalArgumentException("--fresh-first-seed must be a non-negative integer with room for the "
                    + freshSeeds + " fresh seeds, got " + fresh0);
        }
        if (freshSeeds > 0 && fresh0 < firstSeed + seeds && firstSeed < fresh0 + freshSeeds) {
            throw new IllegalArgumentException("the fresh seeds " + fresh0 + ".." + (fresh0 + freshSeeds - 1)
                    + " overlap the development seeds " + firstSeed + ".." + (firstSeed + seeds - 1)
                    + "; a setting must be reported on seeds it was not chosen on");
        }
        CountChecks.bootstrapResamples(bootstrapResamples);
        if (pruneAfter != null && (pruneAfter < 1 || pruneAfter >= seeds)) {
            throw new IllegalArgumentException("--prune-after must be in 1.." + (seeds - 1) + " (fewer than --seeds " + seeds
                    + "), got " + pruneAfter);
        }
        ConfigFile file = hyper.file();
        envId = TrainCommand.required("--env", envId, file, "env");
        if (file.run().containsKey("seed") || file.run().containsKey("algo")) {
            throw file.error("sweep takes its algorithms from --algos and its seeds from --first-seed/--seeds;"
                    + " remove algo and seed from the file");
        }
        length.fill(file);
        SweepSpace space = SweepSpace.of(spaceFile, grids, randoms, samples, samplerSeed);
        List<String> names = algoNames(space);
        Budget budget = length.budget();
        Double threshold = length.threshold(envId);
        boolean stop = length.stop(envId);
        if (stop && threshold == null) {
            throw new IllegalArgumentException(envId + " has no solve threshold; give --solve-at R to use --stop-when-solved");
        }
        SweepReport.Select how = select != null ? SweepReport.Select.parse(select)
                : threshold != null ? SweepReport.Select.IQM_EPISODES : SweepReport.Select.FINAL_RETURN;
        if (how == SweepReport.Select.IQM_EPISODES && threshold == null) {
            throw new IllegalArgumentException("--select iqm-episodes needs a solve threshold; " + envId
                    + " has none: give --solve-at R or use --select final-return");
        }
        int nThreads = CountChecks.threads(threads);
        SweepEngine eng = Engines.find(engine);
        EngineSettings engineSettings = new EngineSettings(nThreads, master, engineConf);
        List<Config> configs = configs(space, names);
        if (resume && (output.out() == null || !Files.isDirectory(output.out()))) {
            throw new IllegalArgumentException("--resume needs --out DIR, the directory of the sweep to continue");
        }
        if (!resume && !output.force() && output.out() != null && Files.exists(output.out().resolve(SweepStore.FILE))) {
            throw new IllegalArgumentException("--out " + output.out() + " holds a sweep (" + SweepStore.FILE
                    + "); continue it with the same arguments and --resume, or start over with --force");
        }
        Map<String, Object> settings = settings(names, configs, budget, threshold, stop, fresh0, how);
        Map<String, Object> columns = new LinkedHashMap<>();
        for (Config c : configs) {
            c.values().forEach(columns::putIfAbsent);
        }
        SweepReport.Setting setting = new SweepReport.Setting(envId, names, firstSeed, seeds, fresh0, freshSeeds, budget,
                threshold, stop, how, new StratifiedBootstrap(0, bootstrapResamples, 0.95), engine, pruneAfter);
        SweepStore.checkDriver();   // a driver that cannot load fails here, before --out is created or marked
        try (RunLock lock = resume ? RunLock.acquire(output.out()) : output.open("sweep", FILES);
             AutoCloseable signals = stopRequest.onSignals()) {
            Path dir = lock.dir().toAbsolutePath();
            // a new sweep replaces an old one's results whole (--force); a resumed one only its report
            RunMarker.begin(dir, resume ? SweepReport.FILES : FILES);
            try (SweepStore store = SweepStore.open(dir, settings, columns, SweepCommand::upgradeStored)) {
                if (resume) {
                    String v = store.version();
                    if (!VersionCommand.version().equals(v)) {
                        spec.commandLine().getErr().println("kfrelax sweep: warning: the sweep was started by kfrelax " + v
                                + ", this is " + VersionCommand.version() + "; its stored trials are kept as they are");
                    }
                }
                Integer code = run(dir, store, eng, engineSettings, configs, budget, stop, threshold, fresh0, setting);
                if (code != null) {
                    return code;
                }
            }
            RunMarker.finish(dir);
        }
        return 0;
    }

    /** Both phases and the report; null when done, else the exit code (stopped, or trials failed). */
    private Integer run(Path dir, SweepStore store, SweepEngine eng, EngineSettings engineSettings, List<Config> configs,
                        Budget budget, boolean stop, Double threshold, long fresh0, SweepReport.Setting setting)
            throws Exception {
        // with --prune-after K: the first K seeds of every configuration, then the rest for the better half
        int first = pruneAfter == null ? seeds : pruneAfter;
        Integer code = phase("dev", planned(dir, configs, firstSeed, first, budget, stop, threshold), store, eng,
                engineSettings);
        if (code != null) {
            return code;
        }
        List<Config> survivors = configs;
        if (pruneAfter != null) {
            List<String> kept = new ArrayList<>();
            for (List<SweepReport.Stats> ranked : SweepReport.ranked(stats(store.read("dev"), configs, budget),
                    setting.select()).values()) {
                for (int i = 0; i < (ranked.size() + 1) / 2; i++) {
                    kept.add(ranked.get(i).configId());
                }
            }
            survivors = configs.stream().filter(c -> kept.contains(c.id())).toList();
            code = phase("dev", planned(dir, survivors, firstSeed + first, seeds - first, budget, stop, threshold), store,
                    eng, engineSettings);
            if (code != null) {
                return code;
            }
        }
        List<SweepReport.Stats> devStats = stats(store.read("dev"), configs, budget);
        List<String> survivorIds = survivors.stream().map(Config::id).toList();
        List<SweepReport.Stats> candidates = devStats.stream().filter(x -> survivorIds.contains(x.configId())).toList();
        Map<String, SweepReport.Stats> chosen = SweepReport.choose(candidates, setting.select());
        Map<String, SweepReport.Stats> freshStats = new LinkedHashMap<>();
        if (freshSeeds > 0) {
            List<Config> picked = new ArrayList<>();
            for (SweepReport.Stats c : chosen.values()) {
                picked.add(configs.stream().filter(x -> x.id().equals(c.configId())).findFirst().orElseThrow());
            }
            code = phase("fresh", planned(dir, picked, fresh0, freshSeeds, budget, stop, threshold), store, eng,
                    engineSettings);
            if (code != null) {
                return code;
            }
            for (SweepReport.Stats s : stats(store.read("fresh"), picked, budget)) {
                freshStats.put(s.algo(), s);
            }
        }
        String md = SweepReport.write(dir, setting, devStats, chosen, freshStats);
        var out = spec.commandLine().getOut();
        out.print(md);
        out.println("wrote " + dir.resolve(SweepStore.FILE) + ", sweep.md, sweep.json, sweep.png; trials in " + dir.resolve("trials"));
        out.flush();
        return null;
    }

    /** The trials of {@code configs} with the seeds {@code from}..{@code from + n - 1}. */
    private List<SweepStore.Planned> planned(Path dir, List<Config> configs, long from, int n, Budget budget, boolean stop,
                                             Double threshold) {
        List<SweepStore.Planned> out = new ArrayList<>();
        for (Config c : configs) {
            for (long s = from; s - from < n; s++) {
                out.add(new SweepStore.Planned(trial(dir, c, s, budget, stop, threshold), c.id(), c.values()));
            }
        }
        return out;
    }

    /**
     * Plans the phase's trials in the store and runs those not done; null when every one is done,
     * else the exit code.
     */
    private Integer phase(String phase, List<SweepStore.Planned> planned, SweepStore store, SweepEngine eng,
                          EngineSettings engineSettings) throws Exception {
        store.plan(phase, planned);
        java.util.Set<String> done = new java.util.HashSet<>(store.done());
        List<TrialSpec> todo = new ArrayList<>();
        for (SweepStore.Planned p : planned) {
            if (!done.contains(p.spec().id())) {
                todo.add(p.spec());
            }
        }
        var err = spec.commandLine().getErr();
        if (todo.size() < planned.size()) {
            err.println("kfrelax sweep: " + phase + " phase: " + (planned.size() - todo.size()) + " of " + planned.size()
                    + " trials already done, running " + todo.size());
            err.flush();
        }
        if (!todo.isEmpty()) {
            // the costliest first, so that the threads finish together
            List<String> algosOfTodo = todo.stream().map(TrialSpec::algo).toList();
            Map<String, AgentConfig> byAlgo = new LinkedHashMap<>();
            for (TrialSpec t : todo) {
                byAlgo.putIfAbsent(t.algo(), AgentConfig.fromStored(t.config()));
            }
            List<TrialSpec> ordered = new ArrayList<>();
            for (int i : CompareCommand.longestFirst(algosOfTodo, byAlgo)) {
                ordered.add(todo.get(i));
            }
            int[] stored = {0};
            IOException[] storeFailure = {null};
            try (Progress progress = Progress.start("sweep " + phase, todo.size(), "trials")) {
                eng.run(ordered, engineSettings, new TrialListener() {
                    @Override
                    public void finished(TrialResult r) {
                        try {
                            store.record(r);
                        } catch (IOException e) {
                            synchronized (stored) {
                                storeFailure[0] = e;
                            }
                            stopRequest.request(StopRequest.SIGTERM);
                            return;
                        }
                        progress.step();
                        progress.message(r.id() + ": " + describe(r));
                        if (r.status() == TrialResult.Status.FAILED) {
                            err.println("kfrelax sweep: error: " + r.id() + " failed: " + r.error());
                            err.flush();
                        }
                        int n;
                        synchronized (stored) {
                            n = ++stored[0];
                        }
                        afterStored.accept(n);
                    }

                    @Override
                    public boolean stopRequested() {
                        return stopRequest.signal() != 0;
                    }

                    @Override
                    public java.io.PrintWriter warnings() {
                        return err;
                    }
                });
            }
            if (storeFailure[0] != null) {
                throw storeFailure[0];
            }
        }
        if (stopRequest.signal() != 0) {
            err.println("kfrelax sweep: interrupted; the stored trials are kept and running ones have checkpoints;"
                    + " continue with the same arguments and --resume");
            err.flush();
            return stopRequest.exitCode();
        }
        Map<String, SweepStore.Stored> stored = store.read(phase);
        List<String> failed = new ArrayList<>();
        for (SweepStore.Planned p : planned) {
            SweepStore.Stored s = stored.get(p.spec().id());
            if (s == null || !s.done()) {
                failed.add(p.spec().id());
            }
        }
        if (!failed.isEmpty()) {
            err.println("kfrelax sweep: error: " + failed.size() + " of " + planned.size() + " " + phase + " trials did not"
                    + " finish (" + String.join(", ", failed.subList(0, Math.min(5, failed.size())))
                    + (failed.size() > 5 ? ", ..." : "") + "; status and error in " + SweepStore.FILE
                    + "); fix the cause and rerun with the same arguments and --resume");
            err.flush();
            return Cli.EXIT_FAILURE;
        }
        return null;
    }

    private static String describe(TrialResult r) {
        Object solvedAt = r.summary().get("episodes_to_solve");
        return switch (r.status()) {
            case COMPLETE -> solvedAt != null ? "solved at " + solvedAt : "not solved";
            case DIVERGED -> "diverged";
            case INTERRUPTED -> "interrupted";
            case FAILED -> "failed";
        };
    }

    /** Per configuration (in order), the statistics of its stored runs in one phase. */
    private List<SweepReport.Stats> stats(Map<String, SweepStore.Stored> stored, List<Config> configs, Budget budget) {
        List<Long> episodesRun = new ArrayList<>();
        Map<String, List<SweepReport.Run>> byConfig = new LinkedHashMap<>();
        for (SweepStore.Stored s : stored.values()) {
            SweepReport.Run r = SweepReport.Run.of(s.seed(), s.summary());
            episodesRun.add(r.episodes());
            byConfig.computeIfAbsent(s.configId(), k -> new ArrayList<>()).add(r);
        }
        double censorAt = SolveStatistics.censorValue(budget.maxEpisodes(), episodesRun);
        StratifiedBootstrap boot = new StratifiedBootstrap(0, bootstrapResamples, 0.95);
        List<SweepReport.Stats> out = new ArrayList<>();
        for (Config c : configs) {
            List<SweepReport.Run> runs = byConfig.get(c.id());
            if (runs != null) {
                runs.sort(java.util.Comparator.comparingLong(SweepReport.Run::seed));
                out.add(SweepReport.Stats.of(c.id(), c.algo(), c.index(), c.values(), runs, censorAt, boot));
            }
        }
        return out;
    }

    /**
     * A store's settings as this build would write them for the same sweep: each configuration's
     * config read as a stored config ({@link AgentConfig#fromStored}), so a key added since the
     * sweep began takes the value its runs had and does not make the settings differ. A config
     * that does not read is left as it was (the comparison then names it).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> upgradeStored(Map<String, Object> stored) {
        if (!(stored.get("configurations") instanceof Map<?, ?> cs)) {
            return stored;
        }
        Map<String, Object> out = new LinkedHashMap<>(stored);
        Map<String, Object> configs = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : cs.entrySet()) {
            Object one = e.getValue();
            if (one instanceof Map<?, ?> m && m.get("config") instanceof Map<?, ?> config) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
                try {
                    copy.put("config", AgentConfig.fromStored((Map<String, ?>) config).toMap());
                } catch (IllegalArgumentException invalid) {
                    // kept as stored
                }
                one = copy;
            }
            configs.put(String.valueOf(e.getKey()), one);
        }
        out.put("configurations", configs);
        return out;
    }

    /** What a resumed sweep must share with the one it continues. */
    private Map<String, Object> settings(List<String> names, List<Config> configs, Budget budget, Double threshold,
                                         boolean stop, long fresh0, SweepReport.Select how) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", envId);
        m.put("algos", names);
        m.put("max_episodes", budget.maxEpisodes());
        m.put("max_steps", budget.maxSteps());
        m.put("stop_when_solved", stop);
        m.put("solve_threshold", threshold);
        m.put("first_seed", firstSeed);
        m.put("seeds", seeds);
        m.put("fresh_first_seed", fresh0);
        m.put("fresh_seeds", freshSeeds);
        m.put("select", how.label);
        m.put("bootstrap_resamples", bootstrapResamples);
        m.put("prune_after", pruneAfter);
        Map<String, Object> cs = new LinkedHashMap<>();
        for (Config c : configs) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("values", c.values());
            one.put("config", c.config().toMap());
            cs.put(c.id(), one);
        }
        m.put("configurations", cs);
        return m;
    }

    /** One configuration of the space: an algorithm, its number among that algorithm's, the swept values, the config. */
    record Config(String algo, int index, Map<String, Object> values, AgentConfig config) {
        String id() {
            return algo + "-c" + index;
        }
    }

    private List<String> algoNames(SweepSpace space) {
        if (algos == null && space.algosWithSections().isEmpty()) {
            throw new IllegalArgumentException("no algorithm to sweep: give --algos (e.g. relax,kf-relax) or sections per algorithm in --space");
        }
        List<String> names = CompareCommand.algoNames(algos != null ? algos : space.algosWithSections());
        for (String a : space.algosWithSections()) {
            if (!names.contains(a)) {
                throw new IllegalArgumentException(spaceFile + " has a section for " + a + ", which --algos does not list");
            }
        }
        return names;
    }

    /** Every algorithm's configurations, validated (defaults, --config and options, then the point). */
    private List<Config> configs(SweepSpace space, List<String> names) throws java.io.IOException {
        List<Config> out = new ArrayList<>();
        for (String a : names) {
            AgentConfig base = hyper.resolve(a);
            TrainRun.validate(envId, base);
            int i = 0;
            for (Map<String, Object> point : space.points(a)) {
                AgentConfig c;
                try {
                    c = base.toBuilder().setAll(point).build();
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(a + " at " + point + ": " + e.getMessage(), e);
                }
                Map<String, Object> values = new LinkedHashMap<>();
                Map<String, Object> all = c.toMap();
                for (String k : space.keys(a)) {
                    values.put(k, all.get(k));
                }
                out.add(new Config(a, i++, values, c));
            }
        }
        return out;
    }

    private TrialSpec trial(Path dir, Config c, long seed, Budget budget, boolean stop, Double threshold) {
        Map<String, Object> config = Json.mapper().convertValue(c.config().toMap(),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
        return new TrialSpec(c.id() + "-s" + seed, envId, c.algo(), seed, config, budget.maxEpisodes(), budget.maxSteps(),
                stop, threshold, dir.resolve("trials").resolve(c.algo()).resolve("c" + c.index()).resolve("seed-" + seed)
                .toString(), tensorboard.enabled());
    }
}
