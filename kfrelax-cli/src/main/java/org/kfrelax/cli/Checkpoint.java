package org.kfrelax.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.Gym;
import org.kfrelax.nn.ParamFile;
import org.kfrelax.rl.Agent;
import org.kfrelax.rl.AgentConfig;
import org.kfrelax.rl.Algorithm;
import org.kfrelax.rl.Agents;
import org.kfrelax.state.StateFile;
import org.kfrelax.state.TrainingState;

/**
 * A trained agent on disk: a directory {@code model/} holding {@code checkpoint.json} (format
 * name and version, env, algo, seed and the full {@link AgentConfig}) and {@code params.kfp}
 * (every network parameter in {@link ParamFile}'s versioned, checksummed format).
 *
 * <p>A resumable checkpoint (version 2, what {@code train} writes) adds {@code state.kfs}, the
 * agent's training state ({@link Agent#saveState}: optimizer moments and counters, K-FAC factors
 * and inverses, every random stream and the environment's generator, episode counters, a partly
 * filled batch) in {@link StateFile}'s versioned, checksummed format; {@code position.json}
 * ({@link Position}: where the run stands and the settings it runs to); and
 * {@code episodes.csv}, the episodes so far as the run's episodes.csv has them. It is taken
 * between episodes, so no episode is ever half-saved. Version 1 checkpoints (parameters only)
 * still load for {@code eval}/{@code render}.
 *
 * <p>Saving writes both files into a hidden temporary directory beside the target and renames
 * it into place, so a reader sees the old checkpoint or the complete new one, never a mix.
 * Loading reads and checks the parameter file first (size bound, checksum, finite values:
 * {@link ParamFile}), then checks that the hidden-layer sizes declared in checkpoint.json match
 * the layers in the file ({@link #checkDeclaredSizes}) <em>before</em> building the agent, so a
 * small checkpoint.json that declares a huge network is refused without allocating it; only
 * then is the agent built and are its parameters loaded (names and shapes checked).
 */
public final class Checkpoint {
    private Checkpoint() {}

    /** The format name written into checkpoint.json. */
    public static final String FORMAT = "kfrelax-checkpoint";
    /** The current format version. */
    public static final int VERSION = 2;
    static final String META = "checkpoint.json";
    static final String PARAMS = "params.kfp";
    static final String STATE = "state.kfs";
    static final String POSITION = "position.json";
    static final String EPISODES = "episodes.csv";
    /** The name prefix of the agent's entries in state.kfs. */
    static final String AGENT = "agent";

    /** What checkpoint.json holds. */
    public record Meta(String format, int version, String env, String algo, long seed, AgentConfig config) {}

    /** A loaded checkpoint: its metadata, the rebuilt agent (with a fresh env) and the run directory. */
    public record Loaded(Meta meta, Agent<?> agent, Path runDir) {}

    /**
     * Where a resumable run stands and what it runs to (position.json).
     *
     * @param episodes episodes done
     * @param totalSteps environment steps done
     * @param wallSeconds wall-clock seconds of training so far (not reproducible)
     * @param cpuSeconds CPU seconds of the training thread so far (not reproducible)
     * @param maxEpisodes the run's episode budget (0: none)
     * @param maxSteps the run's step budget (0: none)
     * @param stopWhenSolved whether the run ends at the solve criterion
     * @param solveThreshold the solve threshold (null: none)
     * @param checkpointEvery episodes between checkpoints (0: only at the end or on a stop request)
     */
    public record Position(long episodes, long totalSteps, double wallSeconds, double cpuSeconds, long maxEpisodes,
                           long maxSteps, boolean stopWhenSolved, Double solveThreshold, int checkpointEvery) {}

    /** What a resumable checkpoint adds to the parameters: the position and the episodes so far (CSV rows). */
    public record Progress(Position position, String[] columns, List<Object[]> rows) {}

    /** A checkpoint read for resuming: the agent with parameters and training state restored, and its progress. */
    public record Resumed(Meta meta, Agent<?> agent, Progress progress) {}

    /** Saves {@code agent} (trained on {@code envId} with {@code seed}) as {@code modelDir}, atomically. */
    public static void save(Path modelDir, String envId, long seed, Agent<?> agent) throws IOException {
        save(modelDir, envId, seed, agent, null);
    }

    /**
     * Saves {@code agent} as {@code modelDir}, atomically; with {@code progress}, a resumable
     * checkpoint (the agent must be between episodes).
     */
    public static void save(Path modelDir, String envId, long seed, Agent<?> agent, Progress progress) throws IOException {
        Path abs = modelDir.toAbsolutePath();
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IllegalArgumentException(modelDir + " is a file, expected a checkpoint directory");
        }
        Meta meta = new Meta(FORMAT, VERSION, envId, agent.config().algo().toString(), seed, agent.config());
        Path tmp = hiddenDirectory(parent, abs.getFileName() + ".tmp");
        boolean done = false;
        Path old = null;
        try {
            Json.write(tmp.resolve(META), meta);
            AtomicFiles.writeBytes(tmp.resolve(PARAMS), ParamFile.encode(agent.parameters()));
            if (progress != null) {
                TrainingState state = new TrainingState();
                agent.saveState(state, AGENT);
                AtomicFiles.writeBytes(tmp.resolve(STATE), StateFile.encode(state));
                Json.write(tmp.resolve(POSITION), progress.position());
                try (CsvWriter csv = CsvWriter.open(tmp.resolve(EPISODES), progress.columns())) {
                    for (Object[] row : progress.rows()) {
                        csv.row(row);
                    }
                    csv.commit();
                }
            }
            if (Files.exists(abs)) {
                old = hiddenDirectory(parent, abs.getFileName() + ".old");
                Files.delete(old);
                move(abs, old);
            }
            move(tmp, abs);
            done = true;
            if (old != null) {
                AtomicFiles.deleteTree(old);
            }
        } finally {
            if (!done) {
                AtomicFiles.deleteTree(tmp);
                if (old != null && !Files.exists(abs)) {
                    move(old, abs); // the new model could not be moved in: put the previous one back
                }
            }
        }
    }

    /**
     * Loads the checkpoint in {@code path}: a run directory holding {@code model/}, or the
     * {@code model} directory itself.
     *
     * @throws IllegalArgumentException if there is no checkpoint or it is damaged
     */
    public static Loaded load(Path path) throws IOException {
        Path model = Files.isRegularFile(path.resolve("model").resolve(META)) ? path.resolve("model") : path;
        Path metaFile = model.resolve(META);
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("no checkpoint at " + path + " (not a directory)");
        }
        if (!Files.isRegularFile(metaFile)) {
            throw new IllegalArgumentException("no checkpoint at " + path + " (expected " + path.resolve("model").resolve(META) + ")");
        }
        Meta meta = Json.read(metaFile, Meta.class);
        if (!FORMAT.equals(meta.format())) {
            throw new IllegalArgumentException(metaFile + ": format '" + meta.format() + "' is not " + FORMAT);
        }
        if (meta.version() < 1 || meta.version() > VERSION) {
            throw new IllegalArgumentException(metaFile + ": checkpoint version " + meta.version()
                    + " is not supported (this build reads versions 1 to " + VERSION + ")");
        }
        if (meta.config() == null || !meta.config().algo().toString().equals(meta.algo())) {
            throw new IllegalArgumentException(metaFile + ": config is missing or does not match algo " + meta.algo());
        }
        Path paramsFile = model.resolve(PARAMS);
        byte[] params = ParamFile.read(paramsFile);
        checkDeclaredSizes(metaFile, meta.config(), ParamFile.decode(params, paramsFile.toString()));
        Env<?> env = Gym.make(meta.env());
        Agent<?> agent = Agents.create(meta.config(), env, meta.seed());
        ParamFile.loadBytes(params, paramsFile.toString(), agent.parameters());
        Path runDir = model.toAbsolutePath().getParent();
        return new Loaded(meta, agent, runDir);
    }

    /**
     * Checks the hidden-layer sizes of every network the algorithm builds (the policy,
     * {@code hidden}; a value network, {@code valueHidden}, for a2c, acktr, lax, kf-lax; a
     * surrogate, {@code cvHidden}, for relax, kf-relax, lax, kf-lax) against the layers
     * {@code <net>.<i>.weight} (in×out) in the parameter file.
     */
    static void checkDeclaredSizes(Path metaFile, AgentConfig config, java.util.List<ParamFile.Entry> entries) {
        Algorithm a = config.algo();
        boolean value = a == Algorithm.A2C || a == Algorithm.ACKTR || a == Algorithm.LAX || a == Algorithm.KF_LAX;
        boolean cv = a != Algorithm.A2C && a != Algorithm.ACKTR;
        checkNetwork(metaFile, "policy", "hidden", config.hidden(), entries);
        if (value) {
            checkNetwork(metaFile, "value", "valueHidden", config.valueHidden(), entries);
        }
        if (cv) {
            checkNetwork(metaFile, "cv", "cvHidden", config.cvHidden(), entries);
        }
    }

    private static void checkNetwork(Path metaFile, String net, String key, int[] declared,
                                     java.util.List<ParamFile.Entry> entries) {
        java.util.Map<String, ParamFile.Entry> byName = new java.util.HashMap<>();
        for (ParamFile.Entry e : entries) {
            byName.put(e.name(), e);
        }
        java.util.List<Integer> held = new java.util.ArrayList<>();
        for (int i = 0; byName.containsKey(net + "." + i + ".weight"); i++) {
            held.add(byName.get(net + "." + i + ".weight").cols());
        }
        if (held.isEmpty()) {
            throw new IllegalArgumentException(metaFile.resolveSibling(PARAMS) + " holds no '" + net
                    + "' network, which the algorithm named in " + metaFile + " needs");
        }
        // the hidden sizes are the out-sizes of every layer but the last
        java.util.List<Integer> hidden = held.subList(0, held.size() - 1);
        if (!hidden.equals(java.util.Arrays.stream(declared).boxed().toList())) {
            throw new IllegalArgumentException(metaFile + ": " + key + " " + java.util.Arrays.toString(declared)
                    + " does not match the " + net + " network in " + PARAMS + " (hidden sizes " + hidden + ")");
        }
    }

    /**
     * Loads the resumable checkpoint of the run directory {@code runDir} ({@code runDir/model}):
     * the agent with its parameters and training state, its position and episodes so far.
     *
     * @throws IllegalArgumentException if there is none, it is not resumable or it is damaged
     */
    public static Resumed resume(Path runDir, String[] columns) throws IOException {
        Loaded loaded = load(runDir);
        Path model = runDir.resolve("model");
        Path stateFile = model.resolve(STATE);
        if (!Files.isRegularFile(stateFile) || !Files.isRegularFile(model.resolve(POSITION))) {
            throw new IllegalArgumentException(model + " is not a resumable checkpoint (no " + STATE + " or " + POSITION
                    + "; written by an older kfrelax, by a diverged run or not by train)");
        }
        Position position = Json.read(model.resolve(POSITION), Position.class);
        List<Object[]> rows = EpisodeRows.read(model.resolve(EPISODES), columns);
        if (position.episodes() != rows.size()) {
            throw new IllegalArgumentException(model + ": " + POSITION + " says " + position.episodes()
                    + " episodes but " + EPISODES + " has " + rows.size());
        }
        loaded.agent().loadState(StateFile.decode(Files.readAllBytes(stateFile), stateFile.toString()), AGENT);
        return new Resumed(loaded.meta(), loaded.agent(), new Progress(position, columns, rows));
    }

    /** A new directory {@code .<name>.<random>} with the default permissions (unlike createTempDirectory). */
    private static Path hiddenDirectory(Path parent, String name) throws IOException {
        while (true) {
            String rnd = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 16);
            try {
                return Files.createDirectory(parent.resolve("." + name + "." + rnd));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // taken: pick another name
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
