package org.kfrelax.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.Gym;
import org.kfrelax.plot.LinePlot;
import org.kfrelax.rl.Agent;
import org.kfrelax.rl.AgentConfig;
import org.kfrelax.rl.Agents;
import org.kfrelax.rl.Budget;
import org.kfrelax.rl.FixedPolicyVariance;
import org.kfrelax.rl.FixedPolicyVariance.EstimatorResult;
import org.kfrelax.rl.FixedPolicyVariance.Result;
import org.kfrelax.rl.FixedPolicyVariance.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kfrelax variance}: the fixed-policy variance instrument ({@link FixedPolicyVariance})
 * at policy snapshots taken from a training run ({@code --env --algo --snapshots}) and/or
 * loaded from checkpoints ({@code --checkpoint}); writes variance.csv (one row per snapshot and
 * estimator), variance.json (settings, results, the unbiasedness check) and variance.png/svg
 * (log-variance by estimator per snapshot, ± 1.96 SE bands).
 */
@Command(name = "variance", mixinStandardHelpOptions = true,
        description = {"Measure the variance of each gradient estimator's per-episode policy gradient at frozen policies: "
                + "no baseline, a2c's critic, relax's and kf-relax's surrogates and fitted V(s), V(s,t), Q(s,a) oracles, "
                + "on the same fresh episodes.",
                "Snapshots come from a training run (--env, --algo, --snapshots; the hyperparameter options configure "
                        + "it) and/or checkpoints (--checkpoint)."})
public final class VarianceCommand implements Callable<Integer> {
    /** The result files. */
    static final String[] FILES = {"variance.csv", "variance.json", "variance.png", "variance.svg"};
    /** Columns of variance.csv. */
    static final String[] COLUMNS = {"snapshot", "episode", "env", "algo", "estimator", "baseline", "variance", "se",
        "log_variance", "log_se", "fit_gap", "log_fit_gap_se", "max_abs_z", "frac_abs_z_over_1.96", "mean_return",
        "mean_length"};   // the estimator's columns are fields()'s keys

    /** Progress units per snapshot: the instrument's stages (sampling, three baselines, oracles, measuring). */
    private static final int STAGES = 6;

    @Spec
    CommandSpec spec;

    @Option(names = "--env", paramLabel = "ID", description = "Environment of the training run, e.g. CartPole-v0.")
    String envId;

    @Option(names = "--algo", paramLabel = "A", description = "Algorithm of the training run: a2c, acktr, relax or kf-relax.")
    String algo;

    @Option(names = "--snapshots", split = ",", paramLabel = "E,E",
            description = "Training episodes after which the policy is frozen and measured, e.g. 50,150,300.")
    long[] snapshots;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "A checkpoint to measure (a train output directory or its model/); repeatable.")
    List<Path> checkpoints = new ArrayList<>();

    @Option(names = "--episodes", defaultValue = "300", paramLabel = "N",
            description = "Evaluation episodes per snapshot, the same for every estimator (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--fit-episodes", defaultValue = "200", paramLabel = "M",
            description = "Separate fitting episodes per snapshot: the oracles' regression data, and one baseline "
                    + "update each for a2c, relax and kf-relax (default: ${DEFAULT-VALUE}).")
    int fitEpisodes;

    @Option(names = "--fit-hidden", split = ",", defaultValue = "64,64", paramLabel = "N,N",
            description = "The oracles' tanh hidden layers (default: ${DEFAULT-VALUE}).")
    int[] fitHidden;

    @Option(names = "--fit-steps", defaultValue = "3000", paramLabel = "N",
            description = "The oracles' Adam steps (default: ${DEFAULT-VALUE}).")
    int fitSteps;

    @Option(names = "--fit-batch", defaultValue = "256", paramLabel = "N",
            description = "The oracles' minibatch size (default: ${DEFAULT-VALUE}).")
    int fitBatch;

    @Option(names = "--fit-lr", defaultValue = "0.001", paramLabel = "LR",
            description = "The oracles' Adam learning rate (default: ${DEFAULT-VALUE}).")
    double fitLr;

    @Option(names = "--no-plot", description = "Do not write variance.png/svg.")
    boolean noPlot;

    @Mixin
    SeedOption seed;

    @Mixin
    HyperparameterOptions hyper;

    @Mixin
    OutputOptions output;

    /** A snapshot with the environment it acts in and its training mean return (NaN if unknown). */
    private record Taken(String envId, Snapshot snapshot, double trainMeanReturn100) {}

    @Override
    public Integer call() throws Exception {
        long s = seed.seed();
        FixedPolicyVariance.Settings settings = new FixedPolicyVariance.Settings(episodes, fitEpisodes, fitHidden,
                fitSteps, fitBatch, fitLr, s);
        boolean training = envId != null || algo != null || snapshots != null;
        if (training && (envId == null || algo == null || snapshots == null || snapshots.length == 0)) {
            throw new IllegalArgumentException("a training run needs --env, --algo and --snapshots together");
        }
        if (!training && checkpoints.isEmpty()) {
            throw new IllegalArgumentException("nothing to measure: give --env, --algo and --snapshots, or --checkpoint DIR");
        }
        AgentConfig config = null;
        if (training) {
            config = hyper.resolve(algo);
            TrainRun.validate(envId, config);
            if (config.algo().continuous()) {
                throw new IllegalArgumentException("--algo " + algo + ": the variance instrument measures discrete-action "
                        + "agents (a2c, acktr, relax, kf-relax)");
            }
            for (int i = 0; i < snapshots.length; i++) {
                if (snapshots[i] < 0 || (i > 0 && snapshots[i] <= snapshots[i - 1])) {
                    throw new IllegalArgumentException("--snapshots must be increasing non-negative episode counts, got "
                            + Arrays.toString(snapshots));
                }
            }
        }
        List<Taken> taken = new ArrayList<>();
        for (Path c : checkpoints) {
            Checkpoint.Loaded l = Checkpoint.load(c);
            if (l.agent().config().algo().continuous()) {
                throw new IllegalArgumentException("--checkpoint " + c + ": the variance instrument measures discrete-action "
                        + "agents, got " + l.meta().algo());
            }
            taken.add(new Taken(l.meta().env(), Snapshot.of(l.agent(), label(l.runDir()), -1), Double.NaN));
        }
        long work = (training ? snapshots[snapshots.length - 1] : 0) + (long) (taken.size()
                + (training ? snapshots.length : 0)) * STAGES;
        Path dir;
        try (RunLock lock = output.open("variance", FILES);
             Progress progress = Progress.start("variance", work, "units")) {
            dir = lock.dir();
            // every result is written at the end: an earlier run's files go first
            RunMarker.begin(dir, FILES);
            if (training) {
                taken.addAll(train(config, s, progress));
            }
            List<Result> results = new ArrayList<>();
            long done = training ? snapshots[snapshots.length - 1] : 0;
            for (Taken t : taken) {
                String id = t.envId();
                long[] d = {done};
                long end = done + STAGES;
                results.add(FixedPolicyVariance.measure(t.snapshot(), () -> Gym.makeDiscrete(id),
                        Gym.spec(id).maxEpisodeSteps(), settings, m -> {
                            progress.message(m);
                            progress.stepTo(Math.min(end, d[0]++));
                        }));
                done = end;
                progress.stepTo(done);
            }
            write(dir, taken, results, settings);
            RunMarker.finish(dir);
            print(taken, results);
        }
        var out = spec.commandLine().getOut();
        out.println("wrote " + dir.resolve("variance.csv") + ", variance.json" + (noPlot ? "" : ", variance.png"));
        out.flush();
        return 0;
    }

    /** A checkpoint's label: its run directory's name. */
    private static String label(Path runDir) {
        Path f = runDir.getFileName();
        return f == null ? runDir.toString() : f.toString();
    }

    /** Trains one agent and freezes a copy of it after each snapshot episode. */
    private List<Taken> train(AgentConfig config, long runSeed, Progress progress) {
        List<Taken> out = new ArrayList<>();
        Env<?> env = Gym.make(envId);
        try {
            Agent<?> agent = Agents.create(config, env, runSeed);
            List<Double> returns = new ArrayList<>();
            long done = 0;
            for (long target : snapshots) {
                if (target > done) {
                    agent.learn(Budget.episodes(target - done), st -> {
                        returns.add(st.ret());
                        progress.stepTo(st.episode());
                        progress.message(() -> String.format(Locale.ROOT, "training %s, episode %d", config.algo(), st.episode()));
                        return true;
                    });
                    done = target;
                }
                double mean = Double.NaN;
                if (!returns.isEmpty()) {
                    mean = 0;
                    int from = Math.max(0, returns.size() - 100);
                    for (int i = from; i < returns.size(); i++) {
                        mean += returns.get(i);
                    }
                    mean /= returns.size() - from;
                }
                out.add(new Taken(envId, Snapshot.of(agent, "ep" + target, target), mean));
            }
        } finally {
            env.close();
        }
        return out;
    }

    private void write(Path dir, List<Taken> taken, List<Result> results, FixedPolicyVariance.Settings settings)
            throws IOException {
        try (CsvWriter csv = CsvWriter.open(dir.resolve("variance.csv"), COLUMNS)) {
            for (int i = 0; i < results.size(); i++) {
                Result r = results.get(i);
                for (EstimatorResult e : r.estimators()) {
                    List<Object> row = new ArrayList<>(List.of(r.snapshot(), r.episode() >= 0 ? r.episode() : "",
                            taken.get(i).envId(), r.algo()));
                    row.addAll(fields(e).values());
                    row.add(r.meanReturn());
                    row.add(r.meanLength());
                    csv.row(row.toArray());
                }
            }
            csv.commit();
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", "variance");
        json.put("seed", settings.seed());
        json.put("episodes", settings.episodes());
        json.put("fit_episodes", settings.fitEpisodes());
        Map<String, Object> oracle = new LinkedHashMap<>();
        oracle.put("hidden", settings.fitHidden());
        oracle.put("activation", "tanh");
        oracle.put("adam_steps", settings.fitSteps());
        oracle.put("batch", settings.fitBatch());
        oracle.put("lr", settings.fitLr());
        json.put("oracle_fit", oracle);
        json.put("definitions", Map.of(
                "variance", "tr Cov[g] over the evaluation episodes: (1/(N-1)) sum_i |g_i - mean g|^2, g the estimator's "
                        + "per-episode policy gradient (all policy parameters, entropy term excluded)",
                "se", "delta method: sd_i(|g_i - mean g|^2) / sqrt(N); log_se = se / variance",
                "fit_gap", "variance / variance of fitted-v on the same episodes; log_fit_gap_se paired delta method",
                "max_abs_z", "max over parameters of |mean(g - g_reinforce)| / (sd(g - g_reinforce)/sqrt(N)), paired",
                "learned_baselines", "a2c, relax, kf-relax: one update by the algorithm's own rule per fitting episode "
                        + "on the frozen policy, starting from the snapshot's baseline when the snapshot's algo is that "
                        + "algorithm, else freshly initialized (the algorithm's defaults, the snapshot's policy shape and "
                        + "gamma); <algo>-as-trained: the snapshot's estimator unchanged"));
        double maxZ = 0;
        long comparisons = 0;
        List<Map<String, Object>> snaps = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            maxZ = Math.max(maxZ, r.maxAbsZ());
            comparisons += r.comparisons();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("snapshot", r.snapshot());
            m.put("episode", r.episode() >= 0 ? r.episode() : null);
            m.put("env", taken.get(i).envId());
            m.put("algo", r.algo());
            double train = taken.get(i).trainMeanReturn100();
            m.put("train_mean_return_100", Double.isFinite(train) ? train : null);
            m.put("eval_mean_return", r.meanReturn());
            m.put("eval_mean_length", r.meanLength());
            m.put("policy_parameters", r.parameters());
            m.put("max_abs_z", r.maxAbsZ());
            m.put("z_comparisons", r.comparisons());
            m.put("config", taken.get(i).snapshot().config());
            m.put("estimators", r.estimators().stream().map(VarianceCommand::fields).toList());
            snaps.add(m);
        }
        Map<String, Object> unbiased = new LinkedHashMap<>();
        unbiased.put("max_abs_z", maxZ);
        unbiased.put("comparisons", comparisons);
        unbiased.put("note", "z of each estimator's mean gradient minus reinforce's, per parameter, paired over the "
                + "evaluation episodes; with all estimators unbiased |z| is standard normal, so the largest of "
                + "K comparisons is about sqrt(2 ln K)");
        json.put("unbiasedness", unbiased);
        json.put("snapshots", snaps);
        json.put("version", VersionCommand.version());
        Json.write(dir.resolve("variance.json"), json);
        if (!noPlot) {
            plot(dir, taken, results);
        }
    }

    /** One estimator's result under its variance.csv / variance.json names, in column order. */
    static Map<String, Object> fields(EstimatorResult e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("estimator", e.estimator());
        m.put("baseline", e.baseline());
        m.put("variance", e.variance());
        m.put("se", e.se());
        m.put("log_variance", e.logVariance());
        m.put("log_se", e.logSe());
        m.put("fit_gap", e.fitGap());
        m.put("log_fit_gap_se", e.logFitGapSe());
        m.put("max_abs_z", e.maxAbsZ());
        m.put("frac_abs_z_over_1.96", e.fracAbsZOver2());
        return m;
    }

    private static void plot(Path dir, List<Taken> taken, List<Result> results) throws IOException {
        boolean episodes = results.stream().allMatch(r -> r.episode() >= 0);
        double[] x = new double[results.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = episodes ? results.get(i).episode() : i + 1;
        }
        String env = taken.stream().map(Taken::envId).distinct().reduce((a, b) -> a + ", " + b).orElse("");
        LinePlot p = new LinePlot("fixed-policy gradient variance — " + env, episodes ? "training episode of the snapshot"
                : "snapshot", "log tr Cov[ĝ] (± 1.96 SE)");
        for (int k = 0; k < results.get(0).estimators().size(); k++) {
            String name = null;
            double[] y = new double[x.length];
            double[] lo = new double[x.length];
            double[] hi = new double[x.length];
            boolean same = true;
            for (int i = 0; i < x.length; i++) {
                List<EstimatorResult> es = results.get(i).estimators();
                EstimatorResult e = es.get(k);
                same &= name == null || name.equals(e.estimator());
                name = e.estimator();
                y[i] = e.logVariance();
                lo[i] = y[i] - 1.96 * e.logSe();
                hi[i] = y[i] + 1.96 * e.logSe();
            }
            // the as-trained row differs between snapshots of different algorithms
            p.band(same ? name : "as trained", x, y, lo, hi);
        }
        p.save(dir.resolve("variance.png"));
    }

    private void print(List<Taken> taken, List<Result> results) {
        var out = spec.commandLine().getOut();
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            out.println(String.format(Locale.ROOT, "%s %s %s: mean return %.1f over %d episodes; max |z| %.2f of %d",
                    taken.get(i).envId(), r.algo(), r.snapshot(), r.meanReturn(), episodes, r.maxAbsZ(), r.comparisons()));
            for (EstimatorResult e : r.estimators()) {
                out.println(String.format(Locale.ROOT, "  %-18s log-variance %8.3f ± %.3f   fit gap %7.3f",
                        e.estimator(), e.logVariance(), e.logSe(), e.fitGap()));
            }
        }
        out.flush();
    }
}
