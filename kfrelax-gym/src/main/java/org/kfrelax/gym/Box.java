package org.kfrelax.gym;

import java.util.Arrays;
import org.kfrelax.random.Rng;

/** A float32 box {@code low <= x <= high}, one dimension per entry (bounds may be infinite). */
public final class Box implements Space<float[]> {
    private final float[] low;
    private final float[] high;

    public Box(float[] low, float[] high) {
        if (low.length != high.length || low.length == 0) {
            throw new IllegalArgumentException("Box bounds must have the same non-zero length, got "
                    + low.length + " and " + high.length);
        }
        for (int i = 0; i < low.length; i++) {
            if (Float.isNaN(low[i]) || Float.isNaN(high[i]) || low[i] > high[i]) {
                throw new IllegalArgumentException("Box bound " + i + " is invalid: [" + low[i] + ", " + high[i] + "]");
            }
        }
        this.low = low.clone();
        this.high = high.clone();
    }

    /** Same bounds in every one of {@code dim} dimensions. */
    public static Box uniform(float low, float high, int dim) {
        float[] l = new float[dim];
        float[] h = new float[dim];
        Arrays.fill(l, low);
        Arrays.fill(h, high);
        return new Box(l, h);
    }

    public int dim() {
        return low.length;
    }

    public float[] low() {
        return low.clone();
    }

    public float[] high() {
        return high.clone();
    }

    public float low(int i) {
        return low[i];
    }

    public float high(int i) {
        return high[i];
    }

    @Override
    public boolean contains(float[] x) {
        if (x == null || x.length != low.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            if (Float.isNaN(x[i]) || x[i] < low[i] || x[i] > high[i]) {
                return false;
            }
        }
        return true;
    }

    /** Uniform within finite bounds (unbounded dimensions draw a standard normal, as Gymnasium). */
    @Override
    public float[] sample(Rng rng) {
        float[] x = new float[low.length];
        for (int i = 0; i < x.length; i++) {
            boolean finiteLow = Float.isFinite(low[i]);
            boolean finiteHigh = Float.isFinite(high[i]);
            if (finiteLow && finiteHigh) {
                x[i] = (float) rng.uniform(low[i], high[i]);
            } else {
                x[i] = (float) rng.nextGaussian();
            }
        }
        return x;
    }

    @Override
    public String toString() {
        return "Box(" + Arrays.toString(low) + ", " + Arrays.toString(high) + ", float32)";
    }
}
