package org.kfrelax.gym.render;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.kfrelax.gym.Frame;

/**
 * Writes frames as an animated GIF89a (looping forever) with one global colour table for the whole
 * GIF ({@link GifPalette}: exact colours, nearest entry once 256 are taken) and its own LZW encoder
 * ({@link GifLzw}); no ImageIO, so no per-frame palette building. The compressed frames are kept in
 * memory and the file is written on {@link #close()}, when the palette is complete.
 * All frames must have the first frame's size.
 * Usage: {@code try (GifWriter gif = new GifWriter(out, 20)) { gif.add(frame); ... }}.
 */
public final class GifWriter implements AutoCloseable {
    private final OutputStream out;
    private final int delayCentis;
    private final GifPalette palette = new GifPalette();
    private final GifLzw lzw = new GifLzw();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private byte[] indices;
    private int width;
    private int height;
    private int frames;
    private boolean closed;

    /**
     * @param out where the GIF goes (not closed by this writer)
     * @param delayMillis time each frame is shown, rounded to GIF's 1/100 s (at least 1/100 s)
     */
    public GifWriter(OutputStream out, int delayMillis) {
        if (delayMillis <= 0) {
            throw new IllegalArgumentException("frame delay must be positive, got " + delayMillis + " ms");
        }
        this.out = out;
        delayCentis = Math.min(0xFFFF, Math.max(1, Math.round(delayMillis / 10f)));
    }

    /** Appends a frame (same size as the first one). */
    public void add(Frame frame) {
        if (closed) {
            throw new IllegalStateException("GIF already closed");
        }
        if (frames == 0) {
            if (frame.width() > 0xFFFF || frame.height() > 0xFFFF) {
                throw new IllegalArgumentException("GIF frames are at most 65535x65535, got "
                        + frame.width() + "x" + frame.height());
            }
            width = frame.width();
            height = frame.height();
            indices = new byte[width * height];
        } else if (frame.width() != width || frame.height() != height) {
            throw new IllegalArgumentException("frame " + frames + " is " + frame.width() + "x" + frame.height()
                    + ", expected the first frame's " + width + "x" + height);
        }
        palette.index(frame.pixels(), indices);
        // graphic control extension: disposal 1 (leave in place), delay, no transparency
        body.write(0x21);
        body.write(0xF9);
        body.write(4);
        body.write(1 << 2);
        short16(body, delayCentis);
        body.write(0);
        body.write(0);
        // image descriptor: the whole screen, no local colour table, not interlaced
        body.write(0x2C);
        short16(body, 0);
        short16(body, 0);
        short16(body, width);
        short16(body, height);
        body.write(0);
        lzw.encode(indices, body);
        frames++;
    }

    /** Number of frames written so far. */
    public int frames() {
        return frames;
    }

    /** Writes the GIF: header, the global colour table, the frames, the trailer (a GIF needs at least one frame). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (frames == 0) {
            throw new IllegalStateException("GIF has no frames");
        }
        ByteArrayOutputStream head = new ByteArrayOutputStream(800);
        head.write("GIF89a".getBytes(StandardCharsets.US_ASCII));
        short16(head, width);
        short16(head, height);
        head.write(0xF7); // global table present, 8-bit colour resolution, 2^(7+1) = 256 entries
        head.write(0); // background index
        head.write(0); // no aspect ratio
        for (int c : palette.colours()) {
            head.write(c >> 16 & 0xFF);
            head.write(c >> 8 & 0xFF);
            head.write(c & 0xFF);
        }
        // NETSCAPE2.0 application extension: loop count 0 = forever
        head.write(0x21);
        head.write(0xFF);
        head.write(11);
        head.write("NETSCAPE2.0".getBytes(StandardCharsets.US_ASCII));
        head.write(3);
        head.write(1);
        short16(head, 0);
        head.write(0);
        head.writeTo(out);
        body.writeTo(out);
        out.write(0x3B);
        out.flush();
    }

    private static void short16(ByteArrayOutputStream s, int v) {
        s.write(v & 0xFF);
        s.write(v >>> 8 & 0xFF);
    }
}
