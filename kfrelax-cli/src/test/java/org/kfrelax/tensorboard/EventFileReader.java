package org.kfrelax.tensorboard;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Test-side reader of event files, written independently of {@link TfRecord}: parses the TFRecord
 * framing, checks both masked CRCs (masking done in 64-bit arithmetic, not with the writer's
 * code), and decodes each Event with protobuf's {@link CodedInputStream}. A truncated last
 * record ends the file, as in TensorBoard's reader; a CRC mismatch is an error.
 */
public final class EventFileReader {
    /** One decoded Event: scalars empty for the version event. */
    public record Event(double wallTime, long step, String fileVersion, Map<String, Float> scalars) {}

    private EventFileReader() {}

    static long mask(long crc) {
        long rotated = ((crc >>> 15) | (crc << 17)) & 0xffffffffL;
        return (rotated + 0xa282ead8L) & 0xffffffffL;
    }

    static long crc32c(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return c.getValue();
    }

    public static List<Event> read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        int pos = 0;
        while (pos + 12 <= all.length) {
            long length = buf.getLong(pos);
            long lengthCrc = buf.getInt(pos + 8) & 0xffffffffL;
            if (lengthCrc != mask(crc32c(all, pos, 8))) {
                throw new IOException(file + ": bad length CRC at byte " + pos);
            }
            if (pos + 12 + length + 4 > all.length) {
                break;   // truncated last record
            }
            int n = (int) length;
            long dataCrc = buf.getInt(pos + 12 + n) & 0xffffffffL;
            if (dataCrc != mask(crc32c(all, pos + 12, n))) {
                throw new IOException(file + ": bad data CRC at byte " + pos);
            }
            events.add(decodeEvent(CodedInputStream.newInstance(all, pos + 12, n)));
            pos += 12 + n + 4;
        }
        return events;
    }

    private static Event decodeEvent(CodedInputStream in) throws IOException {
        double wall = Double.NaN;
        long step = 0;
        String version = null;
        Map<String, Float> scalars = new LinkedHashMap<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> wall = in.readDouble();
                case 2 -> step = in.readInt64();
                case 3 -> version = in.readString();
                case 5 -> decodeSummary(in.readBytes().newCodedInput(), scalars);
                default -> throw new IOException("unexpected Event field " + WireFormat.getTagFieldNumber(tag));
            }
        }
        return new Event(wall, step, version, scalars);
    }

    private static void decodeSummary(CodedInputStream in, Map<String, Float> scalars) throws IOException {
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) != 1) {
                throw new IOException("unexpected Summary field " + WireFormat.getTagFieldNumber(tag));
            }
            CodedInputStream v = in.readBytes().newCodedInput();
            String name = null;
            Float value = null;
            for (int t = v.readTag(); t != 0; t = v.readTag()) {
                switch (WireFormat.getTagFieldNumber(t)) {
                    case 1 -> name = v.readString();
                    case 2 -> value = v.readFloat();
                    default -> throw new IOException("unexpected Value field " + WireFormat.getTagFieldNumber(t));
                }
            }
            if (name == null || value == null || scalars.put(name, value) != null) {
                throw new IOException("Value without tag or simple_value, or a tag twice: " + name);
            }
        }
    }
}
