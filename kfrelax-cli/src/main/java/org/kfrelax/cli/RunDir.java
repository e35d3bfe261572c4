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
 * Resolves and creates a command's output directory.
 *
 * <ul>
 *   <li>With {@code --out DIR}: DIR must not be an existing file; if it exists it must be
 *       empty, unless {@code --force} is given (then existing files are kept and the command
 *       overwrites its own result files atomically; nothing is deleted). DIR and its parents
 *       are created if needed.</li>
 *   <li>Without {@code --out}: a new directory {@code runs/<name>-<yyyyMMdd-HHmmss>} under
 *       the given base (the current directory for commands), with {@code -2}, {@code -3}, ...
 *       appended if that name is taken. Creation is atomic, so two runs started in the same
 *       second (even in one JVM) get different directories.</li>
 * </ul>
 *
 * Commands should validate all their other options before calling this, so that bad input
 * leaves nothing behind.
 */
public final class RunDir {
    private RunDir() {}

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

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

    /**
     * Checks an {@code --out} directory without creating anything: throws
     * {@link IllegalArgumentException} if it is a file, or if it holds anything and
     * {@code force} is false.
     */
    public static void check(Path out, boolean force, String... resultFiles) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file, expected a directory");
        }
        if (force || !Files.isDirectory(out)) {
            return;
        }
        List<String> found = new ArrayList<>();
        for (String f : resultFiles) {
            if (Files.exists(out.resolve(f))) {
                found.add(f);
            }
        }
        if (!found.isEmpty()) {
            throw new IllegalArgumentException("--out " + out + " already holds results ("
                    + String.join(", ", found) + "); use --force to overwrite or choose another directory");
        }
        try (Stream<Path> s = Files.list(out)) {
            if (s.findAny().isPresent()) {
                throw new IllegalArgumentException("--out " + out
                        + " is not empty; use --force to write into it anyway or choose another directory");
            }
        }
    }
}
