package org.kfrelax.cli;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kfrelax.rl.UpdateMetrics;

/**
 * {@code updates.csv}: one row per update from the library's {@link UpdateMetrics} callback, the
 * same values the TensorBoard event file gets. Columns {@code update, episode, total_steps},
 * then the agent's metric names in its order (e.g. {@code policy/entropy}); a non-finite value
 * is an empty cell. Opened at the first update (the names are known only then); a run without
 * an update writes no file. Written like every CSV ({@link CsvWriter}: partial file, then commit).
 */
final class UpdatesCsv implements Closeable {
    static final String FILE = "updates.csv";

    private final Path file;
    private CsvWriter csv;
    private List<String> names;

    UpdatesCsv(Path dir) {
        this.file = dir.resolve(FILE);
    }

    /** Appends one update's row. */
    void add(UpdateMetrics m) throws IOException {
        if (csv == null) {
            names = List.copyOf(m.values().keySet());
            List<String> header = new ArrayList<>(List.of("update", "episode", "total_steps"));
            header.addAll(names);
            csv = CsvWriter.open(file, header);
        } else if (!names.equals(List.copyOf(m.values().keySet()))) {
            throw new IllegalStateException("update " + m.update() + " reports " + m.values().keySet()
                    + ", expected the names of the first update " + names);
        }
        Object[] row = new Object[3 + names.size()];
        row[0] = m.update();
        row[1] = m.episode();
        row[2] = m.totalSteps();
        for (int i = 0; i < names.size(); i++) {
            double v = m.values().get(names.get(i));
            row[3 + i] = Double.isFinite(v) ? v : null;
        }
        csv.row(row);
    }

    /** Renames the file into place (nothing if there was no update). */
    void commit() throws IOException {
        if (csv != null) {
            csv.commit();
        }
    }

    /** Discards the partial file unless committed. */
    @Override
    public void close() throws IOException {
        if (csv != null) {
            csv.close();
        }
    }
}
