package org.kfrelax.rl;

/**
 * What happened in one training episode.
 *
 * @param episode 1-based episode number
 * @param steps the episode's length
 * @param ret the undiscounted return
 * @param totalSteps environment steps so far, this episode included
 * @param wallSeconds seconds since {@link Agent#learn} started (wall clock; not reproducible)
 * @param gradLogVar log of the policy-gradient variance estimate after the latest update
 *                   ({@link GradVariance}); NaN before the first update
 */
public record EpisodeStats(long episode, int steps, double ret, long totalSteps, double wallSeconds,
                           double gradLogVar) {}
