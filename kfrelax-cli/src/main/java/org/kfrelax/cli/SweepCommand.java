package org.kfrelax.cli;

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
import org.kfrelax.rl.AgentConfig;
import org.kfrelax.rl.Budget;
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
                + " --samples N) or a sweep file (--space FILE); every configuration is trained on --seeds"
                + " development seeds, each trial a train run in its own directory under --out/trials.",
                "", "Engines: --engine local (threads on this machine, the default); --engine spark with the optional"
                + " kfrelax-spark module on the class path."})
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

    @Mixin
    HyperparameterOptions hyper;

    @Mixin
    OutputOptions output;

    static final String[] FILES = {"trials/"};

    @Override
    public Integer call() throws Exception {
        if (seeds <= 0 || seeds > 1000) {
            throw new IllegalArgumentException("--seeds must be in 1..1000, got " + seeds);
        }
        if (firstSeed < 0 || firstSeed > Long.MAX_VALUE - seeds + 1) {
            throw new IllegalArgumentException("--first-seed must be in 0.." + (Long.MAX_VALUE - seeds + 1) + ", got " + firstSeed);
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
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (nThreads <= 0 || nThreads > 1024) {
            throw new IllegalArgumentException("--threads must be in 1..1024, got " + nThreads);
        }
        SweepEngine eng = Engines.find(engine);
        EngineSettings settings = new EngineSettings(nThreads, master, engineConf);
        List<Config> configs = configs(space, names);
        try (RunLock lock = output.open("sweep", FILES)) {
            Path dir = lock.dir().toAbsolutePath();
            List<TrialSpec> trials = new ArrayList<>();
            for (Config c : configs) {
                for (long s = firstSeed; s - firstSeed < seeds; s++) {
                    trials.add(trial(dir, c, s, budget, stop, threshold));
                }
            }
            List<TrialResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
            eng.run(trials, settings, new TrialListener() {
                @Override
                public void finished(TrialResult r) {
                    results.add(r);
                    spec.commandLine().getErr().println("kfrelax sweep: " + r.id() + ": " + r.status().name().toLowerCase()
                            + (r.error() == null ? "" : " (" + r.error() + ")"));
                    spec.commandLine().getErr().flush();
                }
            });
            var out = spec.commandLine().getOut();
            out.println(results.size() + " of " + trials.size() + " trials ran in " + dir.resolve("trials"));
            out.flush();
        }
        return 0;
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
                .toString());
    }
}
