package org.kfrelax.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * The envelope of kfrelax's binary files ({@link StateFile}, {@code nn.ParamFile}): 8 ASCII
 * magic bytes, an int version, the body, then a CRC-32 of everything before it as a long
 * (big-endian). Opening checks size, magic, version and checksum, in that order, before the
 * body is read.
 */
public final class Envelope {
    private Envelope() {}

    /** Writes a body into a {@link DataOutputStream}. */
    @FunctionalInterface
    public interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /** The bytes of {@code body} in the envelope {@code magic}, {@code version}. */
    public static byte[] wrap(byte[] magic, int version, Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(magic);
            out.writeInt(version);
            body.write(out);
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The body of {@code data}, checked: {@code source} names the file and {@code kind} what it
     * should be (e.g. "parameter file") in the {@link IllegalArgumentException}s.
     */
    public static DataInputStream open(byte[] data, byte[] magic, int version, String source, String kind) {
        if (data.length < magic.length + 16) {
            throw new IllegalArgumentException(source + ": not a kfrelax " + kind + " (too short: " + data.length + " bytes)");
        }
        for (int i = 0; i < magic.length; i++) {
            if (data[i] != magic[i]) {
                throw new IllegalArgumentException(source + ": not a kfrelax " + kind + " (bad magic)");
            }
        }
        int found = ByteBuffer.wrap(data, magic.length, 4).getInt();
        if (found != version) {
            throw new IllegalArgumentException(source + ": " + kind + " version " + found
                    + " is not supported (this kfrelax reads version " + version + ")");
        }
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - 8);
        if (ByteBuffer.wrap(data, data.length - 8, 8).getLong() != crc.getValue()) {
            throw new IllegalArgumentException(source + ": " + kind + " is corrupt or truncated (checksum mismatch)");
        }
        return new DataInputStream(new ByteArrayInputStream(data, magic.length + 4, data.length - magic.length - 12));
    }
}
