package org.kfrelax.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files atomically: the content goes to a temporary file in the target's directory
 * ({@code .<name>.<random>.tmp}), which is forced to disk and then renamed over the target
 * with {@link StandardCopyOption#ATOMIC_MOVE}. Readers see either the old file or the
 * complete new one, never a half-written file; if writing fails the temporary file is
 * removed and the old file (if any) is left untouched.
 *
 * <p>The target's parent directory is created if it does not exist.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** An action on a stream or writer that may throw {@link IOException}. */
    @FunctionalInterface
    public interface IOConsumer<T> {
        /** Performs the action. */
        void accept(T t) throws IOException;
    }

    /** Writes {@code text} as UTF-8 to {@code target}, atomically. */
    public static void writeString(Path target, String text) throws IOException {
        writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code target}, atomically. */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        writeStream(target, out -> out.write(bytes));
    }

    /**
     * Writes {@code target} atomically through a buffered UTF-8 writer handed to {@code body}.
     * Closing the writer inside {@code body} is allowed and only flushes it.
     */
    public static void write(Path target, IOConsumer<Writer> body) throws IOException {
        writeStream(target, out -> {
            Writer w = new FlushOnCloseWriter(out);
            body.accept(w);
            w.flush();
        });
    }

    /** Writes {@code target} atomically through an output stream handed to {@code body}. */
    public static void writeStream(Path target, IOConsumer<OutputStream> body) throws IOException {
        Path tmp = createTemp(target);
        boolean done = false;
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.accept(out);
            }
            commit(tmp, target);
            done = true;
        } catch (IOException e) {
            throw naming(target, e);
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Creates an empty temporary file next to {@code target} (hidden name
     * {@code .<name>.<random>.tmp}), creating the parent directory if needed. Pair with
     * {@link #commit} on success and {@link Files#deleteIfExists} on failure.
     */
    public static Path createTemp(Path target) throws IOException {
        return createTemp(target, "." + target.toAbsolutePath().getFileName() + ".", ".tmp");
    }

    /**
     * Creates an empty file {@code <prefix><random><suffix>} next to {@code target}, a name no
     * other writer has, creating the parent directory if needed.
     */
    static Path createTemp(Path target, String prefix, String suffix) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException(target + " is a directory, expected a file");
        }
        Files.createDirectories(dir);
        // Files.createFile (not createTempFile, which makes the file owner-only): the result gets
        // the usual permissions. The random part only names the temporary file.
        while (true) {
            String rnd = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 16);
            try {
                return Files.createFile(dir.resolve(prefix + rnd + suffix));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // vanishingly rare: pick another name
            }
        }
    }

    /**
     * Forces {@code tmp} to disk and renames it over {@code target} atomically (both must be
     * in the same directory). Falls back to a plain replacing move only where the file system
     * has no atomic rename.
     */
    public static void commit(Path tmp, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Deletes {@code p}: a file, or a directory with everything in it (symbolic links are
     * deleted, not followed). Nothing happens if it does not exist.
     */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(p);
            return;
        }
        try (java.util.stream.Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    /**
     * {@code e} with the file named: an I/O error such as a full disk ("No space left on
     * device") says which file it hit. File-system exceptions, which name their file, are
     * returned as they are.
     */
    static IOException naming(Path file, IOException e) {
        if (e instanceof java.nio.file.FileSystemException
                || (e.getMessage() != null && e.getMessage().contains(file.toString()))) {
            return e;
        }
        return new IOException("cannot write " + file + ": " + e.getMessage(), e);
    }

    /** Best effort: make a rename or deletion in {@code dir} durable (not supported on every platform). */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // directories cannot be opened for sync on some systems; the rename is still atomic
        }
    }

    /** A buffered UTF-8 writer whose {@code close()} only flushes: the caller owns the file. */
    private static final class FlushOnCloseWriter extends java.io.FilterWriter {
        FlushOnCloseWriter(OutputStream out) {
            super(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
