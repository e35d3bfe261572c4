package org.kfrelax.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads back a numeric CSV series that {@link CsvWriter} wrote (a checkpoint's episodes.csv) as
 * rows of the values that wrote it: an empty cell is null, a number with a point or exponent a
 * {@link Double}, any other number a {@link Long}. Writing those rows again with
 * {@link CsvWriter} gives the same text ({@link Double#toString} round-trips), which is how a
 * resumed run's episodes.csv starts with the interrupted run's rows unchanged.
 */
final class EpisodeRows {
    private EpisodeRows() {}

    /** Maximum size read (a 10⁶-episode run is about 100 MB). */
    static final long MAX_BYTES = 1L << 30;

    /**
     * The rows of {@code file}, whose header must be {@code columns}.
     *
     * @throws IllegalArgumentException naming the file and line if it is not such a series
     */
    static List<Object[]> read(Path file, String[] columns) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no episode series at " + file);
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IllegalArgumentException(file + " is larger than " + MAX_BYTES + " bytes");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(String.join(",", columns))) {
            throw new IllegalArgumentException(file + ": header is not " + String.join(",", columns));
        }
        List<Object[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length != columns.length) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + cells.length + " cells, expected "
                        + columns.length);
            }
            Object[] row = new Object[cells.length];
            for (int j = 0; j < cells.length; j++) {
                row[j] = value(cells[j], file, i + 1);
            }
            rows.add(row);
        }
        return rows;
    }

    private static Object value(String cell, Path file, int line) {
        if (cell.isEmpty()) {
            return null;
        }
        try {
            if (cell.indexOf('.') >= 0 || cell.indexOf('E') >= 0) {
                double d = Double.parseDouble(cell);
                if (!Double.isFinite(d) || !Double.toString(d).equals(cell)) {
                    throw new NumberFormatException();
                }
                return d;
            }
            return Long.parseLong(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ":" + line + ": '" + cell + "' is not a number as kfrelax writes them");
        }
    }
}
