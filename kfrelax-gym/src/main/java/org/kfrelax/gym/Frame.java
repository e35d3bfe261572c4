package org.kfrelax.gym;

/** An RGB image: {@code pixels[y * width + x] = 0xRRGGBB}. */
public record Frame(int width, int height, int[] pixels) {
    public Frame {
        if (width <= 0 || height <= 0 || pixels.length != width * height) {
            throw new IllegalArgumentException("frame " + width + "x" + height + " needs "
                    + ((long) width * height) + " pixels, got " + pixels.length);
        }
    }
}
