package org.kfrelax.rl;

/**
 * Gymnasium's solve rule: the average return over {@code window} consecutive episodes is at
 * least {@code threshold}. {@link #solvedAt()} is the episode at which it was first met
 * (the last episode of the first qualifying window).
 */
public final class SolveCriterion {
    /** The usual window: 100 consecutive episodes. */
    public static final int WINDOW = 100;

    private final Double threshold;
    private final double[] ring;
    private double sum;
    private long count;
    private long solvedAt = -1;

    /** @param threshold the registered reward threshold, or null if the task has none */
    public SolveCriterion(Double threshold, int window) {
        if (threshold != null && !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("solve threshold must be finite, got " + threshold);
        }
        if (window <= 0) {
            throw new IllegalArgumentException("solve window must be positive, got " + window);
        }
        this.threshold = threshold;
        this.ring = new double[window];
    }

    public SolveCriterion(Double threshold) {
        this(threshold, WINDOW);
    }

    /** Adds an episode's return; returns true if the criterion is met for the first time now. */
    public boolean add(double ret) {
        int w = ring.length;
        int slot = (int) (count % w);
        sum += ret - (count >= w ? ring[slot] : 0.0);
        ring[slot] = ret;
        count++;
        if (count % 1000 == 0) {
            // re-sum now and then so rounding errors of the running sum cannot accumulate
            sum = 0;
            for (int i = 0; i < Math.min(count, w); i++) {
                sum += ring[i];
            }
        }
        if (solvedAt < 0 && threshold != null && count >= w && sum / w >= threshold) {
            solvedAt = count;
            return true;
        }
        return false;
    }

    /** Mean return of the last (up to) {@code window} episodes; NaN before the first. */
    public double recentMean() {
        long n = Math.min(count, ring.length);
        return n == 0 ? Double.NaN : sum / n;
    }

    public boolean solved() {
        return solvedAt >= 0;
    }

    /** Episode at which the criterion was first met, or -1. */
    public long solvedAt() {
        return solvedAt;
    }

    public Double threshold() {
        return threshold;
    }

    public long episodes() {
        return count;
    }
}
