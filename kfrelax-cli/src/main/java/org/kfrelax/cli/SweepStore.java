package org.kfrelax.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.kfrelax.cli.sweep.TrialResult;
import org.kfrelax.cli.sweep.TrialSpec;

/**
 * A sweep's trial store: one SQLite file, {@value #FILE}, that Python's {@code sqlite3} and
 * {@code pandas.read_sql("select * from trials", con)} open directly. Tables:
 *
 * <ul>
 *   <li>{@code sweep(key, value)}: the sweep's settings as JSON ({@code settings}), checked on
 *       resume, the store's {@code schema_version} and the kfrelax {@code version} that created it;
 *   <li>{@code trials}: one row per trial, planned ones included ({@code status} {@code pending}):
 *       id, phase ({@code dev}/{@code fresh}), configuration id, algo, seed, one column per swept
 *       hyperparameter (snake_case, e.g. {@code kfac_damping}), the full resolved config as JSON,
 *       status ({@code pending}, {@code complete}, {@code diverged}, {@code interrupted},
 *       {@code failed}) and error, start and end time (ISO-8601 UTC) and wall seconds, the summary
 *       metrics as columns and the whole summary.json as JSON, the run directory;
 *   <li>{@code episodes}: one row per episode of every finished trial (episodes.csv's columns).
 * </ul>
 *
 * Each result is written in one transaction (its trial row and its episodes together), so a
 * killed sweep loses at most the trials in flight, and a trial is never half stored. Only the
 * driver writes, through one connection; the methods are synchronized, so engines may report
 * from several threads.
 */
final class SweepStore implements Closeable {
    /** The store's file name in the sweep directory. */
    static final String FILE = "sweep.db";

    /** Bumped when a table changes shape. */
    static final int SCHEMA_VERSION = 1;

    /** Summary metrics kept as columns of {@code trials}: summary.json key, SQL type. */
    static final Map<String, String> METRICS = metrics();

    private static Map<String, String> metrics() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("episodes", "INTEGER");
        m.put("total_steps", "INTEGER");
        m.put("solved", "INTEGER");
        m.put("episodes_to_solve", "INTEGER");
        m.put("final_mean_return_100", "REAL");
        m.put("diverged", "INTEGER");
        m.put("kfac_skipped_updates", "INTEGER");
        m.put("steps_per_second", "REAL");
        m.put("thread_cpu_seconds", "REAL");
        return m;
    }

    /**
     * The driver's own log (java.util.logging when SLF4J is absent, as here), off: it would print
     * stack traces on stderr where the command prints one line; its failures reach us as exceptions.
     * Held here so that the setting is not collected with the logger.
     */
    private static final java.util.logging.Logger DRIVER_LOG = java.util.logging.Logger.getLogger("org.sqlite");

    static {
        DRIVER_LOG.setLevel(java.util.logging.Level.OFF);
    }

    /** The stored statuses that count as done: those of {@link TrialResult.Status#done()}. */
    private static final List<String> DONE = Arrays.stream(TrialResult.Status.values())
            .filter(TrialResult.Status::done).map(SweepStore::text).toList();

    private final Connection db;
    /** The swept keys (camelCase), one column each ({@link #snake}). */
    private final List<String> paramKeys;

    private SweepStore(Connection db, List<String> paramKeys) {
        this.db = db;
        this.paramKeys = paramKeys;
    }

    /**
     * Opens (creating if needed) the store in {@code dir}. A new store gets the tables, with one
     * column per key of {@code params} (camelCase key to an example value, which decides the
     * column's type) and {@code settings}; an existing one must hold the same settings (resume),
     * its stored settings read through {@code upgrade} first (what an older build wrote, in
     * today's form: e.g. a config key added since, with the value the sweep's runs had).
     *
     * @throws IllegalArgumentException if an existing store was made with other settings
     */
    static SweepStore open(Path dir, Map<String, Object> settings, Map<String, Object> params,
                           UnaryOperator<Map<String, Object>> upgrade) throws IOException {
        Path file = dir.resolve(FILE);
        try {
            Connection db = connect(file.toAbsolutePath().toString(), file.toString());
            try {
                db.setAutoCommit(false);
                SweepStore store = new SweepStore(db, List.copyOf(params.keySet()));
                store.init(settings, params, file, upgrade);
                return store;
            } catch (SQLException | RuntimeException e) {
                db.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that the SQLite driver works here (it extracts a native library at its first use), by
     * opening an in-memory database: a sweep calls this before it creates anything in {@code --out}.
     */
    static void checkDriver() throws IOException {
        try (Connection db = connect(":memory:", FILE)) {
            db.isValid(0);
        } catch (SQLException e) {
            throw new IOException(FILE + ": " + e.getMessage(), e);
        }
    }

    /** A connection to the SQLite database {@code name} ({@code what} in the error if the driver cannot open it). */
    private static Connection connect(String name, String what) throws IOException {
        try {
            return DriverManager.getConnection("jdbc:sqlite:" + name);
        } catch (SQLException e) {
            String tmp = System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir"));
            throw new IOException(what + ": cannot open the SQLite store (" + e.getMessage() + "); the SQLite driver"
                    + " extracts its native library to " + tmp + ": if that directory is missing, not writable or"
                    + " mounted noexec, choose another with KFRELAX_JAVA_OPTS=\"-Xss16m -Dorg.sqlite.tmpdir=DIR\"", e);
        }
    }

    private void init(Map<String, Object> settings, Map<String, Object> params, Path file,
                      UnaryOperator<Map<String, Object>> upgrade) throws SQLException {
        String json = Json.toJson(settings);
        boolean exists;
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sweep'")) {
            exists = rs.next() && rs.getInt(1) > 0;
        }
        if (exists) {
            Map<String, Object> before = upgrade.apply(storedSettings(value("settings"), file));
            if (!json.equals(Json.toJson(before))) {
                Map<String, Object> now = Json.mapper().convertValue(settings, new TypeReference<Map<String, Object>>() {});
                throw new IllegalArgumentException(file + " holds a sweep with other settings ("
                        + firstDifference("", before, now) + "); resume only with the arguments it was started with");
            }
            return;
        }
        try (Statement st = db.createStatement()) {
            st.execute("CREATE TABLE sweep (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            StringBuilder t = new StringBuilder("CREATE TABLE trials (trial_id TEXT PRIMARY KEY, phase TEXT NOT NULL,"
                    + " config_id TEXT NOT NULL, algo TEXT NOT NULL, seed INTEGER NOT NULL");
            for (Map.Entry<String, Object> e : params.entrySet()) {
                t.append(", ").append(snake(e.getKey())).append(' ').append(sqlType(e.getValue()));
            }
            t.append(", config_json TEXT NOT NULL, status TEXT NOT NULL, error TEXT, start_time TEXT, end_time TEXT,"
                    + " wall_seconds REAL");
            for (Map.Entry<String, String> m : METRICS.entrySet()) {
                t.append(", ").append(m.getKey()).append(' ').append(m.getValue());
            }
            t.append(", summary_json TEXT, run_dir TEXT NOT NULL)");
            st.execute(t.toString());
            // episodes.csv's columns (TrainRun.COLUMNS); "return" is quoted, being an SQL keyword
            st.execute("CREATE TABLE episodes (trial_id TEXT NOT NULL REFERENCES trials (trial_id), episode INTEGER NOT NULL,"
                    + " steps INTEGER NOT NULL, \"return\" REAL NOT NULL, total_steps INTEGER NOT NULL, wall_s REAL NOT NULL,"
                    + " grad_logvar REAL, mean_return_100 REAL NOT NULL, PRIMARY KEY (trial_id, episode))");
        }
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO sweep (key, value) VALUES (?, ?)")) {
            ps.setString(1, "settings");
            ps.setString(2, json);
            ps.executeUpdate();
            ps.setString(1, "schema_version");
            ps.setString(2, String.valueOf(SCHEMA_VERSION));
            ps.executeUpdate();
            ps.setString(1, "version");
            ps.setString(2, VersionCommand.version());
            ps.executeUpdate();
        }
        db.commit();
    }

    /** The kfrelax version that created the store. */
    synchronized String version() throws IOException {
        try {
            return value("version");
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private String value(String key) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT value FROM sweep WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * The stored settings as a map.
     *
     * @throws IllegalArgumentException naming the store and what is wrong (no settings row, the
     *                                  JSON parser's message, or JSON null) if they cannot be read
     */
    private static Map<String, Object> storedSettings(String stored, Path file) {
        if (stored == null) {
            throw new IllegalArgumentException(file + " holds a sweep without its settings (no 'settings' row in its sweep table)");
        }
        Map<String, Object> settings;
        try {
            settings = Json.mapper().readValue(stored, new TypeReference<Map<String, Object>>() {});
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + " holds a sweep whose settings are unreadable: " + Json.describe(e), e);
        }
        if (settings == null) {
            throw new IllegalArgumentException(file + " holds a sweep whose settings are unreadable: JSON null, expected an object");
        }
        return settings;
    }

    /**
     * The first setting that differs, by its path, e.g. {@code seeds: 5 then, 3 now} or
     * {@code configurations.relax-c0.config.lr: 0.01 then, 0.02 now} ("absent" for a missing key).
     */
    @SuppressWarnings("unchecked")
    private static String firstDifference(String path, Map<String, Object> before, Map<String, Object> now) {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(now.keySet());
        keys.addAll(before.keySet());
        for (String k : keys) {
            Object b = before.get(k);
            Object a = now.get(k);
            String at = path + k;
            if (b instanceof Map && a instanceof Map) {
                String d = firstDifference(at + ".", (Map<String, Object>) b, (Map<String, Object>) a);
                if (d != null) {
                    return d;
                }
            } else if (!java.util.Objects.equals(Json.toJson(b), Json.toJson(a)) || before.containsKey(k) != now.containsKey(k)) {
                return at + ": " + (before.containsKey(k) ? b : "absent") + " then, " + (now.containsKey(k) ? a : "absent") + " now";
            }
        }
        return path.isEmpty() ? "the store's settings differ in form" : null;
    }

    /**
     * A trial to plan: its spec, its configuration's id and swept values (camelCase key to value).
     */
    record Planned(TrialSpec spec, String configId, Map<String, Object> values) {}

    /** Adds the trials not yet in the store as {@code pending}; trials already there keep their rows. */
    synchronized void plan(String phase, List<Planned> trials) throws IOException {
        StringBuilder sql = new StringBuilder("INSERT OR IGNORE INTO trials (trial_id, phase, config_id, algo, seed");
        for (String k : paramKeys) {
            sql.append(", ").append(snake(k));
        }
        sql.append(", config_json, status, run_dir) VALUES (?, ?, ?, ?, ?");
        sql.append(", ?".repeat(paramKeys.size())).append(", ?, 'pending', ?)");
        try (PreparedStatement ps = db.prepareStatement(sql.toString())) {
            for (Planned p : trials) {
                TrialSpec t = p.spec();
                int i = 1;
                ps.setString(i++, t.id());
                ps.setString(i++, phase);
                ps.setString(i++, p.configId());
                ps.setString(i++, t.algo());
                ps.setLong(i++, t.seed());
                for (String k : paramKeys) {
                    setValue(ps, i++, p.values().get(k));
                }
                ps.setString(i++, Json.toLine(t.config()));
                ps.setString(i, t.runDir());
                ps.addBatch();
            }
            ps.executeBatch();
            db.commit();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The ids of the trials whose status is done ({@link TrialResult.Status#done()}). */
    synchronized List<String> done() throws IOException {
        List<String> ids = new ArrayList<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT trial_id, status FROM trials ORDER BY trial_id")) {
            while (rs.next()) {
                if (DONE.contains(rs.getString(2))) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return ids;
    }

    /** Stores one trial's result, its row and episodes in one transaction. */
    synchronized void record(TrialResult r) throws IOException {
        StringBuilder sql = new StringBuilder("UPDATE trials SET status = ?, error = ?, start_time = ?, end_time = ?,"
                + " wall_seconds = ?");
        for (String m : METRICS.keySet()) {
            sql.append(", ").append(m).append(" = ?");
        }
        sql.append(", summary_json = ? WHERE trial_id = ?");
        try {
            try (PreparedStatement ps = db.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setString(i++, text(r.status()));
                ps.setString(i++, r.error());
                ps.setString(i++, Instant.ofEpochMilli(r.startMillis()).toString());
                ps.setString(i++, Instant.ofEpochMilli(r.endMillis()).toString());
                ps.setDouble(i++, (r.endMillis() - r.startMillis()) / 1000.0);
                for (String m : METRICS.keySet()) {
                    setValue(ps, i++, r.summary().get(m));
                }
                ps.setString(i++, r.summary().isEmpty() ? null : Json.toLine(r.summary()));
                ps.setString(i, r.id());
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("trial " + r.id() + " is not in the store's plan");
                }
            }
            try (PreparedStatement del = db.prepareStatement("DELETE FROM episodes WHERE trial_id = ?")) {
                del.setString(1, r.id());
                del.executeUpdate();
            }
            if (r.status().done()) {
                try (PreparedStatement ps = db.prepareStatement("INSERT INTO episodes VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (TrialResult.Episode e : r.episodes()) {
                        ps.setString(1, r.id());
                        ps.setLong(2, e.episode());
                        ps.setLong(3, e.steps());
                        ps.setDouble(4, e.ret());
                        ps.setLong(5, e.totalSteps());
                        ps.setDouble(6, e.wallSeconds());
                        setValue(ps, 7, e.gradLogVar());
                        ps.setDouble(8, e.meanReturn100());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            db.commit();
        } catch (SQLException e) {
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // the failure below is the one to report
            }
            throw failure(e);
        }
    }

    /** A stored trial's status and summary (null if it has none), by id, for the trials of {@code phase}. */
    synchronized Map<String, Stored> read(String phase) throws IOException {
        Map<String, Stored> out = new LinkedHashMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT trial_id, config_id, algo, seed, status, summary_json"
                + " FROM trials WHERE phase = ? ORDER BY rowid")) {
            ps.setString(1, phase);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String s = rs.getString(6);
                    Map<String, Object> summary = s == null ? null
                            : Json.mapper().readValue(s, new TypeReference<Map<String, Object>>() {});
                    out.put(rs.getString(1), new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getString(5), summary));
                }
            }
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(FILE + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * A trial as stored.
     *
     * @param status pending, complete, diverged, interrupted or failed
     * @param summary its summary.json, null unless it ran
     */
    record Stored(String trialId, String configId, String algo, long seed, String status, Map<String, Object> summary) {
        boolean done() {
            return DONE.contains(status);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            db.close();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static IOException failure(SQLException e) {
        return new IOException(FILE + ": " + e.getMessage(), e);
    }

    private static void setValue(PreparedStatement ps, int i, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.NULL);
        } else if (v instanceof Boolean b) {
            ps.setInt(i, b ? 1 : 0);
        } else if (v instanceof Integer || v instanceof Long) {
            ps.setLong(i, ((Number) v).longValue());
        } else if (v instanceof Number n) {
            ps.setDouble(i, n.doubleValue());
        } else if (v instanceof String s) {
            ps.setString(i, s);
        } else {
            ps.setString(i, Json.toLine(v));   // a list, e.g. hidden sizes, as JSON
        }
    }

    /** A status as the store writes it: {@code complete}, {@code diverged}, {@code interrupted} or {@code failed}. */
    private static String text(TrialResult.Status status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static String sqlType(Object example) {
        if (example instanceof Boolean || example instanceof Integer || example instanceof Long) {
            return "INTEGER";
        }
        return example instanceof Number ? "REAL" : "TEXT";
    }

    /** A camelCase key as a column name: {@code kfacDamping} → {@code kfac_damping}. */
    static String snake(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }
}
