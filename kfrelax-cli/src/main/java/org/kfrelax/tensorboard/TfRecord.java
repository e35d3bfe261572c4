package org.kfrelax.tensorboard;

import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard event files: each record is
 * <pre>
 *   uint64 length | uint32 maskedCrc(length) | data[length] | uint32 maskedCrc(data)
 * </pre>
 * all integers little-endian, crc = CRC-32C (Castagnoli; the JDK's {@link CRC32C}) and
 * maskedCrc(x) = ((crc &gt;&gt;&gt; 15) | (crc &lt;&lt; 17)) + 0xa282ead8 (mod 2³²), the masking
 * TensorFlow applies so that a CRC of data that holds CRCs is not itself a CRC
 * (TensorFlow's {@code tsl/lib/hash/crc32c.h}, {@code kMaskDelta}).
 */
public final class TfRecord {
    /** TensorFlow's mask delta. */
    static final int MASK_DELTA = 0xa282ead8;

    private TfRecord() {}

    /** The masked CRC-32C of {@code data[off, off + len)}. */
    public static int maskedCrc32c(byte[] data, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(data, off, len);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    /** The framed record of {@code data}: 8 + 4 + data.length + 4 bytes. */
    public static byte[] frame(byte[] data) {
        byte[] r = new byte[16 + data.length];
        putLong(r, 0, data.length);
        putInt(r, 8, maskedCrc32c(r, 0, 8));
        System.arraycopy(data, 0, r, 12, data.length);
        putInt(r, 12 + data.length, maskedCrc32c(data, 0, data.length));
        return r;
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    private static void putInt(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
