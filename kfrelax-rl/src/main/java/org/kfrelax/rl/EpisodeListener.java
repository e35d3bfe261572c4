package org.kfrelax.rl;

/**
 * Training's callbacks: {@link #onEpisode} after every episode (returning false stops training),
 * {@link #onUpdate} after every update with what it computed, {@link #onWarning} for warnings.
 * Loggers (CSV, TensorBoard) are listeners like any other.
 */
@FunctionalInterface
public interface EpisodeListener {
    /** @return true to continue training, false to stop after this episode */
    boolean onEpisode(EpisodeStats stats);

    /**
     * Called right after each update with the metrics it computed ({@link UpdateMetrics}),
     * before the {@link #onEpisode} call of the episode that triggered it; ignored by default.
     */
    default void onUpdate(UpdateMetrics metrics) {}

    /**
     * A one-line warning from training, e.g. a K-FAC update skipped because of NaN/Inf (counted in
     * {@link Agent#skippedUpdates()}); ignored by default.
     */
    default void onWarning(String message) {}
}
