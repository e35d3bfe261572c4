package org.kfrelax.rl;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.Gym;
import org.kfrelax.nn.ParamFile;

/**
 * A trained agent on disk, as Stable-Baselines3's {@code model.save(path)} and
 * {@code PPO.load(path)}: a directory holding {@value #META} (format name and version, env id,
 * algo, seed and the full {@link AgentConfig} as {@link AgentConfig#toMap()} writes it) and
 * {@value #PARAMS} (every network parameter in {@link ParamFile}'s versioned, checksummed
 * format). The command line's checkpoint {@code model/} is this directory.
 *
 * <p>{@link #save} writes each file through a temporary file and a rename. Loading checks
 * before it builds anything: {@value #META} at most {@value #MAX_META_BYTES} bytes, no key
 * given twice, no unknown key; the parameter file's size bound, checksum and finite values
 * ({@link ParamFile}); and that the hidden-layer sizes the config declares match the layers in
 * the parameter file, so a small {@value #META} that declares a huge network is refused
 * without allocating it. Then the agent is built and its parameters loaded (names and shapes
 * checked).
 */
public final class SavedAgent {
    private SavedAgent() {}

    /** The format name written into {@value #META}. */
    public static final String FORMAT = "kfrelax-checkpoint";
    /**
     * The newest format version this build writes and reads (2: the command line's resumable
     * checkpoints may hold training-state files beside these two, which loading ignores;
     * version 1 files load the same).
     */
    public static final int VERSION = 2;
    /** The metadata file's name. */
    public static final String META = "checkpoint.json";
    /** The parameter file's name. */
    public static final String PARAMS = "params.kfp";
    /** The largest {@value #META} read (16 MiB; real ones are about a kilobyte). */
    public static final int MAX_META_BYTES = 16 << 20;

    private static final Set<String> KEYS = Set.of("format", "version", "env", "algo", "seed", "config");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * What {@value #META} holds.
     *
     * @param format {@value #FORMAT}
     * @param version the format version
     * @param env the id of the environment the agent was trained on
     * @param algo the algorithm's name (the same as {@code config.algo()})
     * @param seed the training run's seed
     * @param config the agent's hyperparameters
     */
    public record Meta(String format, int version, String env, String algo, long seed, AgentConfig config) {}

    /**
     * A loaded agent with what {@value #META} says about it.
     *
     * @param meta the metadata
     * @param agent the agent, parameters loaded
     * @param <A> the action type
     */
    public record Loaded<A>(Meta meta, Agent<A> agent) {}

    /**
     * Saves {@code agent} (trained with {@code seed} on its {@link Agent#env()}) into the
     * directory {@code dir}, created if needed; files of an earlier save there are replaced.
     */
    public static void save(Path dir, Agent<?> agent, long seed) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is a file, expected a directory for the saved agent");
        }
        Files.createDirectories(dir);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("version", VERSION);
        meta.put("env", agent.env().id());
        meta.put("algo", agent.config().algo().toString());
        meta.put("seed", seed);
        meta.put("config", agent.config().toMap());
        writeAtomically(dir.resolve(META), (JSON.writeValueAsString(meta) + "\n").getBytes(StandardCharsets.UTF_8));
        writeAtomically(dir.resolve(PARAMS), ParamFile.encode(agent.parameters()));
    }

    /**
     * Reads and checks {@code dir}/{@value #META}.
     *
     * @throws IllegalArgumentException if it is missing, too large, not valid JSON, has an
     *     unknown, repeated or missing key, another format or an unsupported version
     */
    public static Meta readMeta(Path dir) throws IOException {
        Path file = dir.resolve(META);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no saved agent in " + dir + " (no " + META + ")");
        }
        long size = Files.size(file);
        if (size > MAX_META_BYTES) {
            throw new IllegalArgumentException(file + " is larger than " + MAX_META_BYTES + " bytes, the limit for "
                    + META + " (" + size + " bytes)");
        }
        JsonNode n;
        try {
            n = JSON.readTree(Files.readAllBytes(file));
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(file + ": expected a JSON object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException(file + ": unknown key '" + k + "'; valid keys: " + String.join(", ",
                        List.of("format", "version", "env", "algo", "seed", "config")));
            }
        }
        String format = text(file, n, "format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException(file + ": format '" + format + "' is not " + FORMAT);
        }
        int version = (int) whole(file, n, "version");
        if (version < 1 || version > VERSION) {
            throw new IllegalArgumentException(file + ": checkpoint version " + version
                    + " is not supported (this build reads versions 1 to " + VERSION + ")");
        }
        String env = text(file, n, "env");
        String algo = text(file, n, "algo");
        long seed = whole(file, n, "seed");
        JsonNode c = n.get("config");
        if (c == null || !c.isObject()) {
            throw new IllegalArgumentException(file + ": config is missing or not an object");
        }
        AgentConfig config;
        try {
            config = AgentConfig.fromStored(JSON.convertValue(c, Map.class));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": config: " + e.getMessage(), e);
        }
        if (!config.algo().toString().equals(algo)) {
            throw new IllegalArgumentException(file + ": config's algo " + config.algo() + " does not match algo " + algo);
        }
        return new Meta(format, version, env, algo, seed, config);
    }

    /**
     * Loads the agent saved in {@code dir} into a new environment made from the registry
     * ({@link Gym#make} of the saved env id; a user environment must be registered first,
     * {@link Gym#register}, or passed to {@link #load(Path, Env)}).
     */
    public static Loaded<?> load(Path dir) throws IOException {
        Meta meta = readMeta(dir);
        return load(dir, meta, Gym.make(meta.env()));
    }

    /**
     * Loads the agent saved in {@code dir} into {@code env}, typed by it: e.g.
     * {@code Agent<Integer> a = SavedAgent.load(dir, Gym.makeDiscrete("CartPole-v1")).agent();}.
     *
     * @throws IllegalArgumentException if the saved agent does not fit {@code env} (action
     *     space, observation size) or the files are damaged
     */
    public static <A> Loaded<A> load(Path dir, Env<A> env) throws IOException {
        return load(dir, readMeta(dir), env);
    }

    private static <A> Loaded<A> load(Path dir, Meta meta, Env<A> env) throws IOException {
        Path paramsFile = dir.resolve(PARAMS);
        byte[] params = ParamFile.read(paramsFile);
        checkDeclaredSizes(dir.resolve(META), meta.config(), ParamFile.decode(params, paramsFile.toString()));
        Agent<A> agent = Agents.create(meta.config(), env, meta.seed());
        ParamFile.loadBytes(params, paramsFile.toString(), agent.parameters());
        return new Loaded<>(meta, agent);
    }

    /**
     * Checks the hidden-layer sizes of every network the algorithm builds (the policy,
     * {@code hidden}; a value network, {@code valueHidden}, for a2c, acktr, lax, kf-lax; a
     * surrogate, {@code cvHidden}, for relax, kf-relax, lax, kf-lax) against the layers
     * {@code <net>.<i>.weight} (in×out) in the parameter file.
     */
    static void checkDeclaredSizes(Path metaFile, AgentConfig config, List<ParamFile.Entry> entries) {
        Algorithm a = config.algo();
        boolean value = a == Algorithm.A2C || a == Algorithm.ACKTR || a == Algorithm.LAX || a == Algorithm.KF_LAX;
        boolean cv = a != Algorithm.A2C && a != Algorithm.ACKTR;
        Map<String, ParamFile.Entry> byName = new HashMap<>();
        for (ParamFile.Entry e : entries) {
            byName.put(e.name(), e);
        }
        checkNetwork(metaFile, "policy", "hidden", config.hidden(), byName);
        if (value) {
            checkNetwork(metaFile, "value", "valueHidden", config.valueHidden(), byName);
        }
        if (cv) {
            checkNetwork(metaFile, "cv", "cvHidden", config.cvHidden(), byName);
        }
    }

    private static void checkNetwork(Path metaFile, String net, String key, int[] declared,
                                     Map<String, ParamFile.Entry> byName) {
        List<Integer> held = new ArrayList<>();
        for (int i = 0; byName.containsKey(net + "." + i + ".weight"); i++) {
            held.add(byName.get(net + "." + i + ".weight").cols());
        }
        if (held.isEmpty()) {
            throw new IllegalArgumentException(metaFile.resolveSibling(PARAMS) + " holds no '" + net
                    + "' network, which the algorithm named in " + metaFile + " needs");
        }
        // the hidden sizes are the out-sizes of every layer but the last
        List<Integer> hidden = held.subList(0, held.size() - 1);
        if (!hidden.equals(Arrays.stream(declared).boxed().toList())) {
            throw new IllegalArgumentException(metaFile + ": " + key + " " + Arrays.toString(declared)
                    + " does not match the " + net + " network in " + PARAMS + " (hidden sizes " + hidden + ")");
        }
    }

    private static String text(Path file, JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(file + ": " + key + " must be a string, got " + (v == null ? "nothing" : v));
        }
        return v.asText();
    }

    private static long whole(Path file, JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(file + ": " + key + " must be a whole number, got " + (v == null ? "nothing" : v));
        }
        return v.asLong();
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
