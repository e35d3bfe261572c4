package org.kfrelax.state;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * kfrelax's own versioned binary format for a {@link TrainingState} (never Java serialization).
 *
 * <p>Layout (big-endian, in an {@link Envelope}): magic {@code "KFRXSTAT"}, int version (1), int count, then per entry:
 * UTF name, byte kind (1 = doubles, 2 = longs), int length, the values (8 bytes each; doubles
 * as their IEEE bits, so NaN and −0.0 survive); finally a CRC-32 of everything before it, as a
 * long. Decoding checks magic, version and checksum before reading entries, and each declared
 * length against the bytes left before allocating.
 */
public final class StateFile {
    private StateFile() {}

    private static final byte[] MAGIC = "KFRXSTAT".getBytes(StandardCharsets.US_ASCII);
    /** Current format version. */
    public static final int VERSION = 1;
    private static final byte DOUBLES = 1;
    private static final byte LONGS = 2;

    /** The serialized bytes of {@code state} (entries in the order written). */
    public static byte[] encode(TrainingState state) {
        return Envelope.wrap(MAGIC, VERSION, out -> {
            out.writeInt(state.names().size());
            for (String name : state.names()) {
                Object v = state.raw(name);
                out.writeUTF(name);
                if (v instanceof double[] d) {
                    out.writeByte(DOUBLES);
                    out.writeInt(d.length);
                    for (double x : d) {
                        out.writeLong(Double.doubleToRawLongBits(x));
                    }
                } else {
                    long[] l = (long[]) v;
                    out.writeByte(LONGS);
                    out.writeInt(l.length);
                    for (long x : l) {
                        out.writeLong(x);
                    }
                }
            }
        });
    }

    /** Decodes and validates a file's bytes; {@code source} names it in error messages. */
    public static TrainingState decode(byte[] data, String source) {
        try (DataInputStream in = Envelope.open(data, MAGIC, VERSION, source, "state file")) {
            int count = in.readInt();
            if (count < 0) {
                throw new IllegalArgumentException(source + ": negative entry count " + count);
            }
            TrainingState state = new TrainingState();
            for (int k = 0; k < count; k++) {
                String name = in.readUTF();
                byte kind = in.readByte();
                int length = in.readInt();
                if (length < 0 || (long) length * 8 > in.available()) {
                    throw new IllegalArgumentException(source + ": entry '" + name + "' declares " + length
                            + " values, more than the file holds");
                }
                if (kind == DOUBLES) {
                    double[] d = new double[length];
                    for (int i = 0; i < length; i++) {
                        d[i] = Double.longBitsToDouble(in.readLong());
                    }
                    state.putDoubles(name, d);
                } else if (kind == LONGS) {
                    long[] l = new long[length];
                    for (int i = 0; i < length; i++) {
                        l[i] = in.readLong();
                    }
                    state.putLongs(name, l);
                } else {
                    throw new IllegalArgumentException(source + ": entry '" + name + "' has unknown kind " + kind);
                }
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException(source + ": trailing bytes after " + count + " entries");
            }
            return state;
        } catch (EOFException e) {
            throw new IllegalArgumentException(source + ": state file is truncated");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
