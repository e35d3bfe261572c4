package org.kfrelax.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads an input file whole, but only up to a stated size: a file that is missing, a directory,
 * or larger than the bound is an {@link IllegalArgumentException} naming the path, before
 * anything is allocated for its content.
 */
final class BoundedRead {
    private BoundedRead() {}

    /**
     * The bytes of {@code file}, which must be a regular file of at most {@code max} bytes.
     *
     * @param what what the file is, for the messages (e.g. "actions file")
     */
    static byte[] bytes(Path file, int max, String what) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a directory, expected a " + what);
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            // read one byte past the bound: the size on disk can change, or be unknown (a pipe)
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) {
                throw new IllegalArgumentException(file + " is larger than " + max + " bytes, the limit for a " + what);
            }
            return b;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file", e);
        }
    }
}
