package org.kfrelax.tensorboard;

import com.google.protobuf.CodedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes scalars to a TensorBoard event file {@code events.out.tfevents.<seconds>.<host>} in a
 * run directory, readable by {@code tensorboard --logdir} while the run goes on. The file is a
 * sequence of {@link TfRecord}s, each an {@code Event} protocol buffer (TensorFlow's
 * {@code event.proto} / {@code summary.proto}; only the fields used here):
 * <pre>
 *   Event   { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
 *   Summary { repeated Value value = 1; }
 *   Value   { string tag = 1; float simple_value = 2; }
 * </pre>
 * The first record has {@code file_version = "brain.Event:2"}; then one Event per
 * {@link #scalars} call, all its values in one Summary. Messages are encoded with protobuf's
 * {@link CodedOutputStream} (no generated classes). Non-finite values are left out (a NaN
 * gradient log-variance before the first update, like an empty CSV cell).
 *
 * <p><b>Crash safety:</b> every record is written whole and flushed to the file, so a killed run
 * leaves a readable file (TensorBoard's reader stops at a truncated last record). Opening
 * removes any other event file in the directory (a forced rerun replaces the old curves).
 * Not thread-safe.
 */
public final class TensorBoardWriter implements Closeable {
    /** File-name prefix TensorBoard looks for. */
    public static final String PREFIX = "events.out.tfevents.";
    /** The event-file format version TensorBoard expects in the first record. */
    public static final String FILE_VERSION = "brain.Event:2";

    private final Path file;
    private final OutputStream out;
    private boolean closed;

    private TensorBoardWriter(Path file) throws IOException {
        this.file = file;
        this.out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        write(versionEvent(wallTime()));
    }

    /** Creates the event file in {@code dir} (created if needed), replacing any event file there. */
    public static TensorBoardWriter open(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Path old : eventFiles(dir)) {
            Files.deleteIfExists(old);
        }
        long secs = System.currentTimeMillis() / 1000;
        return new TensorBoardWriter(dir.resolve(PREFIX + secs + "." + host()));
    }

    /** The event files in {@code dir}, sorted by name. */
    public static List<Path> eventFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        return files;
    }

    /** The event file written. */
    public Path file() {
        return file;
    }

    /**
     * Writes one Event at {@code step} holding every finite value of {@code values} (tag → value,
     * in the map's order); nothing if none is finite.
     */
    public void scalars(long step, Map<String, Double> values) throws IOException {
        if (closed) {
            throw new IllegalStateException(file.getFileName() + " is closed");
        }
        byte[] summary = summary(values);
        if (summary.length > 0) {
            write(scalarEvent(wallTime(), step, summary));
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }

    private void write(byte[] event) throws IOException {
        out.write(TfRecord.frame(event));
        out.flush();
    }

    private static double wallTime() {
        return System.currentTimeMillis() / 1000.0;
    }

    /** Event{wall_time, file_version}. */
    static byte[] versionEvent(double wallTime) throws IOException {
        byte[] b = new byte[CodedOutputStream.computeDoubleSize(1, wallTime)
                + CodedOutputStream.computeStringSize(3, FILE_VERSION)];
        CodedOutputStream c = CodedOutputStream.newInstance(b);
        c.writeDouble(1, wallTime);
        c.writeString(3, FILE_VERSION);
        c.checkNoSpaceLeft();
        return b;
    }

    /** Event{wall_time, step, summary} with an encoded Summary. */
    static byte[] scalarEvent(double wallTime, long step, byte[] summary) throws IOException {
        byte[] b = new byte[CodedOutputStream.computeDoubleSize(1, wallTime) + CodedOutputStream.computeInt64Size(2, step)
                + CodedOutputStream.computeByteArraySize(5, summary)];
        CodedOutputStream c = CodedOutputStream.newInstance(b);
        c.writeDouble(1, wallTime);
        c.writeInt64(2, step);
        c.writeByteArray(5, summary);
        c.checkNoSpaceLeft();
        return b;
    }

    /** Summary{value: Value{tag, simple_value} per finite entry}; empty if none. */
    static byte[] summary(Map<String, Double> values) throws IOException {
        List<byte[]> encoded = new ArrayList<>();
        int size = 0;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            Double v = e.getValue();
            if (v == null || !Double.isFinite(v) || !Float.isFinite(v.floatValue())) {
                continue;
            }
            byte[] value = new byte[CodedOutputStream.computeStringSize(1, e.getKey())
                    + CodedOutputStream.computeFloatSize(2, v.floatValue())];
            CodedOutputStream c = CodedOutputStream.newInstance(value);
            c.writeString(1, e.getKey());
            c.writeFloat(2, v.floatValue());
            c.checkNoSpaceLeft();
            encoded.add(value);
            size += CodedOutputStream.computeByteArraySize(1, value);
        }
        byte[] b = new byte[size];
        CodedOutputStream c = CodedOutputStream.newInstance(b);
        for (byte[] value : encoded) {
            c.writeByteArray(1, value);
        }
        c.checkNoSpaceLeft();
        return b;
    }

    /** The host name for the file name (letters, digits, '-' and '.'; "localhost" if unknown). */
    private static String host() {
        String h;
        try {
            h = InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            h = "localhost";
        }
        h = h.replaceAll("[^A-Za-z0-9.-]", "_");
        return h.isEmpty() ? "localhost" : h;
    }
}
