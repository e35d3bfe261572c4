package org.kfrelax.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.kfrelax.gym.ActionPolicy;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.Frame;
import org.kfrelax.gym.Gym;
import org.kfrelax.gym.RandomPolicy;
import org.kfrelax.gym.render.Frames;
import org.kfrelax.gym.render.GifWriter;

/**
 * CPU time per GIF frame: {@link GifWriter} (one palette, own LZW encoder) against the JDK's ImageIO
 * GIF writer fed one TYPE_INT_RGB image per frame (GifWriter before issue 14, which builds a palette
 * for every frame). Frames of a random-policy episode are rendered once beforehand, so only encoding
 * is timed. Rounds alternate ImageIO, GifWriter, ImageIO, ...; the result is the median over rounds
 * of the ratio of their thread CPU times, which a loaded machine disturbs little.
 *
 * <p>Run: {@code java -cp kfrelax-bench/target/benchmarks.jar org.kfrelax.bench.GifBench [env] [frames] [rounds]}
 */
public final class GifBench {
    private GifBench() {}

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        String id = args.length > 0 ? args[0] : "Acrobot-v1";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        List<Frame> frames = episode(id, n);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        imageIo(frames); // warm-up
        gifWriter(frames);
        double[] before = new double[rounds];
        double[] after = new double[rounds];
        double[] ratio = new double[rounds];
        long bytesBefore = 0;
        long bytesAfter = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            bytesBefore = imageIo(frames);
            long t1 = cpu.getCurrentThreadCpuTime();
            bytesAfter = gifWriter(frames);
            long t2 = cpu.getCurrentThreadCpuTime();
            before[r] = (t1 - t0) / 1e6 / n;
            after[r] = (t2 - t1) / 1e6 / n;
            ratio[r] = before[r] / after[r];
        }
        System.out.printf(Locale.ROOT, "%s, %d frames of %dx%d, %d rounds (thread CPU ms per frame, medians)%n",
                id, n, frames.get(0).width(), frames.get(0).height(), rounds);
        System.out.printf(Locale.ROOT, "ImageIO   %8.2f ms/frame  (%d bytes)%n", median(before), bytesBefore);
        System.out.printf(Locale.ROOT, "GifWriter %8.2f ms/frame  (%d bytes)%n", median(after), bytesAfter);
        System.out.printf(Locale.ROOT, "speed-up  %8.1fx (median of per-round ratios; range %.1f..%.1f)%n",
                median(ratio), Arrays.stream(ratio).min().orElse(0), Arrays.stream(ratio).max().orElse(0));
    }

    private static List<Frame> episode(String id, int n) {
        @SuppressWarnings("unchecked")
        Env<Object> env = (Env<Object>) Gym.make(id);
        ActionPolicy<Object> policy = RandomPolicy.forSeed(env.actionSpace(), 0);
        float[] obs = env.reset(0).observation();
        List<Frame> frames = new ArrayList<>();
        frames.add(env.render());
        while (frames.size() < n) {
            var r = env.step(policy.act(obs));
            obs = r.done() ? env.reset(frames.size()).observation() : r.observation();
            frames.add(env.render());
        }
        return frames;
    }

    private static long gifWriter(List<Frame> frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GifWriter gif = new GifWriter(out, 20)) {
            for (Frame f : frames) {
                gif.add(f);
            }
        }
        return out.size();
    }

    /** The earlier writer: ImageIO's GIF writer with per-frame metadata (delay, disposal). */
    private static long imageIo(List<Frame> frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (Frame f : frames) {
                var img = Frames.toImage(f);
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), null);
                String format = meta.getNativeMetadataFormatName();
                IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
                IIOMetadataNode gce = new IIOMetadataNode("GraphicControlExtension");
                gce.setAttribute("disposalMethod", "none");
                gce.setAttribute("userInputFlag", "FALSE");
                gce.setAttribute("transparentColorFlag", "FALSE");
                gce.setAttribute("delayTime", "2");
                gce.setAttribute("transparentColorIndex", "0");
                root.appendChild(gce);
                meta.setFromTree(format, root);
                writer.writeToSequence(new IIOImage(img, null, meta), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return out.size();
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
