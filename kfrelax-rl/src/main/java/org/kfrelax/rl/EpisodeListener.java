package org.kfrelax.rl;

/** Called after every training episode; returning false stops training. */
@FunctionalInterface
public interface EpisodeListener {
    /** @return true to continue training, false to stop after this episode */
    boolean onEpisode(EpisodeStats stats);

    /**
     * A one-line warning from training, e.g. a K-FAC update skipped because of NaN/Inf (counted in
     * {@link Agent#skippedUpdates()}); ignored by default.
     */
    default void onWarning(String message) {}
}
