package org.kfrelax.gym.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.Frame;
import org.kfrelax.gym.Gym;

/** GIFs written by {@link GifWriter}, decoded again with the JDK's ImageIO GIF reader. */
class GifWriterTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static byte[] gif(List<Frame> frames) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GifWriter gif = new GifWriter(bytes, 40)) {
            for (Frame f : frames) {
                gif.add(f);
            }
            assertThat(gif.frames()).isEqualTo(frames.size());
        }
        return bytes.toByteArray();
    }

    private static List<BufferedImage> decode(byte[] gif) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            int n = reader.getNumImages(true);
            List<BufferedImage> images = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                images.add(reader.read(i));
            }
            reader.dispose();
            return images;
        }
    }

    private static int[] rgb(BufferedImage img) {
        int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        for (int i = 0; i < px.length; i++) {
            px[i] &= 0xFFFFFF;
        }
        return px;
    }

    /** {number of pixels that differ, largest difference in one channel}. */
    private static int[] differences(int[] got, int[] expected) {
        assertThat(got).hasSameSizeAs(expected);
        int n = 0;
        int worst = 0;
        for (int i = 0; i < got.length; i++) {
            if (got[i] != expected[i]) {
                n++;
                for (int shift = 0; shift <= 16; shift += 8) {
                    worst = Math.max(worst, Math.abs((got[i] >> shift & 0xFF) - (expected[i] >> shift & 0xFF)));
                }
            }
        }
        return new int[] {n, worst};
    }

    @Test
    void classicFramesDecodeToTheSamePixels() throws IOException {
        // One palette for the whole GIF: its first 256 distinct colours are exact, later ones (only
        // anti-aliased edge shades here: an Acrobot frame alone has more than 256 colours) map to the
        // nearest entry. So: CartPole's first frame (122 colours) is exact; in every frame, each pixel
        // whose colour occurs in the first frame (background, bodies, most edge shades) is exact, and
        // fewer than 0.2 % of the pixels (edge pixels, about 200 of 250,000 measured) may differ, by at
        // most 80 per channel (measured up to 65: the nearest of the many shades in the palette).
        for (String id : new String[] {"CartPole-v1", "Acrobot-v1"}) {
            @SuppressWarnings("unchecked")
            Env<Object> env = (Env<Object>) Gym.make(id);
            float[] obs = env.reset(3).observation();
            org.kfrelax.gym.ActionPolicy<Object> policy = org.kfrelax.gym.RandomPolicy.forSeed(env.actionSpace(), 3);
            List<Frame> frames = new ArrayList<>();
            frames.add(env.render());
            for (int t = 0; t < 20; t++) {
                obs = env.step(policy.act(obs)).observation();
                frames.add(env.render());
            }
            List<BufferedImage> images = decode(gif(frames));
            java.util.Set<Integer> firstColours = new java.util.HashSet<>();
            for (int c : frames.get(0).pixels()) {
                if (firstColours.size() < 256) {
                    firstColours.add(c);
                }
            }
            assertThat(images).as(id).hasSize(frames.size());
            for (int i = 0; i < frames.size(); i++) {
                assertThat(images.get(i).getWidth()).isEqualTo(frames.get(i).width());
                assertThat(images.get(i).getHeight()).isEqualTo(frames.get(i).height());
                int[] got = rgb(images.get(i));
                int[] expected = frames.get(i).pixels();
                int[] diff = differences(got, expected);
                assertThat(diff[0]).as(id + " frame " + i + " pixels differing").isLessThan(expected.length / 500);
                assertThat(diff[1]).as(id + " frame " + i + " largest channel difference").isLessThanOrEqualTo(80);
                for (int k = 0; k < expected.length; k++) {
                    if (firstColours.contains(expected[k]) && got[k] != expected[k]) {
                        throw new AssertionError(id + " frame " + i + " pixel " + k + ": "
                                + Integer.toHexString(got[k]) + " instead of " + Integer.toHexString(expected[k]));
                    }
                }
                if (id.startsWith("CartPole") && i == 0) {
                    assertThat(diff).containsExactly(0, 0);
                }
            }
        }
    }

    @Test
    void noisyFramesExerciseTheFullLzwTableAndStayExact() throws IOException {
        // 200 colours at random: the LZW string table fills (4096 codes) and restarts many times per frame
        SplittableRandom rng = new SplittableRandom(7);
        int[] colours = new int[200];
        for (int i = 0; i < colours.length; i++) {
            colours[i] = rng.nextInt(1 << 24);
        }
        List<Frame> frames = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            int[] px = new int[321 * 123];
            for (int i = 0; i < px.length; i++) {
                px[i] = colours[rng.nextInt(colours.length)];
            }
            frames.add(new Frame(321, 123, px));
        }
        List<BufferedImage> images = decode(gif(frames));
        assertThat(images).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(differences(rgb(images.get(i)), frames.get(i).pixels())).containsExactly(0, 0);
        }
    }

    @Test
    void coloursBeyond256MapToTheNearestEntry() throws IOException {
        // 256 greys (0x000000 .. 0xFFFFFF in steps of 0x010101) fill the palette; then pure red must
        // come back as the grey nearest to (255, 0, 0): d² = (255 - v)² + 2v², least at v = 85
        int[] px = new int[257];
        for (int v = 0; v < 256; v++) {
            px[v] = v * 0x010101;
        }
        px[256] = 0xFF0000;
        BufferedImage img = decode(gif(List.of(new Frame(257, 1, px)))).get(0);
        int[] back = rgb(img);
        for (int v = 0; v < 256; v++) {
            assertThat(back[v]).isEqualTo(v * 0x010101);
        }
        assertThat(back[256]).isEqualTo(85 * 0x010101);
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> new GifWriter(new ByteArrayOutputStream(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 ms");
        GifWriter gif = new GifWriter(new ByteArrayOutputStream(), 40);
        gif.add(new Frame(2, 2, new int[4]));
        assertThatThrownBy(() -> gif.add(new Frame(3, 2, new int[6])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3x2").hasMessageContaining("2x2");
        assertThatThrownBy(() -> new GifWriter(new ByteArrayOutputStream(), 40).close())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no frames");
    }
}
