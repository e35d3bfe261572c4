package org.kfrelax.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes a CSV series: a header, then rows. UTF-8, {@code \n} line ends, comma-separated,
 * RFC 4180 quoting for text that holds a comma, quote or line break.
 *
 * <p><b>Atomicity:</b> rows go to {@code <name>.<random>.partial} in the target's directory, a
 * name no other writer uses (flushed at least once a second, so a long run can be watched with
 * {@code tail -f <name>.*.partial}); {@link #commit()} renames it atomically to {@code <name>}.
 * {@link #close()} without {@code commit()} (an exception in a try-with-resources block)
 * deletes the partial file. A killed process leaves only the {@code .partial} file: a file that
 * does not look complete. Any existing {@code <name>} stays untouched until the commit.
 *
 * <p><b>Numbers:</b> {@code double} as {@link Double#toString(double)} (shortest decimal that
 * reads back to the same double, e.g. {@code 0.1}, {@code 1.0E-5}), {@code float} as
 * {@link Float#toString(float)}, integers as such; never locale-dependent. Non-finite values
 * are <b>rejected</b> ({@link IllegalArgumentException} naming the file, row and column);
 * {@code null} writes an empty cell (a missing value). Booleans are written as {@code 0}/{@code 1};
 * strings as given (quoted if needed).
 *
 * <p>Usage:
 * <pre>{@code
 * try (CsvWriter csv = CsvWriter.open(dir.resolve("episodes.csv"), "episode", "return")) {
 *     for (...) csv.row(episode, ret);
 *     csv.commit();
 * }
 * }</pre>
 * Not thread-safe.
 */
public final class CsvWriter implements Closeable {
    private static final long FLUSH_NANOS = 1_000_000_000L;

    private final Path target;
    private final Path partial;
    private final String[] header;
    private final Writer out;
    private final StringBuilder line = new StringBuilder(128);
    private long rows;
    private long lastFlush = System.nanoTime();
    private boolean finished;

    private CsvWriter(Path target, String[] header) throws IOException {
        if (header.length == 0) {
            throw new IllegalArgumentException(target + ": a CSV needs at least one column");
        }
        for (String h : header) {
            if (h == null || h.isEmpty()) {
                throw new IllegalArgumentException(target + ": empty column name in header");
            }
        }
        Path abs = target.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException(target + " is a directory, expected a file");
        }
        Files.createDirectories(abs.getParent());
        this.target = abs;
        this.partial = AtomicFiles.createTemp(abs, abs.getFileName() + ".", ".partial");
        this.header = header.clone();
        this.out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8, StandardOpenOption.WRITE);
        for (int i = 0; i < header.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            appendText(header[i]);
        }
        endLine();
        rows = 0;
    }

    /** Opens {@code file} for writing with the given column names. */
    public static CsvWriter open(Path file, String... header) throws IOException {
        return new CsvWriter(file, header);
    }

    /** Opens {@code file} for writing with the given column names. */
    public static CsvWriter open(Path file, List<String> header) throws IOException {
        return new CsvWriter(file, header.toArray(String[]::new));
    }

    /** The column names. */
    public List<String> header() {
        return List.of(header);
    }

    /** The number of data rows written so far. */
    public long rows() {
        return rows;
    }

    /** Writes a row of numbers (one per column); an array, so it does not compete with {@link #row(Object...)}. */
    public CsvWriter row(double[] values) throws IOException {
        checkOpen(values.length);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            appendDouble(values[i], i);
        }
        return endLine();
    }

    /**
     * Writes a row of values (one per column): {@link Number}, {@link String}, {@link Boolean}
     * (0/1), {@link Enum} (its name), or null (empty cell).
     */
    public CsvWriter row(Object... values) throws IOException {
        checkOpen(values.length);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            Object v = values[i];
            if (v == null) {
                continue;
            } else if (v instanceof Double d) {
                appendDouble(d, i);
            } else if (v instanceof Float f) {
                if (!Float.isFinite(f)) {
                    throw nonFinite(f, i);
                }
                line.append(Float.toString(f));
            } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                    || v instanceof java.math.BigInteger || v instanceof java.math.BigDecimal) {
                line.append(v instanceof java.math.BigDecimal bd ? bd.toPlainString() : v.toString());
            } else if (v instanceof Number n) {
                appendDouble(n.doubleValue(), i);
            } else if (v instanceof Boolean b) {
                line.append(b ? '1' : '0');
            } else if (v instanceof Enum<?> e) {
                appendText(e.name());
            } else if (v instanceof CharSequence s) {
                appendText(s.toString());
            } else {
                line.setLength(0);
                throw new IllegalArgumentException(target.getFileName() + " column " + header[i]
                        + ": cannot write a " + v.getClass().getSimpleName() + " to CSV");
            }
        }
        return endLine();
    }

    /** Forces buffered rows out to the partial file. */
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw AtomicFiles.naming(partial, e);
        }
        lastFlush = System.nanoTime();
    }

    /** Finishes the file: flushes, forces to disk, and renames it to its final name atomically. */
    public void commit() throws IOException {
        if (finished) {
            throw new IllegalStateException(target.getFileName() + " is already committed or closed");
        }
        finished = true;
        boolean ok = false;
        try {
            try {
                out.close();
            } catch (IOException e) {
                throw AtomicFiles.naming(partial, e);
            }
            AtomicFiles.commit(partial, target);
            ok = true;
        } finally {
            if (!ok) {
                Files.deleteIfExists(partial);
            }
        }
    }

    /** Aborts the file unless {@link #commit()} was called: the partial file is deleted. */
    @Override
    public void close() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            out.close();
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The path the committed file will have. */
    public Path target() {
        return target;
    }

    private void checkOpen(int n) {
        if (finished) {
            throw new IllegalStateException(target.getFileName() + " is already committed or closed");
        }
        if (n != header.length) {
            throw new IllegalArgumentException(target.getFileName() + " row " + (rows + 1) + ": " + n
                    + " values for " + header.length + " columns " + List.of(header));
        }
    }

    private void appendDouble(double v, int col) {
        if (!Double.isFinite(v)) {
            throw nonFinite(v, col);
        }
        line.append(Double.toString(v));
    }

    private IllegalArgumentException nonFinite(double v, int col) {
        line.setLength(0);
        return new IllegalArgumentException(target.getFileName() + " row " + (rows + 1) + " column " + header[col]
                + ": non-finite value " + v + " (results must be finite; pass null for a missing value)");
    }

    private void appendText(String s) {
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            line.append(s);
            return;
        }
        line.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                line.append('"');
            }
            line.append(c);
        }
        line.append('"');
    }

    private CsvWriter endLine() throws IOException {
        line.append('\n');
        try {
            out.append(line);
        } catch (IOException e) {
            throw AtomicFiles.naming(partial, e);
        }
        line.setLength(0);
        rows++;
        if (System.nanoTime() - lastFlush > FLUSH_NANOS) {
            flush();
        }
        return this;
    }
}
