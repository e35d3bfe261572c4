package org.kfrelax.nn;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.state.Envelope;

/**
 * Saves and loads named parameters in kfrelax's own versioned binary format (never Java
 * serialization).
 *
 * <p>Layout (big-endian): magic {@code "KFRXPARM"}, int version (1), int count, then per
 * tensor: UTF name, byte rank, int rows, int cols, rows·cols doubles; finally a CRC-32 of
 * everything before it, as a long. Loading checks the size (at most {@value #MAX_BYTES} bytes,
 * before reading), magic, version, checksum, names, shapes and that every value is finite
 * before touching any parameter, so a wrong, truncated or diverged file never half-loads a model.
 * Saving writes a temporary file beside the target and renames it.
 */
public final class ParamFile {
    private ParamFile() {}

    private static final byte[] MAGIC = "KFRXPARM".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Current format version. */
    public static final int VERSION = 1;
    /** The largest parameter file read: 256 MiB, about 33 million parameters. */
    public static final int MAX_BYTES = 256 << 20;

    /** The serialized bytes of {@code params} (in map order). */
    public static byte[] encode(Map<String, Tensor> params) {
        return Envelope.wrap(MAGIC, VERSION, out -> {
            out.writeInt(params.size());
            for (Map.Entry<String, Tensor> e : params.entrySet()) {
                Tensor t = e.getValue();
                if (!t.isFinite()) {
                    throw new IllegalArgumentException("parameter '" + e.getKey() + "' contains NaN or Inf; refusing to save it");
                }
                out.writeUTF(e.getKey());
                out.writeByte(t.rank());
                out.writeInt(t.rows());
                out.writeInt(t.cols());
                for (double d : t.data()) {
                    out.writeDouble(d);
                }
            }
        });
    }

    /** Writes {@code params} to {@code file} atomically. */
    public static void save(Path file, Map<String, Tensor> params) throws IOException {
        byte[] data = encode(params);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, data);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A decoded entry. */
    public record Entry(String name, int rank, int rows, int cols, double[] values) {}

    /** Decodes and validates a file's bytes; {@code source} names it in error messages. */
    public static List<Entry> decode(byte[] data, String source) {
        try (DataInputStream in = Envelope.open(data, MAGIC, VERSION, source, "parameter file")) {
            int count = in.readInt();
            List<Entry> entries = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                String name = in.readUTF();
                int rank = in.readByte();
                int rows = in.readInt();
                int cols = in.readInt();
                if (rank < 0 || rank > 2 || rows <= 0 || cols <= 0 || 8L * rows * cols > data.length) {
                    throw new IllegalArgumentException(source + ": invalid shape for '" + name + "'");
                }
                double[] v = new double[rows * cols];
                for (int i = 0; i < v.length; i++) {
                    v[i] = in.readDouble();
                    if (!Double.isFinite(v[i])) {
                        throw new IllegalArgumentException(source + ": parameter '" + name + "' holds " + v[i]
                                + " at index " + i + "; a checkpoint's parameters must be finite");
                    }
                }
                entries.add(new Entry(name, rank, rows, cols, v));
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException(source + ": trailing bytes after " + count + " parameters");
            }
            return entries;
        } catch (EOFException e) {
            throw new IllegalArgumentException(source + ": parameter file is truncated");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Loads {@code file} into {@code into}: every name must be present with the same shape,
     * and nothing is changed unless the whole file is valid.
     */
    public static void load(Path file, Map<String, Tensor> into) throws IOException {
        loadBytes(read(file), file.toString(), into);
    }

    /** The bytes of {@code file}, refused before reading if it is not a file or larger than {@link #MAX_BYTES}. */
    public static byte[] read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("parameter file not found: " + file);
        }
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IllegalArgumentException(file + " is " + size + " bytes, more than " + MAX_BYTES
                    + ", the limit for a parameter file");
        }
        return Files.readAllBytes(file);
    }

    /** Same as {@link #load} from bytes. */
    public static void loadBytes(byte[] data, String source, Map<String, Tensor> into) {
        List<Entry> entries = decode(data, source);
        Map<String, Entry> byName = new LinkedHashMap<>();
        for (Entry e : entries) {
            byName.put(e.name(), e);
        }
        if (!byName.keySet().equals(into.keySet())) {
            throw new IllegalArgumentException(source + ": holds parameters " + byName.keySet()
                    + " but the model has " + into.keySet());
        }
        for (Map.Entry<String, Tensor> m : into.entrySet()) {
            Entry e = byName.get(m.getKey());
            Tensor t = m.getValue();
            if (e.rank() != t.rank() || e.rows() != t.rows() || e.cols() != t.cols()) {
                throw new IllegalArgumentException(source + ": parameter '" + m.getKey() + "' has shape "
                        + e.rows() + "x" + e.cols() + " (rank " + e.rank() + ") but the model expects " + t.shape());
            }
        }
        for (Map.Entry<String, Tensor> m : into.entrySet()) {
            double[] v = byName.get(m.getKey()).values();
            System.arraycopy(v, 0, m.getValue().data(), 0, v.length);
        }
    }

    /** Names an MLP's parameters {@code prefix.<layer>.weight}/{@code .bias}, in order. */
    public static Map<String, Tensor> named(String prefix, Mlp mlp) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        List<Linear> ls = mlp.layers();
        for (int i = 0; i < ls.size(); i++) {
            m.put(prefix + "." + i + ".weight", ls.get(i).weight());
            m.put(prefix + "." + i + ".bias", ls.get(i).bias());
        }
        return m;
    }
}
