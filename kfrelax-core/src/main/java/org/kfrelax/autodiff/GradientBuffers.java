package org.kfrelax.autodiff;

import java.util.Arrays;

/**
 * Recycles the arrays of intermediate gradients of {@link Autodiff#grad} calls that record
 * nothing ({@code createGraph = false}). At an episode batch's sizes a fresh array costs more
 * than the arithmetic written into it (a ReLU and its backward over 1,900 doubles: ~7 µs with
 * two fresh arrays, 1.2–1.8 µs with two reused ones; ARCHITECTURE.md, "One update path per
 * agent"), and such a walk makes a few of them per layer, each read once by the next backward
 * rule and then dead.
 *
 * <p>During a walk, the operations that make the big per-layer arrays (products, the ReLU's
 * backward, the accumulator's sums) take them from here ({@link #take}); the walk counts, per
 * array, the gradient slots that hold it ({@link #retain}), and when it has applied a node's
 * backward rule it lets go of that node's gradient ({@link #release}): an array no slot holds any
 * more is free for the next {@link #take} of the same length, in this walk or a later one on
 * this thread. Arrays that become results (the gradients of the requested inputs), arrays the
 * caller passed in (seeds), and arrays made outside a walk are never freed, so nothing the caller
 * can see is ever reused. Each thread has its own buffers; a walk inside a walk recycles nothing.
 */
final class GradientBuffers {
    private static final ThreadLocal<GradientBuffers> OF_THREAD = ThreadLocal.withInitial(GradientBuffers::new);
    /** Free arrays kept for reuse (a few layers' worth; the oldest goes when a new one is freed). */
    private static final int KEPT = 16;

    private final double[][] free = new double[KEPT][];
    private int freeCount;
    /** Arrays handed out during the current walk, and how many gradient slots hold each. */
    private double[][] lent = new double[32][];
    private int[] holders = new int[32];
    private int lentCount;
    private boolean active;

    private GradientBuffers() {}

    /** This thread's buffers, now in a walk; null if a walk is already running on this thread. */
    static GradientBuffers begin() {
        GradientBuffers b = OF_THREAD.get();
        if (b.active) {
            return null;
        }
        b.active = true;
        return b;
    }

    /** Ends the walk: arrays still lent (results, or never released) are forgotten, never reused. */
    void end() {
        Arrays.fill(lent, 0, lentCount, null);
        lentCount = 0;
        active = false;
    }

    /**
     * An array of length {@code n} for an operation's result: inside a walk a recycled one when
     * there is one of that length (zero-filled if {@code zeroed}), else a new one (always zero).
     */
    static double[] take(int n, boolean zeroed) {
        GradientBuffers b = OF_THREAD.get();
        return b.active ? b.lend(n, zeroed) : new double[n];
    }

    private double[] lend(int n, boolean zeroed) {
        double[] a = null;
        for (int i = freeCount - 1; i >= 0; i--) {
            if (free[i].length == n) {
                a = free[i];
                System.arraycopy(free, i + 1, free, i, freeCount - 1 - i);
                free[--freeCount] = null;
                if (zeroed) {
                    Arrays.fill(a, 0.0);
                }
                break;
            }
        }
        if (a == null) {
            a = new double[n];
        }
        if (lentCount == lent.length) {
            lent = Arrays.copyOf(lent, 2 * lentCount);
            holders = Arrays.copyOf(holders, 2 * lentCount);
        }
        lent[lentCount] = a;
        holders[lentCount++] = 0;
        return a;
    }

    /** A gradient slot now holds {@code a} (no effect for arrays not lent in this walk). */
    void retain(double[] a) {
        int i = indexOf(a);
        if (i >= 0) {
            holders[i]++;
        }
    }

    /**
     * A gradient slot no longer holds {@code a}; when no slot holds it any more, it is free for
     * reuse (no effect for arrays not lent in this walk).
     */
    void release(double[] a) {
        int i = indexOf(a);
        if (i < 0 || holders[i] == 0 || --holders[i] > 0) {
            return;
        }
        lentCount--;
        lent[i] = lent[lentCount];
        holders[i] = holders[lentCount];
        lent[lentCount] = null;
        if (freeCount == KEPT) {
            System.arraycopy(free, 1, free, 0, KEPT - 1);
            freeCount--;
        }
        free[freeCount++] = a;
    }

    private int indexOf(double[] a) {
        for (int i = lentCount - 1; i >= 0; i--) {
            if (lent[i] == a) {
                return i;
            }
        }
        return -1;
    }
}
