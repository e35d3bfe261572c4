package org.kfrelax.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinePlotTest {
    @TempDir
    Path dir;

    /** A Figure-2-like plot: three algorithms, five seeds each, mean with a 25-75 band. */
    static LinePlot demo() {
        Random rnd = new Random(1);
        LinePlot p = new LinePlot("CartPole-v0: reward", "episode", "mean return (25–75 percentile band)");
        String[] algos = {"a2c", "relax", "kf-relax"};
        double[] rate = {300, 150, 90};
        int n = 400;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        for (int a = 0; a < algos.length; a++) {
            List<double[]> runs = new ArrayList<>();
            for (int s = 0; s < 5; s++) {
                double[] r = new double[n];
                for (int i = 0; i < n; i++) {
                    r[i] = 200 * (1 - Math.exp(-i / rate[a])) + 15 * rnd.nextGaussian();
                }
                runs.add(r);
            }
            p.band(algos[a], x, Band.meanPercentiles(runs, 25, 75));
        }
        return p;
    }

    @Test
    void warmUpRunsOnADaemonThreadThatEndsAndLeavesPlottingWorking() throws Exception {
        Thread t = LinePlot.warmUpInBackground();
        assertThat(t.isDaemon()).isTrue();   // never keeps the JVM alive after a command
        assertThat(t.getName()).isEqualTo("kfrelax-plot-warm-up");
        t.join(60_000);
        assertThat(t.isAlive()).as("warm-up still running after 60 s").isFalse();
        Path png = dir.resolve("after.png");
        demo().save(png);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(900);
        try (Stream<Path> files = Files.list(dir)) {   // the warm-up wrote no file
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("after.png", "after.svg");
        }
    }

    @Test
    void writesNonEmptyPngAndSvgAtomically() throws IOException {
        Path png = dir.resolve("compare_reward.png");
        Path svg = demo().save(png);
        assertThat(svg).isEqualTo(dir.resolve("compare_reward.svg"));
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(900);
        assertThat(img.getHeight()).isEqualTo(560);
        // the image is not blank: the tab10 blue of the first series appears in it
        boolean blue = false;
        for (int yy = 0; yy < img.getHeight() && !blue; yy++) {
            for (int xx = 0; xx < img.getWidth() && !blue; xx++) {
                blue = (img.getRGB(xx, yy) & 0xffffff) == 0x1f77b4;
            }
        }
        assertThat(blue).isTrue();
        String doc = Files.readString(svg, StandardCharsets.UTF_8);
        assertThat(doc.startsWith("<?xml") && doc.contains("<svg") && doc.contains(">kf-relax<")
                && doc.trim().endsWith("</svg>")).as("an SVG document with the legend").isTrue();
        // reproducible: the same plot gives the same SVG bytes
        Path again = dir.resolve("again/compare_reward.png");
        assertThat(Files.readString(demo().save(again))).isEqualTo(doc);
        deleteTree(again.getParent());
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(Path::getFileName).map(Path::toString).sorted().toList())
                    .containsExactly("compare_reward.png", "compare_reward.svg");
        }
    }

    private static void deleteTree(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            for (Path f : s.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(d);
    }

    @Test
    void largeSeriesAreReducedPerColumnKeepingExtremes() {
        int n = 10_000;
        double[] x = new double[n];
        double[] y = new double[n];
        Random rnd = new Random(5);
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = rnd.nextGaussian();
        }
        y[1234] = 50; // a spike must survive the reduction
        y[8765] = -50;
        int[] kept = LinePlot.keptIndices(x, y, y, y, 100);
        assertThat(kept.length).isBetween(200, 400); // 2 to 4 points per column
        assertThat(kept).contains(0, n - 1, 1234, 8765).isSorted();
        // within each column of 100 points, the kept points include its min and max
        for (int c = 0; c < 100; c++) {
            int lo = c * 100;
            int argMin = lo;
            int argMax = lo;
            for (int i = lo; i < lo + 100; i++) {
                argMin = y[i] < y[argMin] ? i : argMin;
                argMax = y[i] > y[argMax] ? i : argMax;
            }
            assertThat(kept).contains(argMin, argMax);
        }
        // small or unsorted series are drawn whole
        assertThat(LinePlot.keptIndices(new double[] {0, 1, 2}, new double[3], new double[3], new double[3], 100))
                .containsExactly(0, 1, 2);
        double[] unsorted = x.clone();
        unsorted[5] = -1;
        assertThat(LinePlot.keptIndices(unsorted, y, y, y, 100)).hasSize(n);
    }

    @Test
    void twoDecimals() {
        assertThat(LinePlot.twoDecimals(12.345678)).isEqualTo("12.35");
        assertThat(LinePlot.twoDecimals(-0.5)).isEqualTo("-0.5");
        assertThat(LinePlot.twoDecimals(3.0)).isEqualTo("3");
        assertThat(LinePlot.twoDecimals(-0.004)).isEqualTo("0");
        assertThat(LinePlot.twoDecimals(7.05)).isEqualTo("7.05");
    }

    @Test
    void logScaleAndBadInput() throws IOException {
        double[] x = {0, 1, 2, 3};
        LinePlot p = new LinePlot("variance", "iteration", "Var[g]").logY()
                .line("reinforce", x, new double[] {1e-1, 1e-2, 1e-3, 1e-2})
                .band("relax", x, new double[] {1e-4, 1e-5, 1e-6, 1e-5}, new double[] {1e-5, 1e-6, 1e-7, 1e-6},
                        new double[] {1e-3, 1e-4, 1e-5, 1e-4});
        p.savePng(dir.resolve("v.png"));
        assertThat(Files.size(dir.resolve("v.png"))).isGreaterThan(1000);

        assertThatThrownBy(() -> p.line("zero", x, new double[] {1, 0, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("log-scale y needs positive values");
        assertThatThrownBy(() -> new LinePlot("t", "x", "y").line("a", x, new double[] {1, Double.NaN, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("series 'a': y[1] = NaN is not finite");
        assertThatThrownBy(() -> new LinePlot("t", "x", "y").line("a", x, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lengths differ");
        assertThatThrownBy(() -> new LinePlot("t", "x", "y").savePng(dir.resolve("e.png")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no series");
        assertThat(dir.resolve("e.png")).doesNotExist();
        assertThatThrownBy(() -> p.save(dir.resolve("v.gif"))).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Issue 12, defect 7: PNGs (plots, rendered frames and GIFs) used to go through ImageIO's
     * disk cache, a temporary file in java.io.tmpdir, so a full temp directory failed a run at
     * its end. With the cache switched on and pointed at a watched directory, writing creates
     * nothing there.
     */
    @Test
    void imagesAreEncodedWithoutImageIoDiskCache() throws Exception {
        Path cache = Files.createDirectory(dir.resolve("imageio-cache"));
        boolean useCache = ImageIO.getUseCache();
        java.io.File cacheDir = ImageIO.getCacheDirectory();
        try (java.nio.file.WatchService watch = cache.getFileSystem().newWatchService()) {
            cache.register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
            ImageIO.setUseCache(true);
            ImageIO.setCacheDirectory(cache.toFile());
            demo().savePng(dir.resolve("plot.png"));
            org.kfrelax.gym.Frame frame = new org.kfrelax.gym.Frame(4, 3, new int[12]);
            org.kfrelax.gym.render.Frames.writePng(frame, java.io.OutputStream.nullOutputStream());
            try (org.kfrelax.gym.render.GifWriter gif = new org.kfrelax.gym.render.GifWriter(
                    java.io.OutputStream.nullOutputStream(), 40)) {
                gif.add(frame);
            }
            java.nio.file.WatchKey key = watch.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(key == null ? List.of() : key.pollEvents()).as("files created in ImageIO's cache directory").isEmpty();
        } finally {
            ImageIO.setUseCache(useCache);
            ImageIO.setCacheDirectory(cacheDir);
        }
        assertThat(ImageIO.read(dir.resolve("plot.png").toFile()).getWidth()).isPositive();
    }
}
