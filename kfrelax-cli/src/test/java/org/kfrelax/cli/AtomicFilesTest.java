package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private long filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void writesStringBytesAndWriterAndLeavesNoTempFile() throws IOException {
        Path a = dir.resolve("a.txt");
        AtomicFiles.writeString(a, "héllo\n");
        assertThat(Files.readString(a, StandardCharsets.UTF_8)).isEqualTo("héllo\n");

        Path b = dir.resolve("b.bin");
        AtomicFiles.writeBytes(b, new byte[] {1, 2, 3});
        assertThat(Files.readAllBytes(b)).containsExactly(1, 2, 3);

        Path c = dir.resolve("c.txt");
        AtomicFiles.write(c, w -> {
            w.write("line1\n");
            w.close(); // allowed: only flushes
        });
        assertThat(Files.readString(c)).isEqualTo("line1\n");
        assertThat(filesIn(dir)).isEqualTo(3);
    }

    @Test
    void overwritesAnExistingFile() throws IOException {
        Path a = dir.resolve("a.txt");
        AtomicFiles.writeString(a, "old");
        AtomicFiles.writeString(a, "new");
        assertThat(Files.readString(a)).isEqualTo("new");
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    @Test
    void failingWriterLeavesOldFileIntactAndNoTempFile() throws IOException {
        Path a = dir.resolve("a.txt");
        AtomicFiles.writeString(a, "old content");
        assertThatThrownBy(() -> AtomicFiles.write(a, w -> {
            w.write("half of the new con");
            w.flush();
            throw new IOException("disk on fire");
        })).isInstanceOf(IOException.class)
                .hasMessage("cannot write " + a + ": disk on fire"); // names the file
        assertThat(Files.readString(a)).isEqualTo("old content");
        assertThat(filesIn(dir)).isEqualTo(1);

        assertThatThrownBy(() -> AtomicFiles.writeStream(a, out -> {
            out.write(new byte[100_000]);
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(a)).isEqualTo("old content");
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    @Test
    void failingWriterWithoutOldFileLeavesNothing() throws IOException {
        Path a = dir.resolve("sub/a.txt");
        assertThatThrownBy(() -> AtomicFiles.write(a, w -> {
            throw new IOException("no");
        })).isInstanceOf(IOException.class);
        assertThat(a).doesNotExist();
        assertThat(filesIn(dir.resolve("sub"))).isZero();
    }

    @Test
    void createsParentDirectoriesAndRefusesADirectoryTarget() throws IOException {
        Path deep = dir.resolve("x/y/z.txt");
        AtomicFiles.writeString(deep, "z");
        assertThat(Files.readString(deep)).isEqualTo("z");
        assertThatThrownBy(() -> AtomicFiles.writeString(dir.resolve("x"), "q"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a directory");
    }
}
