package org.kfrelax.gym.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.kfrelax.gym.Frame;

/**
 * Writes frames as an animated GIF (looping forever) with javax.imageio; works headless.
 * Usage: {@code try (GifWriter gif = new GifWriter(out, 20)) { gif.add(frame); ... }}.
 */
public final class GifWriter implements AutoCloseable {
    private final ImageOutputStream ios;
    private final ImageWriter writer;
    private final int delayCentis;
    private boolean started;
    private int frames;

    /**
     * @param out where the GIF goes (not closed by this writer)
     * @param delayMillis time each frame is shown, rounded to GIF's 1/100 s (at least 1/100 s)
     */
    public GifWriter(OutputStream out, int delayMillis) throws IOException {
        if (delayMillis <= 0) {
            throw new IllegalArgumentException("frame delay must be positive, got " + delayMillis + " ms");
        }
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("gif");
        if (!it.hasNext()) {
            throw new IllegalStateException("no GIF writer in this Java runtime");
        }
        writer = it.next();
        // in memory, never ImageIO's file cache in java.io.tmpdir (see Frames)
        ios = new javax.imageio.stream.MemoryCacheImageOutputStream(out);
        writer.setOutput(ios);
        delayCentis = Math.max(1, Math.round(delayMillis / 10f));
    }

    /** Appends a frame. */
    public void add(Frame frame) throws IOException {
        BufferedImage img = Frames.toImage(frame);
        ImageTypeSpecifier type = ImageTypeSpecifier.createFromRenderedImage(img);
        IIOMetadata meta = writer.getDefaultImageMetadata(type, null);
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", Integer.toString(delayCentis));
        gce.setAttribute("transparentColorIndex", "0");
        if (!started) {
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0}); // loop forever
            apps.appendChild(app);
        }
        meta.setFromTree(format, root);
        if (!started) {
            writer.prepareWriteSequence(null);
            started = true;
        }
        writer.writeToSequence(new IIOImage(img, null, meta), null);
        frames++;
    }

    /** Number of frames written so far. */
    public int frames() {
        return frames;
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    /** Finishes the GIF (a GIF needs at least one frame). */
    @Override
    public void close() throws IOException {
        try {
            if (started) {
                writer.endWriteSequence();
            }
            ios.flush();
        } finally {
            writer.dispose();
            ios.close();
        }
        if (!started) {
            throw new IllegalStateException("GIF has no frames");
        }
    }
}
