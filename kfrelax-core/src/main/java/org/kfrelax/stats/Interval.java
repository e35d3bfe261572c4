package org.kfrelax.stats;

/**
 * A confidence interval [low, high] around a point estimate.
 *
 * @param estimate the statistic on the data as observed
 * @param low lower bound
 * @param high upper bound
 */
public record Interval(double estimate, double low, double high) {}
