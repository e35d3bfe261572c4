package org.kfrelax.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDecorator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * JSON and YAML for results and configs, through one configured Jackson mapper per format.
 *
 * <p>Writing: pretty-printed (2-space indent), newline-terminated, keys in declaration
 * order (record components, insertion order of {@code LinkedHashMap}; do not put a
 * {@code HashMap} in results). Non-finite numbers (NaN, ±Infinity) are <b>rejected</b> with
 * an {@link IllegalArgumentException} naming the JSON path: results must not silently carry
 * NaN; write {@code null} (a null {@code Double}) for a missing value instead.
 *
 * <p>Reading: {@code .json} files as JSON, {@code .yaml}/{@code .yml} as YAML (other
 * extensions are refused), at most {@value #MAX_BYTES} bytes. Unknown properties are an error
 * when reading into a class; so is a key given twice in one object (the error names it), and
 * a YAML alias ({@code *name}: Jackson would read it as the anchor's name, a plain string).
 * Every failure is an {@link IllegalArgumentException} with a one-line message naming the
 * file, line and column, e.g. {@code config.yaml:3:7: Unexpected character ...}.
 */
public final class Json {
    private Json() {}

    /** The largest config or metadata file read (16 MiB; real ones are a few kilobytes). */
    public static final int MAX_BYTES = 16 << 20;

    private static final ObjectMapper JSON = configure(
            new JsonMapper(JsonFactory.builder().addDecorator(new FiniteNumbers()).build()));

    /** The YAML mapper, created on first use (SnakeYAML is slow to load and rarely needed). */
    private static final class Yaml {
        static final ObjectMapper MAPPER = configure(
                new YAMLMapper(YAMLFactory.builder().addDecorator(new FiniteNumbers()).build()));
    }

    private static ObjectMapper configure(ObjectMapper m) {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        return m.registerModule(AgentConfigJson.module())
                .enable(SerializationFeature.INDENT_OUTPUT)
                .setDefaultPrettyPrinter(pp)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                // 1.7 for an integer setting is an error, not a silent 1
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    /** The shared JSON mapper (thread-safe; do not reconfigure it). */
    public static ObjectMapper mapper() {
        return JSON;
    }

    /** The shared YAML mapper, configured like {@link #mapper()}. */
    public static ObjectMapper yamlMapper() {
        return Yaml.MAPPER;
    }

    /** {@code value} as pretty JSON text ending in a newline. */
    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (JsonMappingException e) {
            throw unwrap(e, "JSON");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** {@code value} as JSON on one line, without indentation (for database cells and one-line records). */
    public static String toLine(Object value) {
        try {
            return JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonMappingException e) {
            throw unwrap(e, "JSON");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Writes {@code value} as pretty JSON to {@code file}, atomically ({@link AtomicFiles}). */
    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.writeString(file, toJson(value));
    }

    /** Reads a JSON or YAML file (by extension) as a tree. */
    public static JsonNode readTree(Path file) throws IOException {
        ObjectMapper m = mapperFor(file);
        byte[] bytes = open(file, m);
        try {
            JsonNode n = m.readTree(bytes);
            if (n == null || n.isMissingNode()) {
                throw new IllegalArgumentException(file + ": empty file, expected a " + kind(file) + " document");
            }
            return n;
        } catch (JacksonException e) {
            throw parseError(file, e);
        }
    }

    /**
     * The number at {@code key} of the object {@code node}.
     *
     * @throws IllegalArgumentException naming {@code source}, the key and what is there if it is missing or not a number
     */
    public static double number(JsonNode node, String key, String source) {
        JsonNode n = node.get(key);
        if (n == null || !n.isNumber()) {
            throw new IllegalArgumentException(source + ": '" + key + "' must be a number, got " + found(n));
        }
        return n.asDouble();
    }

    /**
     * The text at {@code key} of the object {@code node}.
     *
     * @throws IllegalArgumentException naming {@code source}, the key and what is there if it is missing or not text
     */
    public static String text(JsonNode node, String key, String source) {
        JsonNode n = node.get(key);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException(source + ": '" + key + "' must be text, got " + found(n));
        }
        return n.asText();
    }

    /** What a key holds, for an error: its JSON, or {@code nothing} when it is missing. */
    private static String found(JsonNode n) {
        return n == null ? "nothing (missing)" : n.toString();
    }

    /** Reads a JSON or YAML file (by extension) into {@code type} (e.g. a record). */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        ObjectMapper m = mapperFor(file);
        byte[] bytes = open(file, m);
        try {
            T v = m.readValue(bytes, type);
            if (v == null) {
                throw new IllegalArgumentException(file + ": empty file, expected a " + kind(file) + " document");
            }
            return v;
        } catch (JacksonException e) {
            throw parseError(file, e);
        }
    }

    /**
     * Converts a tree (e.g. a config merged with command-line overrides) into {@code type};
     * a mismatch is an {@link IllegalArgumentException} naming {@code source} and the field.
     */
    public static <T> T convert(JsonNode tree, Class<T> type, String source) {
        try {
            return JSON.treeToValue(tree, type);
        } catch (JacksonException e) {
            String path = e instanceof JsonMappingException jm ? jm.getPathReference() : null;
            throw new IllegalArgumentException(source + ": " + firstLine(e.getOriginalMessage())
                    + (path == null || path.isEmpty() ? "" : " (at " + shortPath(path) + ")"), e);
        }
    }

    /**
     * Deep merge for layered configs (defaults, then a config file, then command-line
     * overrides): a copy of {@code base} where every field of {@code override} replaces the
     * base's, except that two objects are merged field by field. Arrays are replaced whole.
     * Neither argument is modified.
     */
    public static JsonNode merge(JsonNode base, JsonNode override) {
        if (base == null || !base.isObject() || override == null || !override.isObject()) {
            return override == null ? (base == null ? null : base.deepCopy()) : override.deepCopy();
        }
        ObjectNode out = ((ObjectNode) base).deepCopy();
        override.fields().forEachRemaining(e -> out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue())));
        return out;
    }

    private static ObjectMapper mapperFor(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".json")) {
            return JSON;
        }
        if (n.endsWith(".yaml") || n.endsWith(".yml")) {
            return Yaml.MAPPER;
        }
        throw new IllegalArgumentException(file + ": unknown config file type, expected .json, .yaml or .yml");
    }

    private static String kind(Path file) {
        return mapperFor(file) == JSON ? "JSON" : "YAML";
    }

    /** The file's bytes, at most {@link #MAX_BYTES}; YAML is checked for aliases first. */
    private static byte[] open(Path file, ObjectMapper m) throws IOException {
        byte[] bytes = BoundedRead.bytes(file, MAX_BYTES, "config or metadata file");
        if (m != JSON) {
            rejectAliases(file, m, bytes);
        }
        return bytes;
    }

    private static void rejectAliases(Path file, ObjectMapper m, byte[] bytes) throws IOException {
        try (com.fasterxml.jackson.dataformat.yaml.YAMLParser p =
                     (com.fasterxml.jackson.dataformat.yaml.YAMLParser) m.getFactory().createParser(bytes)) {
            while (p.nextToken() != null) {
                if (p.isCurrentAlias()) {
                    JsonLocation loc = p.currentTokenLocation();
                    throw new IllegalArgumentException(file + ":" + loc.getLineNr() + ":" + loc.getColumnNr()
                            + ": YAML alias *" + p.getText() + " is not supported; write the value out in full");
                }
            }
        } catch (JacksonException e) {
            throw parseError(file, e);
        }
    }

    private static IllegalArgumentException parseError(Path file, JacksonException e) {
        JsonLocation loc = e.getLocation();
        String where = loc == null || loc.getLineNr() < 1 ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr();
        String path = e instanceof JsonMappingException jm ? jm.getPathReference() : null;
        String at = path == null || path.isEmpty() ? "" : " (at " + shortPath(path) + ")";
        return new IllegalArgumentException(file + where + ": " + firstLine(e.getOriginalMessage()) + at, e);
    }

    /** Turns Jackson's "Type[\"a\"]->Other[\"b\"]" path into "a.b". */
    private static String shortPath(String ref) {
        StringBuilder sb = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[(\"([^\"]*)\"|(\\d+))\\]").matcher(ref);
        while (m.find()) {
            if (m.group(2) != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(m.group(2));
            } else {
                sb.append('[').append(m.group(3)).append(']');
            }
        }
        return sb.length() == 0 ? ref : sb.toString();
    }

    /**
     * Jackson's message for {@code e} (its first line) and, where the parser knows it, the
     * position in the parsed text: "... at line L, column C".
     */
    static String describe(JacksonException e) {
        JsonLocation loc = e.getLocation();
        return firstLine(e.getOriginalMessage())
                + (loc == null || loc.getLineNr() < 1 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid document";
        }
        return s.lines().findFirst().orElse(s).trim();
    }

    private static RuntimeException unwrap(JsonMappingException e, String what) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException iae) {
                return iae;
            }
        }
        return new IllegalStateException("cannot write " + what + ": " + firstLine(e.getOriginalMessage()), e);
    }

    private static String pathOf(JsonGenerator gen) {
        String p = gen.getOutputContext().pathAsPointer().toString();
        return p.isEmpty() ? "/" : p;
    }

    /** Refuses non-finite numbers at the generator, whatever wrote them (beans, arrays, trees). */
    private static final class FiniteNumbers implements JsonGeneratorDecorator {
        @Override
        public JsonGenerator decorate(JsonFactory factory, JsonGenerator generator) {
            return new JsonGeneratorDelegate(generator, true) {
                @Override
                public void writeNumber(double v) throws IOException {
                    check(v, this);
                    super.writeNumber(v);
                }

                @Override
                public void writeNumber(float v) throws IOException {
                    check(v, this);
                    super.writeNumber(v);
                }

                @Override
                public void writeArray(double[] array, int offset, int length) throws IOException {
                    writeStartArray(array, length);
                    for (int i = offset; i < offset + length; i++) {
                        writeNumber(array[i]);
                    }
                    writeEndArray();
                }
            };
        }

        private static void check(double v, JsonGenerator gen) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("non-finite number " + v + " at JSON path " + pathOf(gen)
                        + "; results must be finite (use null for a missing value)");
            }
        }
    }
}
