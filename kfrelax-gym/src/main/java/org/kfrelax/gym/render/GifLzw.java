package org.kfrelax.gym.render;

import java.io.ByteArrayOutputStream;

/**
 * GIF's variable-length LZW compression of 8-bit palette indices (GIF89a specification, appendix F):
 * codes 0..255 are the literals, 256 the clear code, 257 end of information, new strings get codes from
 * 258 on; the code width starts at 9 bits and grows by one when the next code reaches
 * {@code 2^width}, up to 12 bits, after which a clear code restarts the table. Codes are packed least
 * significant bit first and cut into data sub-blocks of at most 255 bytes, each preceded by its length
 * and the whole followed by a zero-length block. The string table is a hash table keyed by
 * {@code (prefix code, next index)}.
 */
final class GifLzw {
    private static final int MIN_CODE_SIZE = 8;
    private static final int CLEAR = 1 << MIN_CODE_SIZE;
    private static final int END = CLEAR + 1;
    private static final int MAX_CODES = 4096;
    private static final int TABLE = 8192; // power of two, > 4096 entries keeps probes short

    private final int[] tableKeys = new int[TABLE]; // (prefix << 8 | index) + 1, 0 = empty
    private final short[] tableCodes = new short[TABLE];
    private final byte[] block = new byte[255];
    private int blockLength;
    private int bitBuffer;
    private int bitCount;
    private ByteArrayOutputStream out;

    /** Appends the LZW minimum code size byte, the compressed sub-blocks of {@code indices}, and the terminator. */
    void encode(byte[] indices, ByteArrayOutputStream sink) {
        out = sink;
        out.write(MIN_CODE_SIZE);
        blockLength = 0;
        bitBuffer = 0;
        bitCount = 0;
        int width = MIN_CODE_SIZE + 1;
        int next = END + 1;
        java.util.Arrays.fill(tableKeys, 0);
        emit(CLEAR, width);
        int prefix = indices[0] & 0xFF;
        for (int i = 1; i < indices.length; i++) {
            int c = indices[i] & 0xFF;
            int key = (prefix << 8 | c) + 1;
            int slot = (key * 0x9E3779B9 >>> 19) & (TABLE - 1);
            int found = -1;
            while (tableKeys[slot] != 0) {
                if (tableKeys[slot] == key) {
                    found = tableCodes[slot];
                    break;
                }
                slot = (slot + 1) & (TABLE - 1);
            }
            if (found >= 0) {
                prefix = found;
                continue;
            }
            emit(prefix, width);
            if (next < MAX_CODES) {
                tableKeys[slot] = key;
                tableCodes[slot] = (short) next;
                if (next == 1 << width) {
                    width++;
                }
                next++;
            } else {
                emit(CLEAR, width);
                java.util.Arrays.fill(tableKeys, 0);
                width = MIN_CODE_SIZE + 1;
                next = END + 1;
            }
            prefix = c;
        }
        emit(prefix, width);
        emit(END, width);
        if (bitCount > 0) {
            put((byte) bitBuffer);
        }
        flushBlock();
        out.write(0);
        out = null;
    }

    private void emit(int code, int width) {
        bitBuffer |= code << bitCount;
        bitCount += width;
        while (bitCount >= 8) {
            put((byte) bitBuffer);
            bitBuffer >>>= 8;
            bitCount -= 8;
        }
    }

    private void put(byte b) {
        block[blockLength++] = b;
        if (blockLength == 255) {
            flushBlock();
        }
    }

    private void flushBlock() {
        if (blockLength > 0) {
            out.write(blockLength);
            out.write(block, 0, blockLength);
            blockLength = 0;
        }
    }
}
