package org.kfrelax.gym.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import javax.imageio.ImageIO;
import org.kfrelax.gym.Frame;

/** Conversions between {@link Frame} and Java2D images, and PNG output. */
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
        if (!ImageIO.write(toImage(f), "png", out)) {
            throw new IllegalStateException("no PNG writer in this Java runtime");
        }
    }
}
