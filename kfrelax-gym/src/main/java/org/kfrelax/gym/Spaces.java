package org.kfrelax.gym;

import java.util.Arrays;

/** Action validation shared by the environments and {@link CheckedEnv}. */
public final class Spaces {
    private Spaces() {}

    /**
     * Returns {@code action} if it is an element of {@code space}.
     *
     * @throws IllegalArgumentException naming the value when it has the wrong type, is NaN,
     *     or lies outside the space
     */
    @SuppressWarnings("unchecked")
    public static <A> A requireContains(Space<A> space, Object action) {
        if (space instanceof Discrete d) {
            if (!(action instanceof Integer i)) {
                throw new IllegalArgumentException("action " + describe(action) + " is not an integer; expected one of " + d);
            }
            if (i < 0 || i >= d.n()) {
                throw new IllegalArgumentException("action " + i + " is not in " + d + " (expected 0.." + (d.n() - 1) + ")");
            }
            return (A) action;
        }
        if (space instanceof Box b) {
            if (!(action instanceof float[] x)) {
                throw new IllegalArgumentException("action " + describe(action) + " is not a float vector; expected an element of " + b);
            }
            if (x.length != b.dim()) {
                throw new IllegalArgumentException("action " + Arrays.toString(x) + " has " + x.length
                        + " components; expected " + b.dim() + " for " + b);
            }
            for (int k = 0; k < x.length; k++) {
                if (Float.isNaN(x[k])) {
                    throw new IllegalArgumentException("action " + Arrays.toString(x) + " has NaN at index " + k);
                }
                if (x[k] < b.low(k) || x[k] > b.high(k)) {
                    throw new IllegalArgumentException("action " + Arrays.toString(x) + " is outside " + b
                            + " at index " + k + " (" + x[k] + " not in [" + b.low(k) + ", " + b.high(k) + "])");
                }
            }
            return (A) action;
        }
        if (!space.contains((A) action)) {
            throw new IllegalArgumentException("action " + describe(action) + " is not in " + space);
        }
        return (A) action;
    }

    /** A readable rendering of an action value (arrays element-wise). */
    public static String describe(Object action) {
        if (action instanceof float[] x) {
            return Arrays.toString(x);
        }
        if (action instanceof double[] x) {
            return Arrays.toString(x);
        }
        if (action instanceof int[] x) {
            return Arrays.toString(x);
        }
        return String.valueOf(action);
    }
}
