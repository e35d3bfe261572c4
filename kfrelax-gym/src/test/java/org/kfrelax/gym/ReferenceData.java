package org.kfrelax.gym;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loads ../shared/reference/gym/ENV.csv into episodes (test helper). */
public final class ReferenceData {
    private ReferenceData() {}

    /** One row: t, the action (empty at t=0), the float32 observation, reward and flags. */
    public record Row(int t, double[] action, float[] obs, double reward, boolean terminated, boolean truncated) {}

    /** One episode: its seed, policy name and rows (t=0 first). */
    public record Episode(int index, long seed, String policy, List<Row> rows) {}

    /**
     * The directory of the Gymnasium reference files: the system property {@code kfrelax.reference}
     * if set, else the first {@code ../shared/reference/gym} found from the checkout's root
     * ({@code kfrelax.root}, which the build sets, else the working directory) upwards.
     * (The same lookup is in the core, gym and cli tests: modules share no test code.)
     *
     * @throws IllegalStateException naming what is missing and how to give it
     */
    public static Path dir() {
        String given = System.getProperty("kfrelax.reference");
        if (given != null) {
            if (!Files.isDirectory(Paths.get(given))) {
                throw new IllegalStateException("-Dkfrelax.reference=" + given + " is not a directory; it must name"
                        + " the directory of the Gymnasium reference files (shared/reference/gym)");
            }
            return Paths.get(given);
        }
        Path start = Paths.get(System.getProperty("kfrelax.root", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            Path dir = p.resolve("../shared/reference/gym").normalize();
            if (Files.isDirectory(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("the Gymnasium reference files (pcg64.csv, ENV.csv) are not in"
                + " ../shared/reference/gym of " + start + " or of any parent; give their directory with"
                + " mvn -Dkfrelax.reference=DIR");
    }

    public static List<Episode> episodes(String envId) {
        List<String> lines = readLines(dir().resolve(envId + ".csv"));
        String[] header = lines.get(0).split(",", -1);
        int nAct = 0;
        int nObs = 0;
        for (String h : header) {
            if (h.matches("a\\d+")) {
                nAct++;
            } else if (h.matches("o\\d+")) {
                nObs++;
            }
        }
        Map<Integer, Episode> episodes = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            int ep = Integer.parseInt(f[0]);
            Episode e = episodes.computeIfAbsent(ep, k -> new Episode(k, Long.parseLong(f[1]), f[2], new ArrayList<>()));
            int t = Integer.parseInt(f[3]);
            double[] action = new double[nAct];
            int col = 4;
            for (int i = 0; i < nAct; i++, col++) {
                action[i] = f[col].isEmpty() ? Double.NaN : Double.parseDouble(f[col]);
            }
            float[] obs = new float[nObs];
            for (int i = 0; i < nObs; i++, col++) {
                obs[i] = (float) Double.parseDouble(f[col]);
            }
            double reward = f[col].isEmpty() ? Double.NaN : Double.parseDouble(f[col]);
            boolean term = "1".equals(f[col + 1]);
            boolean trunc = "1".equals(f[col + 2]);
            e.rows().add(new Row(t, action, obs, reward, term, trunc));
        }
        return new ArrayList<>(episodes.values());
    }

    /** The float64 states after reset, one per episode (from ENV_state.csv). */
    public static List<double[]> states(String envId) {
        List<String> lines = readLines(dir().resolve(envId + "_state.csv"));
        List<double[]> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.split(",", -1)[2].trim().split(" ");
            double[] s = new double[parts.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = Double.parseDouble(parts[i]);
            }
            out.add(s);
        }
        return out;
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
