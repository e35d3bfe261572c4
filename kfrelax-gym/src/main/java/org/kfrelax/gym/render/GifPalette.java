package org.kfrelax.gym.render;

/**
 * The one colour table of a GIF, built as the frames arrive: each new 0xRRGGBB colour gets the next
 * free index (exact colours, as long as the GIF holds at most 256 distinct ones, which the
 * classic-control and LunarLander drawings, including their anti-aliased edges, mostly do); once all
 * 256 entries are taken, a new colour maps to the nearest entry by squared RGB distance
 * {@code (r - r')² + (g - g')² + (b - b')²}. Every colour is looked up through a hash table, so
 * the search runs once per distinct colour, not per pixel.
 */
final class GifPalette {
    static final int SIZE = 256;

    private final int[] colours = new int[SIZE];
    private int used;
    private int[] keys = new int[1024]; // colour + 1, 0 = empty
    private byte[] values = new byte[1024];
    private int count;

    /** The palette's entries so far (the rest of the 256 are black). */
    int[] colours() {
        return colours.clone();
    }

    /** Number of distinct entries taken so far. */
    int used() {
        return used;
    }

    /** Writes the palette index of each pixel of {@code rgb} (0xRRGGBB) into {@code out}. */
    void index(int[] rgb, byte[] out) {
        int last = -1;
        byte lastIndex = 0;
        for (int i = 0; i < rgb.length; i++) {
            int c = rgb[i] & 0xFFFFFF;
            if (c != last) {
                last = c;
                lastIndex = lookup(c);
            }
            out[i] = lastIndex;
        }
    }

    private byte lookup(int colour) {
        int key = colour + 1;
        int mask = keys.length - 1;
        int slot = mix(key) & mask;
        while (keys[slot] != 0) {
            if (keys[slot] == key) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        byte index = add(colour);
        keys[slot] = key;
        values[slot] = index;
        if (++count * 2 > keys.length) {
            grow();
        }
        return index;
    }

    private byte add(int colour) {
        if (used < SIZE) {
            colours[used] = colour;
            return (byte) used++;
        }
        int best = 0;
        long bestDist = Long.MAX_VALUE;
        for (int i = 0; i < SIZE; i++) {
            long dr = ((colour >> 16) & 0xFF) - ((colours[i] >> 16) & 0xFF);
            long dg = ((colour >> 8) & 0xFF) - ((colours[i] >> 8) & 0xFF);
            long db = (colour & 0xFF) - (colours[i] & 0xFF);
            long d = dr * dr + dg * dg + db * db;
            if (d < bestDist) {
                bestDist = d;
                best = i;
            }
        }
        return (byte) best;
    }

    private void grow() {
        int[] oldKeys = keys;
        byte[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new byte[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = mix(oldKeys[i]) & mask;
                while (keys[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }

    private static int mix(int k) {
        int h = k * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
