package org.kfrelax.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One writer per run directory: an exclusive lock ({@link FileChannel#tryLock()}, an OS-level
 * lock that the operating system drops when the process ends, however it ends) on the file
 * {@value #FILE} inside the directory. A second writer, in another process or in the same JVM,
 * does not wait: {@link #acquire} fails at once with a one-line message naming the directory.
 *
 * <p>The lock file itself stays after {@link #close()}: deleting it would let a third process
 * lock a new file of the same name while a second still holds the old one. It is empty and
 * hidden, and {@link RunDir} does not count it as content.
 */
public final class RunLock implements AutoCloseable {
    /** The lock file's name inside the run directory. */
    public static final String FILE = ".kfrelax.lock";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks the existing directory {@code dir} for writing.
     *
     * @throws IllegalStateException if another writer holds it
     * @throws IOException if the lock file cannot be created (e.g. the directory is not writable)
     */
    public static RunLock acquire(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory, cannot lock it for writing");
        }
        FileChannel ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = null;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            // held by this JVM (another command or thread writing the same directory)
        } finally {
            if (lock == null) {
                ch.close();
            }
        }
        if (lock == null) {
            throw new IllegalStateException(dir + " is being written by another kfrelax process (it holds "
                    + dir.resolve(FILE) + "); wait for it to finish or choose another directory");
        }
        return new RunLock(dir, ch, lock);
    }

    /** The locked directory. */
    public Path dir() {
        return dir;
    }

    /** Releases the lock (the file stays, see the class comment). */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
