package org.kfrelax.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes a run directory either complete or visibly incomplete. {@link #begin} writes the marker
 * file {@value #FILE} <em>before</em> anything else in the directory changes, then removes the
 * results that the new run will not replace one by one (e.g. an old summary.json and plots, so
 * that they never sit beside a new episodes.csv) and what a killed writer leaves behind
 * (kfrelax's temporary files and directories: {@code .<name>.<hex>.tmp},
 * {@code <name>.<hex>.partial}, {@code .model.old.<hex>}, {@code .model.tmp.<hex>}); {@link #finish} removes the marker <em>after</em> the last result is
 * written. A directory holding {@value #FILE} is being written, or its writer stopped (crash,
 * kill, full disk) before finishing, and its files must not be taken as one result.
 *
 * <p>Call both while holding the directory's {@link RunLock}: only then is every temporary
 * file in it known to be stale.
 */
public final class RunMarker {
    private RunMarker() {}

    /** The marker's file name. */
    public static final String FILE = "INCOMPLETE";

    private static final String TEXT = "kfrelax is writing this run directory, or its writer stopped before finishing:\n"
            + "the files here are not a complete result. This file is removed when the run completes.\n";

    /**
     * Marks {@code dir} incomplete, then deletes {@code stale} (names of result files or
     * directories in it that the new run writes only at its end) and leftover temporaries.
     */
    public static void begin(Path dir, String... stale) throws IOException {
        AtomicFiles.writeString(dir.resolve(FILE), TEXT);
        for (String name : stale) {
            AtomicFiles.deleteTree(dir.resolve(name));
        }
        List<Path> leftovers;
        try (Stream<Path> s = Files.list(dir)) {
            leftovers = s.filter(p -> isLeftover(p.getFileName().toString())).toList();
        }
        for (Path p : leftovers) {
            AtomicFiles.deleteTree(p);
        }
    }

    /** Marks {@code dir} complete: call after its last result file is written. */
    public static void finish(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(FILE));
        AtomicFiles.syncDirectory(dir);
    }

    /** Whether {@code dir} carries the marker. */
    public static boolean isIncomplete(Path dir) {
        return Files.exists(dir.resolve(FILE));
    }

    /**
     * The random part of kfrelax's temporary names ({@code Long.toHexString(random >>> 16)}: 1 to
     * 12 hex digits), so that a user's own {@code notes.partial} or {@code .x.tmp} is never taken
     * for a leftover.
     */
    private static final java.util.regex.Pattern LEFTOVER = java.util.regex.Pattern.compile(
            "\\..+\\.[0-9a-f]{1,12}\\.tmp|.+\\.[0-9a-f]{1,12}\\.partial|\\.model\\.(old|tmp)\\.[0-9a-f]{1,12}");

    /** A temporary name of {@link AtomicFiles}, {@link CsvWriter} or {@link Checkpoint}. */
    static boolean isLeftover(String name) {
        return LEFTOVER.matcher(name).matches();
    }
}
