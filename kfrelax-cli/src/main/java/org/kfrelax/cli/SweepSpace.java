package org.kfrelax.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kfrelax.random.Pcg64;
import org.kfrelax.rl.Algorithm;

/**
 * A sweep's search space: per algorithm, a grid (every combination of the listed values), random
 * parameters drawn {@code samples} times by a seeded sampler, and fixed settings. Keys are the
 * hyperparameters' words ({@code lr}, {@code cv-lr}, {@code kfac_damping}: camel, kebab or snake
 * case, as in a config file); any other key is a one-line error listing the valid ones.
 *
 * <p>The points of an algorithm: the grid in row-major order (the last key varies fastest), each
 * grid point crossed with samples 0..{@code samples}−1 (without random parameters, one). Sample
 * j's values are the j-th draws of one {@link Pcg64} seeded with the sweep's seed, taken key by key
 * in the order given: the same seed gives the same samples, and more samples keep the first ones.
 *
 * <p>Distributions of {@code --random KEY=DIST}: {@code uniform:LO:HI} (on [LO, HI)),
 * {@code loguniform:LO:HI} (exp of uniform on [ln LO, ln HI), LO &gt; 0), {@code int:LO:HI}
 * (a whole number in LO..HI, both included), {@code choice:A,B,C} (one of the values, equally
 * likely).
 *
 * <p>A sweep file (JSON or YAML, RL Zoo's hyperparameter files in spirit): {@code grid} (key to
 * a list of values), {@code random} (key to a distribution), {@code fixed} (key to a value) and
 * {@code samples} apply to every algorithm; a section named like an algorithm ({@code relax:},
 * {@code kf-relax:}) holds that algorithm's own {@code grid}, {@code random} and {@code fixed},
 * which add to the shared ones and win over them for the same key. Options given on the command
 * line win over the file.
 */
final class SweepSpace {

    /** One swept key. */
    sealed interface Param permits Grid, Random {
        /** The hyperparameter's camelCase key. */
        String key();
    }

    /** A grid key: every value in turn. */
    record Grid(String key, List<Object> values) implements Param {}

    /** A random key: drawn per sample. */
    record Random(String key, String kind, double low, double high, List<Object> choices) implements Param {
        Object draw(Pcg64 rng) {
            return switch (kind) {
                case "uniform" -> rng.uniform(low, high);
                case "loguniform" -> Math.exp(rng.uniform(Math.log(low), Math.log(high)));
                case "int" -> rng.integers((long) low, (long) high + 1);
                case "choice" -> choices.get((int) rng.integers(0, choices.size()));
                default -> throw new IllegalStateException(kind);
            };
        }

        /** The distribution as it was written, e.g. {@code loguniform:0.0001:0.01}. */
        String text() {
            return kind.equals("choice") ? "choice:" + choices : kind + ":" + low + ":" + high;
        }
    }

    /** One algorithm's part (or the shared part): swept keys in order, and fixed settings. */
    record Part(List<Param> params, Map<String, Object> fixed) {
        Part {
            params = List.copyOf(params);
            fixed = new LinkedHashMap<>(fixed);
        }

        static final Part EMPTY = new Part(List.of(), Map.of());

        /** This part with {@code over}'s keys replacing or adding to its own. */
        Part with(Part over) {
            List<Param> ps = new ArrayList<>();
            for (Param p : params) {
                if (over.params.stream().noneMatch(q -> q.key().equals(p.key())) && !over.fixed.containsKey(p.key())) {
                    ps.add(p);
                }
            }
            ps.addAll(over.params);
            Map<String, Object> f = new LinkedHashMap<>(fixed);
            for (Param p : over.params) {
                f.remove(p.key());
            }
            f.putAll(over.fixed);
            return new Part(ps, f);
        }
    }

    private final Part shared;
    private final Map<String, Part> byAlgo;
    private final int samples;
    private final long seed;

    SweepSpace(Part shared, Map<String, Part> byAlgo, int samples, long seed) {
        this.shared = shared;
        this.byAlgo = new LinkedHashMap<>(byAlgo);
        this.samples = samples;
        this.seed = seed;
        boolean random = shared.params.stream().anyMatch(p -> p instanceof Random)
                || byAlgo.values().stream().anyMatch(p -> p.params.stream().anyMatch(q -> q instanceof Random));
        if (samples < 1 || samples > 100_000) {
            throw new IllegalArgumentException("--samples must be in 1..100000, got " + samples);
        }
        if (samples > 1 && !random) {
            throw new IllegalArgumentException("--samples " + samples + " needs random parameters (--random KEY=DIST)");
        }
    }

    /** The algorithms that have a section of their own (a sweep file's), in file order. */
    List<String> algosWithSections() {
        return new ArrayList<>(byAlgo.keySet());
    }

    /** Number of samples per grid point. */
    int samples() {
        return samples;
    }

    /** The part that applies to {@code algo}: the shared one with the algorithm's section over it. */
    Part part(String algo) {
        return shared.with(byAlgo.getOrDefault(algo, Part.EMPTY));
    }

    /** The swept keys of {@code algo}, in order. */
    List<String> keys(String algo) {
        return part(algo).params.stream().map(Param::key).toList();
    }

    /**
     * The points of {@code algo} (see the class comment): each the fixed settings, then the swept
     * keys' values, camelCase key to value (as written: numbers, strings, lists).
     */
    List<Map<String, Object>> points(String algo) {
        Part p = part(algo);
        List<Grid> grid = new ArrayList<>();
        List<Random> random = new ArrayList<>();
        for (Param q : p.params) {
            if (q instanceof Grid g) {
                grid.add(g);
            } else {
                random.add((Random) q);
            }
        }
        int n = random.isEmpty() ? 1 : samples;
        List<Map<String, Object>> draws = new ArrayList<>();
        Pcg64 rng = new Pcg64(seed);
        for (int j = 0; j < n; j++) {
            Map<String, Object> d = new LinkedHashMap<>();
            for (Random r : random) {
                d.put(r.key(), r.draw(rng));
            }
            draws.add(d);
        }
        List<Map<String, Object>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Grid g : grid) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> pt : points) {
                for (Object v : g.values()) {
                    Map<String, Object> m = new LinkedHashMap<>(pt);
                    m.put(g.key(), v);
                    next.add(m);
                }
            }
            points = next;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> pt : points) {
            for (Map<String, Object> d : draws) {
                Map<String, Object> m = new LinkedHashMap<>(p.fixed);
                // in the order the keys were given
                for (Param q : p.params) {
                    m.put(q.key(), pt.containsKey(q.key()) ? pt.get(q.key()) : d.get(q.key()));
                }
                out.add(m);
            }
        }
        return out;
    }

    /**
     * The space from the command line's {@code --grid} and {@code --random} options over the sweep
     * file's (null: none).
     */
    static SweepSpace of(Path file, List<String> grids, List<String> randoms, Integer samples, long seed)
            throws IOException {
        Part shared = Part.EMPTY;
        Map<String, Part> byAlgo = new LinkedHashMap<>();
        Integer fileSamples = null;
        if (file != null) {
            JsonNode tree = Json.readTree(file);
            if (!tree.isObject()) {
                throw new IllegalArgumentException(file + ": expected an object (grid, random, fixed, samples, or a"
                        + " section per algorithm), got " + tree.getNodeType().toString().toLowerCase(Locale.ROOT));
            }
            Map<String, Object> all = Json.mapper().convertValue(tree, new TypeReference<Map<String, Object>>() {});
            Map<String, Object> sharedMap = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : all.entrySet()) {
                String k = e.getKey();
                if (List.of("grid", "random", "fixed").contains(k)) {
                    sharedMap.put(k, e.getValue());
                } else if (k.equals("samples")) {
                    if (!(e.getValue() instanceof Integer i)) {
                        throw new IllegalArgumentException(file + ": samples must be a whole number, got " + e.getValue());
                    }
                    fileSamples = i;
                } else if (Algorithm.names().contains(k)) {
                    byAlgo.put(k, section(file + ": " + k, e.getValue()));
                } else {
                    throw new IllegalArgumentException(file + ": unknown key '" + k + "'; expected grid, random, fixed,"
                            + " samples or an algorithm (" + String.join(", ", Algorithm.names()) + ")");
                }
            }
            shared = section(file.toString(), sharedMap);
        }
        List<Param> cli = new ArrayList<>();
        for (String g : grids) {
            cli.add(parseGrid(g));
        }
        for (String r : randoms) {
            cli.add(parseRandom(r));
        }
        checkUnique(cli, "the command line");
        Part options = new Part(cli, Map.of());
        shared = shared.with(options);
        // the command line wins over the algorithms' sections too
        for (Map.Entry<String, Part> e : byAlgo.entrySet()) {
            e.setValue(e.getValue().with(options));
        }
        int n = samples != null ? samples : fileSamples != null ? fileSamples : 1;
        return new SweepSpace(shared, byAlgo, n, seed);
    }

    /** A section of a sweep file: {@code grid}, {@code random}, {@code fixed}. */
    private static Part section(String where, Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + ": expected an object with grid, random or fixed, got " + value);
        }
        List<Param> params = new ArrayList<>();
        Map<String, Object> fixed = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String k = String.valueOf(e.getKey());
            Object v = e.getValue();
            if (k.equals("grid") || k.equals("random") || k.equals("fixed")) {
                if (!(v instanceof Map<?, ?> entries)) {
                    throw new IllegalArgumentException(where + ": " + k + " must be an object of hyperparameters, got " + v);
                }
                for (Map.Entry<?, ?> p : entries.entrySet()) {
                    String at = where + ": " + k;
                    String key = ConfigFile.hyperparameter(String.valueOf(p.getKey()), at);
                    Object pv = p.getValue();
                    switch (k) {
                        case "grid" -> {
                            if (!(pv instanceof List<?> values) || values.isEmpty()) {
                                throw new IllegalArgumentException(at + ": " + p.getKey() + " must be a non-empty list of values, got " + pv);
                            }
                            params.add(new Grid(key, new ArrayList<>(values)));
                        }
                        case "random" -> params.add(random(key, String.valueOf(pv), at + ": " + p.getKey()));
                        default -> fixed.put(key, pv);
                    }
                }
            } else {
                throw new IllegalArgumentException(where + ": unknown key '" + k + "'; expected grid, random or fixed");
            }
        }
        checkUnique(params, where);
        for (Param p : params) {
            if (fixed.containsKey(p.key())) {
                throw new IllegalArgumentException(where + ": " + p.key() + " is both swept and fixed");
            }
        }
        return new Part(params, fixed);
    }

    private static void checkUnique(List<Param> params, String where) {
        List<String> seen = new ArrayList<>();
        for (Param p : params) {
            if (seen.contains(p.key())) {
                throw new IllegalArgumentException(where + ": " + p.key() + " is swept twice");
            }
            seen.add(p.key());
        }
    }

    /** {@code --grid KEY=V1,V2,...}; a list value in brackets, e.g. {@code hidden=[10,10],[32,32]}. */
    static Grid parseGrid(String option) {
        int eq = option.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--grid '" + option + "': expected KEY=V1,V2,..., e.g. lr=0.01,0.003");
        }
        String key = ConfigFile.hyperparameter(option.substring(0, eq).trim(), "--grid " + option);
        List<Object> values = new ArrayList<>();
        for (String v : splitTopLevel(option.substring(eq + 1), "--grid " + option)) {
            values.add(value(v, "--grid " + option));
        }
        return new Grid(key, values);
    }

    /** {@code --random KEY=DIST}. */
    static Random parseRandom(String option) {
        int eq = option.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--random '" + option + "': expected KEY=DIST, e.g. lr=loguniform:1e-4:1e-2");
        }
        String key = ConfigFile.hyperparameter(option.substring(0, eq).trim(), "--random " + option);
        return random(key, option.substring(eq + 1).trim(), "--random " + option);
    }

    private static Random random(String key, String dist, String where) {
        int colon = dist.indexOf(':');
        String kind = colon < 0 ? dist : dist.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? "" : dist.substring(colon + 1);
        String expected = "; expected uniform:LO:HI, loguniform:LO:HI, int:LO:HI or choice:A,B,...";
        switch (kind) {
            case "uniform", "loguniform", "int" -> {
                String[] b = rest.split(":", -1);
                if (b.length != 2) {
                    throw new IllegalArgumentException(where + ": '" + dist + "' needs two bounds" + expected);
                }
                double lo = number(b[0], where);
                double hi = number(b[1], where);
                if (!(lo < hi)) {
                    throw new IllegalArgumentException(where + ": the low bound must be below the high one, got " + dist);
                }
                if (kind.equals("loguniform") && lo <= 0) {
                    throw new IllegalArgumentException(where + ": loguniform needs positive bounds, got " + dist);
                }
                if (kind.equals("int") && (lo != Math.rint(lo) || hi != Math.rint(hi) || Math.abs(lo) > 1e15 || Math.abs(hi) > 1e15)) {
                    throw new IllegalArgumentException(where + ": int needs whole-number bounds, got " + dist);
                }
                return new Random(key, kind, lo, hi, List.of());
            }
            case "choice" -> {
                List<Object> values = new ArrayList<>();
                for (String v : splitTopLevel(rest, where)) {
                    values.add(value(v, where));
                }
                return new Random(key, kind, 0, 0, values);
            }
            default -> throw new IllegalArgumentException(where + ": unknown distribution '" + dist + "'" + expected);
        }
    }

    private static double number(String s, String where) {
        try {
            double v = Double.parseDouble(s.trim());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(where + ": '" + s + "' is not a finite number");
    }

    /** A value as written: a bracketed list of whole numbers as a list, anything else as its text. */
    private static Object value(String v, String where) {
        String t = v.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException(where + ": an empty value");
        }
        if (t.startsWith("[")) {
            if (!t.endsWith("]")) {
                throw new IllegalArgumentException(where + ": '" + t + "' has no closing ]");
            }
            List<Object> list = new ArrayList<>();
            for (String x : t.substring(1, t.length() - 1).split(",", -1)) {
                try {
                    list.add(Integer.parseInt(x.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + ": '" + t + "' is not a list of whole numbers");
                }
            }
            return list;
        }
        return t;
    }

    /** Splits on commas outside brackets. */
    private static List<String> splitTopLevel(String s, String where) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        if (depth != 0) {
            throw new IllegalArgumentException(where + ": unbalanced brackets");
        }
        for (String p : parts) {
            if (p.isBlank()) {
                throw new IllegalArgumentException(where + ": an empty value in '" + s + "'");
            }
        }
        return parts;
    }
}
