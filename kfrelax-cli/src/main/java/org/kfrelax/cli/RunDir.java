package org.kfrelax.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Resolves, checks, creates and locks a command's output directory.
 *
 * <ul>
 *   <li>With {@code --out DIR}: DIR must not be an existing file or the file-system root, and
 *       its nearest existing ancestor must be a directory; if DIR exists it must be empty
 *       (a leftover {@link RunLock#FILE} does not count), unless {@code --force} is given (then
 *       existing files are kept and the command overwrites its own result files atomically).
 *       Even with {@code --force}, a result name held by the wrong kind of entry (a file named
 *       like a result directory, e.g. {@code model}, or a directory named like a result file,
 *       e.g. {@code summary.json}) is refused before any work starts. DIR and its parents are
 *       created if needed.</li>
 *   <li>Without {@code --out}: a new directory {@code runs/<name>-<yyyyMMdd-HHmmss>} under
 *       the given base (the current directory for commands), with {@code -2}, {@code -3}, ...
 *       appended if that name is taken. Creation is atomic, so two runs started in the same
 *       second (even in one JVM) get different directories.</li>
 * </ul>
 *
 * <p>{@link #open} also takes the directory's {@link RunLock} and repeats the checks while
 * holding it, so that of two writers racing for one directory exactly one proceeds.
 *
 * <p>Result names ending in {@code /} are directories (e.g. {@code "model/"}), the others
 * files. Commands should validate all their other options before calling this, so that bad
 * input leaves nothing behind.
 */
public final class RunDir {
    private RunDir() {}

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /**
     * As {@link #resolve(Path, boolean, String, String...)}, then locks the directory
     * ({@link RunLock}) and checks it again under the lock; close the lock when done.
     *
     * @throws IllegalStateException if another writer holds the directory
     */
    public static RunLock open(Path out, boolean force, String name, String... resultFiles) throws IOException {
        Path dir = resolve(out, force, name, resultFiles);
        RunLock lock = RunLock.acquire(dir);
        boolean ok = false;
        try {
            // another writer may have finished in this directory between the check and the lock
            check(dir, force, resultFiles);
            ok = true;
            return lock;
        } finally {
            if (!ok) {
                lock.close();
            }
        }
    }

    /**
     * Returns the output directory for a run of command {@code name}, created and ready.
     *
     * @param out the {@code --out} value, or null for a fresh directory under {@code ./runs}
     * @param force whether {@code --force} was given
     * @param name the command name (used for fresh directory names)
     * @param resultFiles the file names the command writes (named in the refusal message)
     * @throws IllegalArgumentException if {@code out} is a file or already holds files and
     *     {@code force} is false
     */
    public static Path resolve(Path out, boolean force, String name, String... resultFiles) throws IOException {
        return resolve(out, force, name, Path.of(""), LocalDateTime.now(), resultFiles);
    }

    /** As {@link #resolve(Path, boolean, String, String...)} with an explicit base directory and time. */
    public static Path resolve(Path out, boolean force, String name, Path base, LocalDateTime now,
            String... resultFiles) throws IOException {
        if (out != null) {
            check(out, force, resultFiles);
            Files.createDirectories(out);
            return out;
        }
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("run name '" + name + "' must be a non-empty plain name");
        }
        Path runs = base.resolve("runs");
        Files.createDirectories(runs);
        String stem = name + "-" + STAMP.format(now);
        for (int i = 1; ; i++) {
            Path dir = runs.resolve(i == 1 ? stem : stem + "-" + i);
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // taken (by an earlier run or a concurrent one): try the next suffix
            }
        }
    }

    /** Throws if the nearest existing ancestor of {@code out} is a file (nothing could be created below it). */
    static void checkAncestors(Path out) {
        for (Path p = out.toAbsolutePath().normalize().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new IllegalArgumentException("--out " + out + ": " + p + " is a file, not a directory");
                }
                return;
            }
        }
    }

    /**
     * Checks an {@code --out} directory without creating anything: throws
     * {@link IllegalArgumentException} if it is a file or the root, if a result name is held
     * by the wrong kind of entry, or if it holds anything and {@code force} is false.
     */
    public static void check(Path out, boolean force, String... resultFiles) throws IOException {
        Path abs = out.toAbsolutePath().normalize();
        if (abs.getParent() == null) {
            throw new IllegalArgumentException("--out " + out + " is the file-system root; give a directory for the results");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file, expected a directory");
        }
        checkAncestors(out);
        if (!Files.isDirectory(out)) {
            return;
        }
        List<String> found = new ArrayList<>();
        for (String f : resultFiles) {
            boolean wantDir = f.endsWith("/");
            String name = wantDir ? f.substring(0, f.length() - 1) : f;
            Path p = out.resolve(name);
            if (Files.exists(p)) {
                if (Files.isDirectory(p) != wantDir) {
                    throw new IllegalArgumentException("--out " + out + ": " + p + " is a "
                            + (wantDir ? "file" : "directory") + " but the results need it to be a "
                            + (wantDir ? "directory" : "file") + "; remove it or choose another directory");
                }
                found.add(name);
            }
        }
        if (force) {
            return;
        }
        if (Files.exists(out.resolve(RunMarker.FILE))) {
            throw new IllegalArgumentException("--out " + out + " holds an incomplete run (its writer stopped before "
                    + "finishing: see " + out.resolve(RunMarker.FILE) + "); use --force to replace it or choose another directory");
        }
        if (!found.isEmpty()) {
            throw new IllegalArgumentException("--out " + out + " already holds results ("
                    + String.join(", ", found) + "); use --force to overwrite or choose another directory");
        }
        try (Stream<Path> s = Files.list(out)) {
            if (s.anyMatch(p -> !p.getFileName().toString().equals(RunLock.FILE))) {
                throw new IllegalArgumentException("--out " + out
                        + " is not empty; use --force to write into it anyway or choose another directory");
            }
        }
    }
}
