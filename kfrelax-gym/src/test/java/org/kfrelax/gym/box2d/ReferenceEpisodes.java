package org.kfrelax.gym.box2d;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kfrelax.gym.ReferenceData;

/** Episodes of a {@code ../shared/reference/gym/ENV.csv} file (see its README). */
final class ReferenceEpisodes {

    /** One row: the action that led to it (empty at t=0), the observation, reward and flags. */
    record Row(int t, double[] action, float[] obs, double reward, boolean terminated, boolean truncated) {}

    record Episode(int index, long seed, String policy, List<Row> rows) {}

    private ReferenceEpisodes() {}

    static Path referenceDir() {
        return ReferenceData.dir();
    }

    /** Reads {@code ENV.csv}; {@code actionDims} is 1 for discrete, 2 for continuous. */
    static List<Episode> load(String envId, int actionDims) throws IOException {
        List<String> lines = Files.readAllLines(referenceDir().resolve(envId + ".csv"));
        List<Episode> episodes = new ArrayList<>();
        int current = -1;
        List<Row> rows = null;
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            int episode = Integer.parseInt(f[0]);
            if (episode != current) {
                rows = new ArrayList<>();
                episodes.add(new Episode(episode, Long.parseLong(f[1]), f[2], rows));
                current = episode;
            }
            int t = Integer.parseInt(f[3]);
            int k = 4;
            double[] action = new double[actionDims];
            for (int i = 0; i < actionDims; i++, k++) {
                action[i] = f[k].isEmpty() ? Double.NaN : Double.parseDouble(f[k]);
            }
            float[] obs = new float[8];
            for (int i = 0; i < 8; i++, k++) {
                obs[i] = (float) Double.parseDouble(f[k]);
            }
            double reward = f[k].isEmpty() ? Double.NaN : Double.parseDouble(f[k]);
            boolean terminated = "1".equals(f[k + 1]);
            boolean truncated = "1".equals(f[k + 2]);
            rows.add(new Row(t, action, obs, reward, terminated, truncated));
        }
        return episodes;
    }
}
