package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfrelax.gym.Gym;

/** {@code rollout}, {@code envs} and {@code render} through {@link Main#commandLine()}. */
class GymCommandsTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * The directory of the Gymnasium reference files: the system property {@code kfrelax.reference}
     * if set, else the first {@code ../shared/reference/gym} found from the checkout's root
     * ({@code kfrelax.root}, which the build sets, else the working directory) upwards.
     * (The same lookup is in the core, gym and cli tests: modules share no test code.)
     *
     * @throws IllegalStateException naming what is missing and how to give it
     */
    static Path referenceDir() {
        String given = System.getProperty("kfrelax.reference");
        if (given != null) {
            if (!Files.isDirectory(Paths.get(given))) {
                throw new IllegalStateException("-Dkfrelax.reference=" + given + " is not a directory; it must name"
                        + " the directory of the Gymnasium reference files (shared/reference/gym)");
            }
            return Paths.get(given);
        }
        Path start = Paths.get(System.getProperty("kfrelax.root", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            Path dir = p.resolve("../shared/reference/gym").normalize();
            if (Files.isDirectory(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("the Gymnasium reference files (pcg64.csv, ENV.csv) are not in"
                + " ../shared/reference/gym of " + start + " or of any parent; give their directory with"
                + " mvn -Dkfrelax.reference=DIR");
    }

    /** The reference rows of one episode without the episode,seed,policy columns, header first. */
    private static List<String> referenceRows(String env, int episode) throws IOException {
        List<String> lines = Files.readAllLines(referenceDir().resolve(env + ".csv"));
        List<String> rows = new ArrayList<>();
        rows.add(stripFirst3(lines.get(0)));
        for (String l : lines.subList(1, lines.size())) {
            if (l.startsWith(episode + ",")) {
                rows.add(stripFirst3(l));
            }
        }
        return rows;
    }

    private static String stripFirst3(String line) {
        String[] f = line.split(",", -1);
        return String.join(",", Arrays.copyOfRange(f, 3, f.length));
    }

    private static long seedOf(String env, int episode) throws IOException {
        try (Stream<String> s = Files.lines(referenceDir().resolve(env + ".csv"))) {
            return s.filter(l -> l.startsWith(episode + ",")).findFirst().map(l -> Long.parseLong(l.split(",")[1])).orElseThrow();
        }
    }

    /** Writes the episode's actions (column a0.. of t >= 1) as an action file. */
    private Path actionsFile(List<String> rows, int nAct) throws IOException {
        List<String> actions = rows.subList(2, rows.size()).stream()
                .map(r -> String.join(",", Arrays.copyOfRange(r.split(",", -1), 1, 1 + nAct)))
                .collect(Collectors.toList());
        Path f = dir.resolve("actions.txt");
        Files.write(f, actions);
        return f;
    }

    /**
     * Runs the episode's actions and compares the output with the reference text. With
     * {@code exactRewards} false the reward column is compared to 1e-9 instead, the tolerance (Pendulum's
     * rewards differ from the reference in the last bit now and then: different sin/cos).
     */
    private void assertRolloutReproducesReference(String env, int episode, int nAct, boolean exactRewards) throws IOException {
        List<String> expected = referenceRows(env, episode);
        Path actions = actionsFile(expected, nAct);
        Path out = dir.resolve(env + ".csv");
        Run r = run("rollout", "--env", env, "--seed", Long.toString(seedOf(env, episode)),
                "--actions", actions.toString(), "--out", out.toString(), "--force");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        List<String> actual = Files.readAllLines(out);
        if (exactRewards) {
            assertThat(actual).containsExactlyElementsOf(expected);
            return;
        }
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            String[] a = actual.get(i).split(",", -1);
            String[] e = expected.get(i).split(",", -1);
            int rewardCol = e.length - 3;
            for (int c = 0; c < e.length; c++) {
                if (c == rewardCol && i >= 2) {
                    assertThat(Double.parseDouble(a[c])).isCloseTo(Double.parseDouble(e[c]), org.assertj.core.api.Assertions.within(1e-9));
                } else {
                    assertThat(a[c]).as("row %d column %d", i, c).isEqualTo(e[c]);
                }
            }
        }
    }

    @Test
    void rolloutWritesTheReferenceRowsCharacterForCharacter() throws IOException {
        assertRolloutReproducesReference("CartPole-v1", 0, 1, true);
        assertRolloutReproducesReference("CartPole-v1", 2, 1, true);
        assertRolloutReproducesReference("MountainCar-v0", 0, 1, true);
        assertRolloutReproducesReference("Pendulum-v1", 0, 1, false);
    }

    @Test
    void invalidActionLineIsNamedAndNothingIsWritten() throws IOException {
        Path actions = dir.resolve("bad.txt");
        Path out = dir.resolve("out.csv");
        for (String bad : new String[] {"2", "x", "NaN"}) {
            Files.write(actions, List.of("0", "1", bad, "0"));
            Run r = run("rollout", "--env", "CartPole-v1", "--seed", "0", "--actions", actions.toString(), "--out", out.toString());
            assertThat(r.code()).as(bad).isEqualTo(Cli.EXIT_USAGE);
            assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("line 3").contains(bad);
            assertThat(Files.exists(out)).isFalse();
        }
        Files.write(actions, List.of("0.5", "2.5"));
        Run r = run("rollout", "--env", "Pendulum-v1", "--actions", actions.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(r.err()).contains("line 2").contains("2.5");
        Files.write(actions, List.of("nan"));
        r = run("rollout", "--env", "Pendulum-v1", "--actions", actions.toString(), "--out", out.toString());
        assertThat(r.err()).contains("line 1").contains("NaN");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("bad.txt");
        }
    }

    @Test
    void randomPolicyRunsToTheEndOfTheEpisode() throws IOException {
        Path out = dir.resolve("random.csv");
        Run r = run("rollout", "--env", "Acrobot-v1", "--seed", "3", "--policy", "random", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("t,a0,o0,o1,o2,o3,o4,o5,reward,terminated,truncated");
        String last = lines.get(lines.size() - 1);
        assertThat(last.endsWith(",1,0") || last.endsWith(",0,1") || last.endsWith(",1,1")).as(last).isTrue();
        // same seed, same file
        Path again = dir.resolve("again.csv");
        run("rollout", "--env", "Acrobot-v1", "--seed", "3", "--policy", "random", "--out", again.toString());
        assertThat(Files.readAllLines(again)).isEqualTo(lines);
    }

    @Test
    void heuristicPolicyBalancesCartPoleForTheWholeEpisode() throws IOException {
        Path out = dir.resolve("heuristic.csv");
        Run r = run("rollout", "--env", "CartPole-v1", "--seed", "4", "--policy", "heuristic", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(502); // header, reset row, 500 steps
        assertThat(lines.get(501)).startsWith("500,").endsWith(",1.0,0,1");
        Run bad = run("rollout", "--env", "CartPole-v1", "--policy", "smart", "--out", out.toString());
        assertThat(bad.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(bad.err()).contains("smart").contains("heuristic");
    }

    @Test
    void unknownIdIsOneLineListingTheKnownIds() {
        Run r = run("rollout", "--env", "Nope-v0", "--policy", "random", "--out", dir.resolve("x.csv").toString());
        assertThat(r.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains("Nope-v0").contains("CartPole-v1").contains("Pendulum-v1");
        Run render = run("render", "--env", "Nope-v0", "--out", dir.resolve("x.gif").toString());
        assertThat(render.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(render.err()).contains("CartPole-v1");
    }

    @Test
    void envsListsEveryRegisteredId() {
        Run r = run("envs");
        assertThat(r.code()).isZero();
        for (String id : Gym.ids()) {
            assertThat(r.out()).contains(id);
        }
        assertThat(r.out()).contains("Discrete(2)").contains("475.0").contains("-110.0");
    }

    @Test
    void envsColumnsAreAligned() {
        String[] lines = run("envs").out().split("\n");
        String header = lines[0];
        List<Integer> starts = new ArrayList<>();
        for (String col : header.split(" +")) {
            starts.add(header.indexOf(col));
        }
        assertThat(starts).hasSize(5);
        for (String line : Arrays.copyOfRange(lines, 1, lines.length)) {
            for (int c : starts.subList(1, starts.size())) {
                assertThat(line.length()).as(line).isGreaterThan(c);
                assertThat(line.charAt(c - 1)).as("column at %d of: %s", c, line).isEqualTo(' ');
                assertThat(line.charAt(c)).as("column at %d of: %s", c, line).isNotEqualTo(' ');
            }
        }
    }

    @Test
    void rolloutSaysHowTheEpisodeEndedOrThatTheActionsRanOut() throws IOException {
        Path actions = dir.resolve("a.txt");
        Files.writeString(actions, "0\n1\n0\n");
        Run r = run("rollout", "--env", "CartPole-v1", "--seed", "1", "--actions", actions.toString(),
                "--out", dir.resolve("t.csv").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("CartPole-v1 seed 1: 3 steps, return 3.0, not ended: the 3 actions of --actions ran out first; wrote ");
        Run h = run("rollout", "--env", "CartPole-v1", "--seed", "1", "--policy", "random", "--out", dir.resolve("h.csv").toString());
        assertThat(h.out()).containsPattern("CartPole-v1 seed 1: \\d+ steps, return \\d+\\.0, terminated; wrote ");
    }

    @Test
    void noCommandIsAUsageError() {
        Run r = run();
        assertThat(r.code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(r.err()).contains("Usage: kfrelax").contains("kfrelax: error: no command given");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void renderWritesAnAnimatedGifAndPngs() throws IOException {
        Path gif = dir.resolve("cart.gif");
        Run r = run("render", "--env", "CartPole-v1", "--seed", "1", "--policy", "heuristic", "--max-steps", "6",
                "--png-every", "3", "--out", gif.toString());
        assertThat(r.code()).as(r.err()).isZero();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isEqualTo(7);
            assertThat(reader.getWidth(0)).isEqualTo(600);
            assertThat(reader.getHeight(0)).isEqualTo(400);
        }
        assertThat(dir.resolve("cart-t0000.png")).exists();
        assertThat(dir.resolve("cart-t0003.png")).exists();
        assertThat(dir.resolve("cart-t0006.png")).exists();
        assertThat(ImageIO.read(dir.resolve("cart-t0003.png").toFile()).getWidth()).isEqualTo(600);
    }
}
