package org.kfrelax.rl;

/** Called after every training episode; returning false stops training. */
@FunctionalInterface
public interface EpisodeListener {
    /** @return true to continue training, false to stop after this episode */
    boolean onEpisode(EpisodeStats stats);
}
