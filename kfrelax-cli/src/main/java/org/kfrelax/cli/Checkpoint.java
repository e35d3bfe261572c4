package org.kfrelax.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.kfrelax.rl.Agent;
import org.kfrelax.rl.AgentConfig;
import org.kfrelax.rl.SavedAgent;
import org.kfrelax.state.StateFile;
import org.kfrelax.state.TrainingState;

/**
 * The command line's checkpoint: the directory {@code model/} of a run, in the library's
 * {@link SavedAgent} format ({@code checkpoint.json}: format name and version, env, algo, seed
 * and the full {@link AgentConfig}; {@code params.kfp}: every network parameter).
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
 * <p>Saving writes the files into a hidden temporary directory beside the target and renames
 * it into place, so a reader sees the old checkpoint or the complete new one, never a mix.
 * Loading is {@link SavedAgent#load(Path)}, which checks the files before it builds the agent.
 */
public final class Checkpoint {
    private Checkpoint() {}

    /** The format name written into checkpoint.json. */
    public static final String FORMAT = SavedAgent.FORMAT;
    /** The current format version. */
    public static final int VERSION = SavedAgent.VERSION;
    static final String META = SavedAgent.META;
    static final String PARAMS = SavedAgent.PARAMS;
    static final String STATE = "state.kfs";
    static final String POSITION = "position.json";
    static final String EPISODES = "episodes.csv";
    /** The name prefix of the agent's entries in state.kfs. */
    static final String AGENT = "agent";

    /** A loaded checkpoint: its metadata, the rebuilt agent (with a fresh env) and the run directory. */
    public record Loaded(SavedAgent.Meta meta, Agent<?> agent, Path runDir) {}

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
    public record Resumed(SavedAgent.Meta meta, Agent<?> agent, Progress progress) {}

    /** Saves {@code agent} (trained on {@code envId} with {@code seed}) as {@code modelDir}, atomically. */
    public static void save(Path modelDir, String envId, long seed, Agent<?> agent) throws IOException {
        save(modelDir, envId, seed, agent, null);
    }

    /**
     * Saves {@code agent} as {@code modelDir}, atomically; with {@code progress}, a resumable
     * checkpoint (the agent must be between episodes).
     */
    public static void save(Path modelDir, String envId, long seed, Agent<?> agent, Progress progress) throws IOException {
        if (!agent.env().id().equals(envId)) {
            throw new IllegalArgumentException("the agent's env is " + agent.env().id() + ", not " + envId);
        }
        replaceDirectory(modelDir, tmp -> {
            SavedAgent.save(tmp, agent, seed);
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
        });
    }

    /**
     * Replaces the directory {@code dir} whole: {@code write} fills a hidden temporary directory
     * beside it, which is then renamed into place (the old one moved aside first and deleted
     * after), so a reader sees the old directory or the complete new one, never a mix. On failure
     * the temporary directory is removed and the old one kept.
     */
    static void replaceDirectory(Path dir, AtomicFiles.IOConsumer<Path> write) throws IOException {
        Path abs = dir.toAbsolutePath();
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IllegalArgumentException(dir + " is a file, expected a checkpoint directory");
        }
        Path tmp = hiddenDirectory(parent, abs.getFileName() + ".tmp");
        boolean done = false;
        Path old = null;
        try {
            write.accept(tmp);
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
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("no checkpoint at " + path + " (not a directory)");
        }
        if (!Files.isRegularFile(model.resolve(META))) {
            throw new IllegalArgumentException("no checkpoint at " + path + " (expected " + path.resolve("model").resolve(META) + ")");
        }
        SavedAgent.Loaded<?> loaded = SavedAgent.load(model);
        return new Loaded(loaded.meta(), loaded.agent(), model.toAbsolutePath().getParent());
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
