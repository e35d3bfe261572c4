package org.kfrelax.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

class Pcg64Test {

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

    @Test
    void matchesNumpyReferenceFile() throws IOException {
        List<String> lines = Files.readAllLines(referenceDir().resolve("pcg64.csv"));
        assertThat(lines).hasSizeGreaterThan(20);
        long currentSeed = -1;
        Pcg64 raw = null;
        Pcg64 dbl = null;
        int checked = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            long seed = Long.parseLong(f[0]);
            if (seed != currentSeed) {
                currentSeed = seed;
                raw = new Pcg64(seed);
                dbl = new Pcg64(seed);
            }
            assertThat(Long.toUnsignedString(raw.nextLong())).as("seed %d index %s", seed, f[1]).isEqualTo(f[2]);
            assertThat(dbl.nextDouble()).as("seed %d index %s", seed, f[1]).isEqualTo(Double.parseDouble(f[3]));
            checked++;
        }
        assertThat(checked).isEqualTo(lines.size() - 1);
    }

    /** Values printed by numpy 2.4.6: {@code np.random.default_rng(s).bit_generator.random_raw()}. */
    @Test
    void multiWordSeedsMatchNumpy() {
        assertRaw(42, "14276969152011380360", "8095878257575067585", "15838336090824644132");
        assertRaw((1L << 32) + 5, "14281546376153053393", "8683300866460616067", "12836726618003871680");
        assertRaw(Long.MAX_VALUE, "3236778688619115796", "8668653565307110780", "15219254583519097992");
    }

    private static void assertRaw(long seed, String... expected) {
        Pcg64 g = new Pcg64(seed);
        for (String e : expected) {
            assertThat(Long.toUnsignedString(g.nextLong())).as("seed %d", seed).isEqualTo(e);
        }
    }

    /**
     * numpy 2.4.6, {@code g = np.random.default_rng(7)}, repeated 6 times:
     * {@code g.integers(0,2), g.integers(-9999,9999), g.random(), g.integers(0,2**40), g.integers(5,8)}
     * (exercises the buffered 32-bit halves, interleaving with 64-bit draws, and the 64-bit path).
     */
    @Test
    void integersMatchNumpyIncludingUint32Buffering() {
        long[][] expectedInts = {
            {1, 2501, 852875435924L, 7}, {0, -8889, 5789263593L, 5}, {0, 6423, 514499921694L, 7},
            {0, -3168, 489366573565L, 5}, {0, 90, 1094564137090L, 7}, {1, 4005, 236734417271L, 6}};
        double[] expectedDoubles = {0.8972138009695755, 0.8735534453962619, 0.7970694287520462,
            0.2548695876541246, 0.5534973520744925, 0.9889601476818849};
        Pcg64 g = new Pcg64(7);
        for (int k = 0; k < 6; k++) {
            assertThat(g.integers(0, 2)).isEqualTo(expectedInts[k][0]);
            assertThat(g.integers(-9999, 9999)).isEqualTo(expectedInts[k][1]);
            assertThat(g.nextDouble()).isEqualTo(expectedDoubles[k]);
            assertThat(g.integers(0, 1L << 40)).isEqualTo(expectedInts[k][2]);
            assertThat(g.integers(5, 8)).isEqualTo(expectedInts[k][3]);
        }
    }

    /** numpy 2.4.6: {@code np.random.default_rng(3).uniform(-0.05, 0.05, size=4)}. */
    @Test
    void uniformVectorEqualsScalarDraws() {
        Pcg64 g = new Pcg64(3);
        double[] expected = {-0.04143508328563757, -0.02631894934039003, 0.030127446520639686, 0.008216203606436781};
        for (double e : expected) {
            assertThat(g.uniform(-0.05, 0.05)).isEqualTo(e);
        }
    }

    @Test
    void copyContinuesTheSameStream() {
        Pcg64 a = new Pcg64(11);
        a.nextUint32();
        Pcg64 b = a.copy();
        for (int i = 0; i < 10; i++) {
            assertThat(b.nextUint32()).isEqualTo(a.nextUint32());
            assertThat(b.nextLong()).isEqualTo(a.nextLong());
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new Pcg64(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> new Pcg64(1).integers(3, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("low=3");
    }
}
