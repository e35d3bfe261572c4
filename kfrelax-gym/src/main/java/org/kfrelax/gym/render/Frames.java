package org.kfrelax.gym.render;

import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.kfrelax.gym.Frame;

/**
 * Conversions between {@link Frame} and Java2D images, and PNG output. PNGs are encoded
 * through a {@link MemoryCacheImageOutputStream}, never ImageIO's default file cache (a
 * temporary file in {@code java.io.tmpdir}, which fails when that directory is full or missing
 * even though the target has room).
 */
public final class Frames {
    private Frames() {}

    /** The frame as a TYPE_INT_RGB image. */
    public static BufferedImage toImage(Frame f) {
        BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, f.width(), f.height(), f.pixels(), 0, f.width());
        return img;
    }

    /** Writes the frame as PNG. */
    public static void writePng(Frame f, OutputStream out) throws IOException {
        writePng(toImage(f), out);
    }

    /** Writes {@code image} as PNG to {@code out} (not closed), without a disk cache. */
    public static void writePng(RenderedImage image, OutputStream out) throws IOException {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("png");
        if (!it.hasNext()) {
            throw new IllegalStateException("no PNG writer in this Java runtime");
        }
        ImageWriter writer = it.next();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(image);
        } finally {
            writer.dispose();
        }
    }
}
