package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvWriterTest {
    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(Path::getFileName).sorted().toList();
        }
    }

    /**
     * Issue 12, defect 1: two writers of one target (two runs given the same --out) each had the
     * fixed temporary name toy.csv.partial, so their rows went into one file. Each writer now
     * has its own temporary file, and the committed file is one writer's whole output.
     */
    @Test
    void twoWritersOfOneTargetDoNotShareATemporaryFile() throws IOException {
        Path f = dir.resolve("episodes.csv");
        try (CsvWriter a = CsvWriter.open(f, "episode", "writer");
             CsvWriter b = CsvWriter.open(f, "episode", "writer")) {
            for (int i = 1; i <= 300; i++) {
                a.row(i, "a");
                if (i <= 200) {
                    b.row(i, "b");
                }
            }
            a.flush();
            b.flush();
            a.commit();
            assertThat(Files.readAllLines(f)).hasSize(301).allMatch(l -> !l.endsWith(",b"));
            b.commit();
        }
        List<String> lines = Files.readAllLines(f);
        assertThat(lines).hasSize(201);
        assertThat(lines.subList(1, 201)).allMatch(l -> l.endsWith(",b"));
        assertThat(files()).containsExactly(Path.of("episodes.csv"));
    }

    @Test
    void writesHeaderAndRowsWithRoundTripDoublesOnCommit() throws IOException {
        Path f = dir.resolve("toy.csv");
        double third = 1.0 / 3;
        try (CsvWriter csv = CsvWriter.open(f, "estimator", "iter", "theta", "grad_var", "solved")) {
            csv.row("relax", 1, third, null, true);
            csv.row("kf,relax", 2L, 1e-300, 0.1f, false);
            csv.row(new double[] {1.0, 2.0, -0.0, 123456789.0, 5e-324});
            assertThat(f).doesNotExist(); // nothing complete-looking before commit
            assertThat(files()).singleElement().asString().matches("toy\\.csv\\.[0-9a-f]+\\.partial");
            assertThat(csv.rows()).isEqualTo(3);
            csv.commit();
        }
        List<String> lines = Files.readAllLines(f);
        assertThat(lines).containsExactly(
                "estimator,iter,theta,grad_var,solved",
                "relax,1,0.3333333333333333,,1",
                "\"kf,relax\",2,1.0E-300,0.1,0",
                "1.0,2.0,-0.0,1.23456789E8,4.9E-324");
        assertThat(Double.parseDouble(lines.get(1).split(",")[2])).isEqualTo(third);
        assertThat(files()).containsExactly(Path.of("toy.csv"));
    }

    @Test
    void closeWithoutCommitDeletesThePartialFileAndKeepsTheOldOne() throws IOException {
        Path f = Files.writeString(dir.resolve("episodes.csv"), "old\n");
        assertThatThrownBy(() -> {
            try (CsvWriter csv = CsvWriter.open(f, "episode", "return")) {
                csv.row(1, 10.0);
                throw new IllegalStateException("run failed");
            }
        }).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(f)).isEqualTo("old\n");
        assertThat(files()).containsExactly(Path.of("episodes.csv"));
    }

    @Test
    void rejectsNonFiniteValuesAndWrongRowLengths() throws IOException {
        try (CsvWriter csv = CsvWriter.open(dir.resolve("e.csv"), "episode", "return")) {
            csv.row(1, 2.0);
            assertThatThrownBy(() -> csv.row(2, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("e.csv row 2 column return: non-finite value NaN "
                            + "(results must be finite; pass null for a missing value)");
            assertThatThrownBy(() -> csv.row(2.0, Double.NEGATIVE_INFINITY))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-Infinity");
            assertThatThrownBy(() -> csv.row(1.0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1 values for 2 columns");
            csv.row(2, 3.5);
            csv.commit();
            assertThatThrownBy(() -> csv.row(3, 1.0)).isInstanceOf(IllegalStateException.class);
        }
        assertThat(Files.readAllLines(dir.resolve("e.csv"))).containsExactly("episode,return", "1,2.0", "2,3.5");
    }

    @Test
    void quotesTextWithQuotesAndNewlines() throws IOException {
        Path f = dir.resolve("q.csv");
        try (CsvWriter csv = CsvWriter.open(f, List.of("a", "b"))) {
            csv.row("say \"hi\"", "two\nlines");
            csv.commit();
        }
        assertThat(Files.readString(f)).isEqualTo("a,b\n\"say \"\"hi\"\"\",\"two\nlines\"\n");
    }
}
