package org.kfrelax.tensorboard;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kfrelax.rl.EpisodeStats;
import org.kfrelax.rl.UpdateMetrics;

/**
 * A training run's curves in TensorBoard: what the library's callbacks
 * ({@link org.kfrelax.rl.EpisodeListener}) report, written by a {@link TensorBoardWriter}, with the
 * episode number as the step throughout (the x axis of episodes.csv and the plots):
 * <ul>
 *   <li>per episode: {@value #RETURN}, {@value #MEAN_RETURN_100}, {@value #LENGTH},
 *       {@value #TOTAL_STEPS} and {@value #GRAD_LOGVAR} (the columns of episodes.csv);</li>
 *   <li>per update: every {@link UpdateMetrics} value under its own tag (entropy, losses,
 *       explained variance, KL, K-FAC step scales, q, step norms and damping), at the episode that
 *       triggered the update.</li>
 * </ul>
 */
public final class TrainingScalars implements Closeable {
    public static final String RETURN = "episode/return";
    public static final String MEAN_RETURN_100 = "episode/mean_return_100";
    public static final String LENGTH = "episode/length";
    public static final String TOTAL_STEPS = "episode/total_steps";
    public static final String GRAD_LOGVAR = "policy/grad_logvar";

    private final TensorBoardWriter writer;

    private TrainingScalars(TensorBoardWriter writer) {
        this.writer = writer;
    }

    /** Opens the run directory's event file ({@link TensorBoardWriter#open}). */
    public static TrainingScalars open(Path dir) throws IOException {
        return new TrainingScalars(TensorBoardWriter.open(dir));
    }

    /** One episode's scalars; {@code meanReturn100} the mean return of the last (up to) 100 episodes. */
    public void episode(EpisodeStats s, double meanReturn100) throws IOException {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put(RETURN, s.ret());
        v.put(MEAN_RETURN_100, meanReturn100);
        v.put(LENGTH, (double) s.steps());
        v.put(TOTAL_STEPS, (double) s.totalSteps());
        v.put(GRAD_LOGVAR, s.gradLogVar());
        writer.scalars(s.episode(), v);
    }

    /** One update's metrics, at the episode that triggered it. */
    public void update(UpdateMetrics m) throws IOException {
        writer.scalars(m.episode(), m.values());
    }

    /** The event file. */
    public Path file() {
        return writer.file();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
