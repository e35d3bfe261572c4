package org.kfrelax.rl;

/**
 * Summary of one {@link Agent#learn} call.
 *
 * @param episodes episodes run
 * @param totalSteps environment steps taken
 * @param wallSeconds elapsed wall-clock seconds
 * @param updates parameter updates made
 */
public record TrainingResult(long episodes, long totalSteps, double wallSeconds, long updates) {
    /** Environment steps per wall-clock second, updates included. */
    public double stepsPerSecond() {
        return wallSeconds > 0 ? totalSteps / wallSeconds : 0.0;
    }
}
