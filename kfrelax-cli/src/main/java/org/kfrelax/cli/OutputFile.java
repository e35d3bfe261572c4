package org.kfrelax.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rule for a command's single output file ({@code rollout --out FILE.csv},
 * {@code render --out FILE.gif}), as {@link RunDir} is for output directories: the path must
 * name a file (not a directory, not the file-system root), its nearest existing ancestor must
 * be a directory, and an existing file is overwritten only with {@code --force}.
 */
final class OutputFile {
    private OutputFile() {}

    /**
     * Checks {@code out} before any work; throws {@link IllegalArgumentException} naming it.
     *
     * @param expected what the file should be, e.g. "a .csv file"
     */
    static void check(Path out, boolean force, String expected) {
        Path abs = out.toAbsolutePath().normalize();
        if (abs.getParent() == null || abs.getFileName() == null) {
            throw new IllegalArgumentException("--out " + out + " is the file-system root; expected " + expected);
        }
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a directory; expected " + expected);
        }
        RunDir.checkAncestors(out);
        if (!force && Files.exists(out)) {
            throw new IllegalArgumentException("--out " + out + " already exists; use --force to overwrite it");
        }
    }
}
