package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfrelax.experiments.SolveStatistics;
import org.kfrelax.stats.InterquartileMean;
import org.kfrelax.tensorboard.EventFileReader;
import org.kfrelax.tensorboard.TensorBoardWriter;
import org.kfrelax.tensorboard.TrainingScalars;

/**
 * {@code kfrelax sweep} end to end on tiny budgets: the store's schema and contents, resume after
 * a killed driver and after a signal (the final store equals an uninterrupted sweep's, clock
 * columns aside), and the protocol (the choice made on the development seeds only, the fresh
 * trials of the chosen configuration only).
 */
class SweepCommandTest {
    @TempDir
    Path tmp;

    /** A small sweep: 2 algorithms x 2 lr x 2 dev seeds, 2 fresh seeds; 6 CartPole episodes per run, solved at 25. */
    private static final String[] ARGS = {"--env", "CartPole-v0", "--algos", "relax,kf-relax", "--grid", "lr=0.01,0.03",
        "--seeds", "2", "--fresh-seeds", "2", "--max-episodes", "6", "--solve-at", "25", "--bootstrap-resamples", "200"};

    /** {@link #ARGS} with {@code more} (an option of ARGS given again replaces its value there). */
    private static String[] args(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(ARGS));
        for (int i = 0; i + 1 < more.length; i++) {
            int at = a.indexOf(more[i]);
            if (more[i].startsWith("--") && at >= 0) {
                a.remove(at + 1);
                a.remove(at);
            }
        }
        a.addAll(List.of("--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    private record Run(int code, String out, String err, Throwable thrown) {}

    private static Run run(SweepCommand c, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            int code = Cli.commandLine(c).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
            return new Run(code, out.toString(), err.toString(), null);
        } catch (Throwable t) {
            return new Run(-1, out.toString(), err.toString(), t);
        }
    }

    @Test
    void storeHoldsEveryTrialWithItsConfigStatusMetricsAndEpisodes() throws Exception {
        Path out = tmp.resolve("s");
        Run r = run(new SweepCommand(), args(out, "--threads", "2"));
        assertThat(r.code()).as(r.err()).isZero();
        for (String f : List.of("sweep.db", "sweep.md", "sweep.json", "sweep.png", "sweep.svg")) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
        }
        assertThat(out.resolve(RunMarker.FILE)).doesNotExist();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + out.resolve("sweep.db"))) {
            assertThat(columns(db, "trials")).containsExactly("trial_id", "phase", "config_id", "algo", "seed", "lr",
                    "config_json", "status", "error", "start_time", "end_time", "wall_seconds", "episodes", "total_steps",
                    "solved", "episodes_to_solve", "final_mean_return_100", "diverged", "kfac_skipped_updates",
                    "steps_per_second", "thread_cpu_seconds", "summary_json", "run_dir");
            assertThat(columns(db, "episodes")).containsExactly("trial_id", "episode", "steps", "return", "total_steps",
                    "wall_s", "grad_logvar", "mean_return_100");
            List<Map<String, Object>> trials = rows(db, "SELECT * FROM trials ORDER BY phase, trial_id");
            // 2 algos x 2 configs x 2 dev seeds, then 2 algos x 2 fresh seeds
            assertThat(trials).hasSize(12);
            assertThat(trials.stream().filter(t -> t.get("phase").equals("dev")).count()).isEqualTo(8);
            for (Map<String, Object> t : trials) {
                assertThat(t.get("status")).as(t.get("trial_id").toString()).isEqualTo("complete");
                Path dir = Path.of((String) t.get("run_dir"));
                assertThat(dir.startsWith(out.toAbsolutePath().resolve("trials"))).isTrue();
                JsonNode summary = Json.readTree(dir.resolve("summary.json"));
                assertThat(((Number) t.get("episodes")).longValue()).isEqualTo(summary.get("episodes").asLong());
                assertThat(((Number) t.get("final_mean_return_100")).doubleValue())
                        .isEqualTo(summary.get("final_mean_return_100").asDouble());
                JsonNode config = Json.mapper().readTree((String) t.get("config_json"));
                assertThat(config.get("lr").asDouble()).isEqualTo(((Number) t.get("lr")).doubleValue());
                assertThat(config.get("algo").asText()).isEqualTo(t.get("algo"));
                List<Map<String, Object>> eps = rows(db, "SELECT * FROM episodes WHERE trial_id = '" + t.get("trial_id")
                        + "' ORDER BY episode");
                assertThat(eps).hasSize(((Number) t.get("episodes")).intValue());
                List<String> csv = Files.readAllLines(dir.resolve("episodes.csv"));
                assertThat(csv.get(1)).startsWith(eps.get(0).get("episode") + "," + eps.get(0).get("steps") + ","
                        + eps.get(0).get("return"));
            }
            assertThat(rows(db, "SELECT value FROM sweep WHERE key = 'schema_version'").get(0).get("value")).isEqualTo("1");
        }
        // a second sweep on the same --out is refused with how to continue it
        Run again = run(new SweepCommand(), args(out));
        assertThat(again.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(again.err()).contains("holds a sweep (sweep.db); continue it with the same arguments and --resume");
    }

    @Test
    void everyTrialWritesATensorBoardFileUnlessTurnedOffAndTheStoreIsTheSameEitherWay() throws Exception {
        Path on = tmp.resolve("on");
        Path off = tmp.resolve("off");
        String[] small = {"--algos", "relax", "--fresh-seeds", "1"};
        assertThat(run(new SweepCommand(), args(on, small)).code()).isZero();
        assertThat(run(new SweepCommand(), args(off, concat(small, "--no-tensorboard"))).code()).isZero();
        assertSameStore(on, off);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + on.resolve("sweep.db"))) {
            List<Map<String, Object>> trials = rows(db, "SELECT trial_id, run_dir, episodes FROM trials");
            assertThat(trials).hasSize(5); // 2 configs x 2 dev seeds, then 1 fresh seed
            for (Map<String, Object> t : trials) {
                Path dir = Path.of((String) t.get("run_dir"));
                List<Path> files = TensorBoardWriter.eventFiles(dir);
                assertThat(files).as(t.get("trial_id").toString()).hasSize(1);
                long episodeEvents = EventFileReader.read(files.get(0)).stream()
                        .filter(e -> e.scalars().containsKey(TrainingScalars.RETURN)).count();
                assertThat(episodeEvents).isEqualTo(((Number) t.get("episodes")).longValue());
                Path twin = off.resolve(on.relativize(dir));
                assertThat(twin.resolve("episodes.csv")).isRegularFile(); // its rows: compared in the stores above
                assertThat(TensorBoardWriter.eventFiles(twin)).isEmpty();
            }
        }
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(new String[0]);
    }

    @Test
    void theChoiceIsMadeOnDevSeedsAloneAndOnlyItRunsOnFreshSeeds() throws Exception {
        Path out = tmp.resolve("p");
        Run r = run(new SweepCommand(), args(out, "--threads", "2"));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode report = Json.readTree(out.resolve("sweep.json"));
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + out.resolve("sweep.db"))) {
            for (String algo : List.of("relax", "kf-relax")) {
                // recompute the rule from the dev rows of the store: lowest IQM of episodes to solve
                // (unsolved = 6), then highest solve rate, then highest IQM of the final mean return
                String best = null;
                double[] bestKey = null;
                for (String config : List.of(algo + "-c0", algo + "-c1")) {
                    List<Map<String, Object>> dev = rows(db, "SELECT episodes_to_solve, final_mean_return_100 FROM trials"
                            + " WHERE phase = 'dev' AND config_id = '" + config + "'");
                    assertThat(dev).hasSize(2);
                    List<Long> eps = new ArrayList<>();
                    double[] finals = new double[dev.size()];
                    for (int i = 0; i < dev.size(); i++) {
                        Object e = dev.get(i).get("episodes_to_solve");
                        eps.add(e == null ? null : ((Number) e).longValue());
                        finals[i] = ((Number) dev.get(i).get("final_mean_return_100")).doubleValue();
                    }
                    double iqm = InterquartileMean.of(SolveStatistics.censored(eps, 6));
                    double rate = eps.stream().filter(e -> e != null).count() / (double) eps.size();
                    double[] key = {iqm, -rate, -InterquartileMean.of(finals)};
                    if (bestKey == null || java.util.Arrays.compare(key, bestKey) < 0) {
                        best = config;
                        bestKey = key;
                    }
                }
                assertThat(report.get("chosen").get(algo).get("config_id").asText()).as(algo).isEqualTo(best);
                List<Map<String, Object>> fresh = rows(db, "SELECT config_id, seed FROM trials WHERE phase = 'fresh'"
                        + " AND algo = '" + algo + "' ORDER BY seed");
                assertThat(fresh).extracting(m -> m.get("config_id")).containsOnly(best);
                assertThat(fresh).extracting(m -> ((Number) m.get("seed")).longValue()).containsExactly(2L, 3L);
                assertThat(report.get("chosen").get(algo).get("fresh").get("seeds").toString()).isEqualTo("[2,3]");
                assertThat(report.get("chosen").get(algo).get("dev").get("seeds").toString()).isEqualTo("[0,1]");
            }
        }
        String md = Files.readString(out.resolve("sweep.md"));
        assertThat(md).contains("Chosen on the development seeds only, by the lowest IQM of episodes to solve")
                .contains("| relax | relax-c").contains("fresh 2..3").contains("(chosen)");
        // fresh seeds that overlap the development seeds are refused
        Run overlap = run(new SweepCommand(), args(tmp.resolve("o"), "--fresh-first-seed", "1"));
        assertThat(overlap.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(overlap.err()).contains("the fresh seeds 1..2 overlap the development seeds 0..1");
    }

    @Test
    void aKilledSweepResumedRunsOnlyWhatIsMissingAndEndsAsAnUninterruptedOne() throws Exception {
        Path whole = tmp.resolve("whole");
        Run w = run(new SweepCommand(), args(whole, "--threads", "1"));
        assertThat(w.code()).as(w.err()).isZero();

        Path cut = tmp.resolve("cut");
        SweepCommand killed = new SweepCommand();
        killed.afterStored = n -> {
            if (n == 3) {
                throw new KilledForTest();
            }
        };
        Run k = run(killed, args(cut, "--threads", "1"));
        assertThat(k.thrown()).isInstanceOf(KilledForTest.class);
        assertThat(cut.resolve(RunMarker.FILE)).exists();
        Map<String, String> before = statuses(cut);
        assertThat(before.values().stream().filter(s -> s.equals("complete")).count()).isEqualTo(3);
        assertThat(before.values().stream().filter(s -> s.equals("pending")).count()).isEqualTo(5);

        List<String> ran = new ArrayList<>();
        SweepCommand resumed = new SweepCommand();
        resumed.afterStored = n -> ran.add("x");
        Run r = run(resumed, args(cut, "--threads", "1", "--resume"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("dev phase: 3 of 8 trials already done, running 5");
        assertThat(ran).hasSize(5 + 4);
        assertThat(cut.resolve(RunMarker.FILE)).doesNotExist();
        assertSameStore(whole, cut);
        assertThat(withoutClock(Files.readString(cut.resolve("sweep.json"))))
                .isEqualTo(withoutClock(Files.readString(whole.resolve("sweep.json"))));
    }

    @Test
    void aFailedTrialStopsTheSweepBeforeTheChoiceAndIsRunAgainOnResume() throws Exception {
        Path out = tmp.resolve("f");
        SweepCommand killed = new SweepCommand();
        killed.afterStored = n -> {
            if (n == 1) {
                throw new KilledForTest();
            }
        };
        assertThat(run(killed, args(out, "--threads", "1")).thrown()).isInstanceOf(KilledForTest.class);
        // a file where a pending trial's run directory goes: that trial cannot run
        String pending = statuses(out).entrySet().stream().filter(e -> e.getValue().equals("pending")).findFirst()
                .orElseThrow().getKey();
        Path blocked = runDir(out, pending);
        Files.createDirectories(blocked.getParent());
        Files.writeString(blocked, "in the way");
        Run r = run(new SweepCommand(), args(out, "--threads", "1", "--resume"));
        assertThat(r.code()).as(r.err()).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(r.err()).contains("kfrelax sweep: error: " + pending + " failed: ")
                .contains("1 of 8 dev trials did not finish (" + pending + "; status and error in sweep.db)");
        assertThat(statuses(out)).containsEntry(pending, "failed");
        assertThat(out.resolve("sweep.md")).doesNotExist();
        Files.delete(blocked);
        List<String> ran = new ArrayList<>();
        SweepCommand again = new SweepCommand();
        again.afterStored = n -> ran.add("x");
        Run ok = run(again, args(out, "--threads", "1", "--resume"));
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ran).hasSize(1 + 4);   // the failed dev trial, then the fresh phase
        assertThat(statuses(out).values()).containsOnly("complete");
    }

    private static Path runDir(Path out, String trialId) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + out.resolve("sweep.db"))) {
            return Path.of((String) rows(db, "SELECT run_dir FROM trials WHERE trial_id = '" + trialId + "'").get(0).get("run_dir"));
        }
    }

    @Test
    void aSignalledSweepKeepsItsTrialsAndResumesInterruptedOnesFromTheirCheckpoints() throws Exception {
        Path whole = tmp.resolve("whole");
        Run w = run(new SweepCommand(), args(whole, "--threads", "2", "--max-episodes", "30"));
        assertThat(w.code()).as(w.err()).isZero();

        Path cut = tmp.resolve("cut");
        SweepCommand stopped = new SweepCommand();
        stopped.afterStored = n -> {
            if (n == 2) {
                stopped.stopRequest.request(StopRequest.SIGINT);
            }
        };
        Run s = run(stopped, args(cut, "--threads", "2", "--max-episodes", "30"));
        assertThat(s.code()).as(s.err()).isEqualTo(130);
        assertThat(s.err()).contains("interrupted; the stored trials are kept");
        Map<String, String> before = statuses(cut);
        assertThat(before.values().stream().filter(v -> v.equals("complete")).count()).isGreaterThanOrEqualTo(2);
        // the fresh phase has not begun; the trial in flight on the other thread usually ends
        // "interrupted" with a checkpoint (or "complete" if it ended first): resume covers both
        assertThat(before.values()).contains("pending");
        assertThat(before.values()).doesNotContain("failed");
        assertThat(cut.resolve("sweep.md")).doesNotExist();

        Run r = run(new SweepCommand(), args(cut, "--threads", "2", "--max-episodes", "30", "--resume"));
        assertThat(r.code()).as(r.err()).isZero();
        assertSameStore(whole, cut);
        // other settings than the sweep was started with are refused
        Run other = run(new SweepCommand(), args(cut, "--threads", "2", "--max-episodes", "31", "--resume"));
        assertThat(other.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(other.err()).contains("holds a sweep with other settings (max_episodes: 30 then, 31 now)");
    }

    @Test
    void aSweepStoredBeforeAConfigKeyExistedResumesAndADifferenceIsNamedByItsPath() throws Exception {
        Path out = tmp.resolve("old");
        Run w = run(new SweepCommand(), args(out, "--seeds", "1", "--fresh-seeds", "1"));
        assertThat(w.code()).as(w.err()).isZero();
        // what a build before kfacDampingForm stored: the configurations without that key
        String settings = storedSettings(out);
        assertThat(settings).contains("\"kfacDampingForm\" : \"tikhonov\"");
        setStoredSettings(out, settings.replaceAll(",\\s*\"kfacDampingForm\" : \"tikhonov\"", ""));
        Run r = run(new SweepCommand(), args(out, "--seeds", "1", "--fresh-seeds", "1", "--resume"));
        assertThat(r.code()).as(r.err()).isZero();
        // a stored value that differs is named by its path, not by the whole settings
        setStoredSettings(out, settings.replaceFirst("\"kfacDampingForm\" : \"tikhonov\"", "\"kfacDampingForm\" : \"factored\""));
        Run other = run(new SweepCommand(), args(out, "--seeds", "1", "--fresh-seeds", "1", "--resume"));
        assertThat(other.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(other.err()).contains("holds a sweep with other settings"
                + " (configurations.relax-c0.config.kfacDampingForm: factored then, tikhonov now)");
        // settings that are not JSON any more: the error says where the parser stopped
        setStoredSettings(out, settings.substring(0, 40));
        Run broken = run(new SweepCommand(), args(out, "--seeds", "1", "--fresh-seeds", "1", "--resume"));
        assertThat(broken.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(broken.err()).contains("holds a sweep whose settings are unreadable: Unexpected end-of-input")
                .contains("at line ");
        // JSON null parses, but is no settings
        setStoredSettings(out, "null");
        Run nothing = run(new SweepCommand(), args(out, "--seeds", "1", "--fresh-seeds", "1", "--resume"));
        assertThat(nothing.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(nothing.err()).contains("holds a sweep whose settings are unreadable: JSON null, expected an object");
    }

    private static String storedSettings(Path out) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + out.resolve("sweep.db"));
             var ps = db.prepareStatement("SELECT value FROM sweep WHERE key = 'settings'");
             var rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static void setStoredSettings(Path out, String json) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + out.resolve("sweep.db"));
             var ps = db.prepareStatement("UPDATE sweep SET value = ? WHERE key = 'settings'")) {
            ps.setString(1, json);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void pruningRunsTheOtherSeedsOnlyForTheBetterHalfChosenOnTheFirstSeeds() throws Exception {
        Path out = tmp.resolve("h");
        // 2 algos x 3 configurations x 3 dev seeds; after seed 0 the better 2 of 3 per algorithm go on
        Run r = run(new SweepCommand(), args(out, "--threads", "2", "--grid", "lr=0.01,0.03,0.003", "--seeds", "3",
                "--prune-after", "1"));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode report = Json.readTree(out.resolve("sweep.json"));
        assertThat(report.get("prune_after_seeds").asInt()).isEqualTo(1);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + out.resolve("sweep.db"))) {
            for (String algo : List.of("relax", "kf-relax")) {
                // the rule on seed 0 alone: lowest episodes to solve (unsolved = 6), then highest final mean return
                List<Map<String, Object>> first = rows(db, "SELECT config_id, episodes_to_solve, final_mean_return_100"
                        + " FROM trials WHERE phase = 'dev' AND seed = 0 AND algo = '" + algo + "'");
                assertThat(first).hasSize(3);
                first.sort(java.util.Comparator.comparingDouble((Map<String, Object> m) -> m.get("episodes_to_solve") == null
                                ? 6 : ((Number) m.get("episodes_to_solve")).doubleValue())
                        .thenComparing(java.util.Comparator.comparingDouble(
                                (Map<String, Object> m) -> ((Number) m.get("final_mean_return_100")).doubleValue()).reversed())
                        .thenComparing(m -> (String) m.get("config_id")));
                List<Object> kept = List.of(first.get(0).get("config_id"), first.get(1).get("config_id"));
                List<Map<String, Object>> later = rows(db, "SELECT DISTINCT config_id FROM trials WHERE phase = 'dev'"
                        + " AND seed > 0 AND algo = '" + algo + "'");
                assertThat(later).extracting(m -> m.get("config_id")).as(algo).containsExactlyInAnyOrderElementsOf(kept);
                assertThat(rows(db, "SELECT * FROM trials WHERE phase = 'dev' AND algo = '" + algo + "'")).hasSize(3 + 2 * 2);
                assertThat(report.get("chosen").get(algo).get("config_id").asText()).isIn(kept);
            }
        }
        assertThat(Files.readString(out.resolve("sweep.md"))).contains("(pruned)").contains("Early stopping by seeds");
        Run bad = run(new SweepCommand(), args(tmp.resolve("h2"), "--prune-after", "2"));
        assertThat(bad.err()).contains("--prune-after must be in 1..1 (fewer than --seeds 2), got 2");
    }

    @Test
    void badArgumentsAreOneLineErrors() {
        Run r = run(new SweepCommand(), "--env", "CartPole-v0", "--algos", "relax", "--grid", "lrr=1", "--out",
                tmp.resolve("b").toString());
        assertThat(r.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(r.err().strip()).startsWith("kfrelax sweep: error: --grid lrr=1: unknown hyperparameter 'lrr'; valid keys:")
                .doesNotContain("\n");
        assertThat(tmp.resolve("b")).doesNotExist();
        Run bad = run(new SweepCommand(), "--env", "CartPole-v0", "--algos", "relax", "--grid", "lr=-1", "--out",
                tmp.resolve("b").toString());
        assertThat(bad.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(bad.err()).contains("relax at {lr=-1}: ").contains("lr");
        Run spark = run(new SweepCommand(), "--env", "CartPole-v0", "--algos", "relax", "--engine", "spark");
        assertThat(spark.err().strip()).contains("--engine spark is not on the class path").contains("kfrelax-spark");
        Run noAlgo = run(new SweepCommand(), "--env", "CartPole-v0");
        assertThat(noAlgo.err()).contains("no algorithm to sweep: give --algos");
    }

    /** Thrown by the test hook: the driver stops there as a killed process would. */
    private static final class KilledForTest extends Error {
        KilledForTest() {
            super("killed by the test");
        }
    }

    /** Columns that hold times or rates measured by the clock. */
    private static final List<String> CLOCK = List.of("start_time", "end_time", "wall_seconds", "steps_per_second",
            "thread_cpu_seconds", "steps_per_cpu_second", "wall_s", "run_dir");

    private static void assertSameStore(Path a, Path b) throws Exception {
        for (String query : List.of("SELECT * FROM trials ORDER BY trial_id", "SELECT * FROM episodes ORDER BY trial_id, episode",
                "SELECT * FROM sweep ORDER BY key")) {
            List<Map<String, Object>> x;
            List<Map<String, Object>> y;
            try (Connection da = DriverManager.getConnection("jdbc:sqlite:" + a.resolve("sweep.db"));
                 Connection db = DriverManager.getConnection("jdbc:sqlite:" + b.resolve("sweep.db"))) {
                x = comparable(rows(da, query));
                y = comparable(rows(db, query));
            }
            assertThat(y).as(query).hasSize(x.size()).isEqualTo(x);
        }
    }

    private static List<Map<String, Object>> comparable(List<Map<String, Object>> rows) throws Exception {
        for (Map<String, Object> r : rows) {
            CLOCK.forEach(r::remove);
            if (r.get("summary_json") != null) {
                Map<String, Object> s = Json.mapper().readValue((String) r.get("summary_json"),
                        new TypeReference<LinkedHashMap<String, Object>>() {});
                CLOCK.forEach(s::remove);
                assertThat(s.remove("resumed")).isNotNull();   // a resumed trial says so
                r.put("summary_json", s);
            }
        }
        return rows;
    }

    private static String withoutClock(String json) {
        return json.replaceAll("(?m)^.*\"steps_per_second\".*$", "");
    }

    private static Map<String, String> statuses(Path out) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + out.resolve("sweep.db"))) {
            for (Map<String, Object> r : rows(db, "SELECT trial_id, status FROM trials ORDER BY rowid")) {
                m.put((String) r.get("trial_id"), (String) r.get("status"));
            }
        }
        return m;
    }

    private static List<String> columns(Connection db, String table) throws Exception {
        List<String> c = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table + " LIMIT 0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                c.add(md.getColumnName(i));
            }
        }
        return c;
    }

    static List<Map<String, Object>> rows(Connection db, String query) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(query)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    m.put(md.getColumnName(i), rs.getObject(i));
                }
                out.add(m);
            }
        }
        return out;
    }
}
