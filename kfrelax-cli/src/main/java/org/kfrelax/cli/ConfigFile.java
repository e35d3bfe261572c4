package org.kfrelax.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kfrelax.rl.AgentConfig;

/**
 * A {@code --config} file (JSON or YAML): one object whose keys are the flags' words, in
 * camel, kebab or snake case ({@code valueLr}, {@code value-lr}, {@code value_lr} for
 * {@code --value-lr}). It may hold the run's keys {@link #RUN_KEYS} ({@code env}, {@code algo},
 * {@code seed}, the budget and the solve criterion) and every {@link AgentConfig} key; any other
 * key is a one-line error listing the valid ones. A {@code null} value counts as not given.
 * Options on the command line win over the file.
 *
 * @param path the file (null: no file)
 * @param run the run's keys given, by their camelCase name
 * @param agent the {@link AgentConfig} keys given, by their camelCase name ({@code algo} included)
 */
record ConfigFile(Path path, Map<String, Object> run, Map<String, Object> agent) {

    /** The keys of a run that are not hyperparameters, camelCase, in the order {@code --print-config} writes them. */
    static final List<String> RUN_KEYS = List.of("env", "algo", "seed", "maxEpisodes", "maxSteps", "stopWhenSolved", "solveAt");

    /** No file. */
    static final ConfigFile NONE = new ConfigFile(null, Map.of(), Map.of());

    /** Reads {@code file} (null: {@link #NONE}). */
    static ConfigFile read(Path file) throws IOException {
        if (file == null) {
            return NONE;
        }
        JsonNode tree = Json.readTree(file);
        if (!tree.isObject()) {
            throw new IllegalArgumentException(file + ": expected an object of settings, got "
                    + tree.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        Map<String, Object> all = Json.mapper().convertValue(tree, new TypeReference<Map<String, Object>>() {});
        Map<String, Object> run = new LinkedHashMap<>();
        Map<String, Object> agent = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : all.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            String run1 = match(e.getKey(), RUN_KEYS);
            String agent1 = match(e.getKey(), AgentConfig.keys());
            if (run1 == null && agent1 == null) {
                throw new IllegalArgumentException(file + ": unknown key '" + e.getKey() + "'; valid keys: "
                        + String.join(", ", validKeys()) + " (or their kebab-case or snake_case spellings)");
            }
            if (run1 != null) {
                run.put(run1, e.getValue());
            }
            if (agent1 != null) {
                agent.put(agent1, e.getValue());
            }
        }
        return new ConfigFile(file, run, agent);
    }

    /** Every key a config file may hold: {@link #RUN_KEYS}, then the hyperparameters. */
    static List<String> validKeys() {
        List<String> keys = new ArrayList<>(RUN_KEYS);
        for (String k : AgentConfig.keys()) {
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        return keys;
    }

    /** The run key {@code key} as a string, or null if the file does not give it. */
    String string(String key) {
        Object v = run.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw bad(key, "a string", v);
        }
        return s;
    }

    /** The run key {@code key} as a whole number, or null. */
    Long whole(String key) {
        Object v = run.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        throw bad(key, "a whole number", v);
    }

    /** The run key {@code key} as a number, or null. */
    Double number(String key) {
        Object v = run.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n)) {
            throw bad(key, "a number", v);
        }
        return n.doubleValue();
    }

    /** The run key {@code key} as true or false, or null. */
    Boolean bool(String key) {
        Object v = run.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Boolean b)) {
            throw bad(key, "true or false", v);
        }
        return b;
    }

    /** Prefixes a message about this file's contents with its path. */
    IllegalArgumentException error(String message) {
        return new IllegalArgumentException(path + ": " + message);
    }

    private IllegalArgumentException bad(String key, String expected, Object v) {
        return error(key + " must be " + expected + ", got " + (v instanceof String s ? "'" + s + "'" : v));
    }

    /**
     * The hyperparameter key (an {@link AgentConfig} key other than {@code algo}, camelCase) that
     * {@code key} spells in camel, kebab or snake case ({@code kfac-damping} → {@code kfacDamping}).
     *
     * @throws IllegalArgumentException (one line, prefixed with {@code where}) listing the valid keys if none
     */
    static String hyperparameter(String key, String where) {
        String k = match(key, AgentConfig.keys());
        if (k == null || k.equals("algo")) {
            List<String> valid = new ArrayList<>(AgentConfig.keys());
            valid.remove("algo");
            throw new IllegalArgumentException(where + ": unknown hyperparameter '" + key + "'; valid keys: "
                    + String.join(", ", valid) + " (or their kebab-case or snake_case spellings)");
        }
        return k;
    }

    /** The key of {@code keys} that {@code key} spells in camel, kebab or snake case, or null. */
    private static String match(String key, List<String> keys) {
        String k = key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        for (String c : keys) {
            if (c.toLowerCase(Locale.ROOT).equals(k)) {
                return c;
            }
        }
        return null;
    }
}
