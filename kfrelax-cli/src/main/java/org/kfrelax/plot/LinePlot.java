package org.kfrelax.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.kfrelax.cli.AtomicFiles;

/**
 * A line chart with several named series, each optionally with a shaded band (mean ± std,
 * a 25–75 percentile band, ...), drawn headless with JFreeChart and saved as PNG and SVG
 * atomically.
 *
 * <pre>{@code
 * new LinePlot("Toy problem, t = 0.499", "iteration", "loss")
 *         .line("reinforce", iters, lossA)
 *         .band("relax", episodes, mean, p25, p75)
 *         .save(dir.resolve("toy_loss.png"));      // also writes toy_loss.svg
 * }</pre>
 *
 * Series are coloured in the order they are added, from a fixed palette (the ten
 * "tab10" colours), so two plots that add the same names in the same order use the same
 * colour for each name. Values must be finite ({@link IllegalArgumentException} otherwise);
 * with {@link #logY()} they must also be positive. Not thread-safe; each plot is independent.
 */
public final class LinePlot {

    /** The palette: matplotlib's tab10 colours, distinct and readable on white. */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
    };

    private static final String FONT = "SansSerif";

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Entry> series = new ArrayList<>();

    /** One named series (copies of the caller's arrays). */
    private record Entry(String name, double[] x, double[] y, double[] lo, double[] hi, boolean points) {
        boolean hasBand() {
            for (int i = 0; i < y.length; i++) {
                if (lo[i] != y[i] || hi[i] != y[i]) {
                    return true;
                }
            }
            return false;
        }
    }
    private boolean logY;
    private int width = 900;
    private int height = 560;

    /** A plot with a title and axis labels (any may be empty). */
    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = title == null ? "" : title;
        this.xLabel = xLabel == null ? "" : xLabel;
        this.yLabel = yLabel == null ? "" : yLabel;
    }

    /**
     * Starts a daemon thread that draws a small chart in memory (no file), so that the first
     * real plot finds Java2D's fonts (~0.25 s to initialize on Linux) and the chart classes
     * ready. {@code train} starts it before its training, so the warm-up runs beside the
     * training instead of after it (the main job: median wall 2.26 → 2.13 s, ARCHITECTURE.md,
     * "Start-up of short runs"); commands whose plots follow long work gain nothing from it. A failure here is ignored: the real plot
     * reports its own.
     *
     * @return the started thread
     */
    public static Thread warmUpInBackground() {
        Thread t = new Thread(() -> {
            try {
                new LinePlot("warm-up", "x", "y").line("a", new double[] {0, 1}, new double[] {0, 1})
                        .chart().createBufferedImage(200, 150);
            } catch (RuntimeException | Error e) {
                // ignored: the real plot reports any problem
            }
        }, "kfrelax-plot-warm-up");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Uses a base-10 logarithmic y axis (all values, band limits included, must be positive). */
    public LinePlot logY() {
        logY = true;
        checkPositive();
        return this;
    }

    /** Sets the image size in pixels (default 900 × 560). */
    public LinePlot size(int width, int height) {
        if (width < 100 || height < 100 || width > 10_000 || height > 10_000) {
            throw new IllegalArgumentException("plot size " + width + "x" + height + " must be within 100..10000 pixels");
        }
        this.width = width;
        this.height = height;
        return this;
    }

    /** Adds a line {@code y} against {@code x}. */
    public LinePlot line(String name, double[] x, double[] y) {
        return band(name, x, y, y, y);
    }

    /**
     * Adds a line {@code y} against {@code x} with a shaded band from {@code lo} to {@code hi}
     * (same length; {@code lo[i] ≤ hi[i]}; the line need not lie inside the band).
     */
    public LinePlot band(String name, double[] x, double[] y, double[] lo, double[] hi) {
        return add(name, x, y, lo, hi, false);
    }

    /** Adds points (markers, no line between them) at ({@code x}, {@code y}), e.g. where runs ended. */
    public LinePlot points(String name, double[] x, double[] y) {
        return add(name, x, y, y, y, true);
    }

    /** Checks and adds a series: a line with its band, or {@code points} (markers only). */
    private LinePlot add(String name, double[] x, double[] y, double[] lo, double[] hi, boolean points) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("series name must be non-empty");
        }
        for (Entry s : series) {
            if (s.name().equals(name)) {
                throw new IllegalArgumentException("series '" + name + "' added twice");
            }
        }
        int n = x.length;
        if (y.length != n || lo.length != n || hi.length != n) {
            throw new IllegalArgumentException("series '" + name + "': x, y, lo, hi lengths differ ("
                    + n + ", " + y.length + ", " + lo.length + ", " + hi.length + ")");
        }
        for (int i = 0; i < n; i++) {
            check(name, "x", i, x[i]);
            check(name, "y", i, y[i]);
            check(name, "lo", i, lo[i]);
            check(name, "hi", i, hi[i]);
            if (lo[i] > hi[i]) {
                throw new IllegalArgumentException("series '" + name + "': lo[" + i + "] = " + lo[i]
                        + " exceeds hi[" + i + "] = " + hi[i]);
            }
        }
        series.add(new Entry(name, x.clone(), y.clone(), lo.clone(), hi.clone(), points));
        if (logY) {
            checkPositive();
        }
        return this;
    }

    /** Adds a line with a band from a {@link Band}. */
    public LinePlot band(String name, double[] x, Band b) {
        return band(name, x, b.center(), b.lo(), b.hi());
    }

    /** Builds the JFreeChart chart (for further styling or embedding). */
    public JFreeChart chart() {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("plot '" + title + "' has no series");
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Entry e : series) {
            YIntervalSeries s = new YIntervalSeries(e.name(), false, true);
            for (int i : keptIndices(e.x(), e.y(), e.lo(), e.hi(), width)) {
                s.add(e.x()[i], e.y()[i], e.lo()[i], e.hi()[i]);
            }
            data.addSeries(s);
        }

        NumberAxis xAxis = new NumberAxis(xLabel);
        xAxis.setStandardTickUnits(tickUnits());
        xAxis.setAutoRangeIncludesZero(false);
        xAxis.setLowerMargin(0.01);
        xAxis.setUpperMargin(0.01);
        ValueAxis yAxis;
        if (logY) {
            LogAxis log = new LogAxis(yLabel);
            log.setBase(10);
            log.setSmallestValue(1e-300);
            double decades = logDecades();
            if (decades >= 1.5) {
                // ticks at whole powers of ten (10^-3, 10^-2, ...), at most about 8 of them
                double step = Math.max(1, Math.ceil(decades / 8));
                log.setTickUnit(new NumberTickUnit(step, new DecimalFormat("0",
                        DecimalFormatSymbols.getInstance(Locale.ROOT))), false, true);
            }
            yAxis = log;
        } else {
            NumberAxis lin = new NumberAxis(yLabel);
            lin.setStandardTickUnits(tickUnits());
            lin.setAutoRangeIncludesZero(false);
            yAxis = lin;
        }
        Font tick = new Font(FONT, Font.PLAIN, 13);
        Font label = new Font(FONT, Font.PLAIN, 15);
        for (ValueAxis a : new ValueAxis[] {xAxis, yAxis}) {
            a.setTickLabelFont(tick);
            a.setLabelFont(label);
            a.setTickLabelPaint(Color.DARK_GRAY);
            a.setAxisLinePaint(Color.GRAY);
        }

        boolean[] hasBand = new boolean[series.size()];
        for (int i = 0; i < hasBand.length; i++) {
            hasBand[i] = series.get(i).hasBand();
        }
        DeviationRenderer r = new DeviationRenderer(true, false) {
            @Override
            public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea, PlotRenderingInfo info,
                    XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int s, int item,
                    CrosshairState crosshair, int pass) {
                // pass 0 fills the band: skip it for plain lines (an empty band costs as much as a full one)
                if (pass != 0 || hasBand[s]) {
                    super.drawItem(g2, state, dataArea, info, plot, domainAxis, rangeAxis, dataset, s, item, crosshair,
                            pass);
                }
            }
        };
        r.setAlpha(0.2f);
        for (int i = 0; i < series.size(); i++) {
            Color c = PALETTE[i % PALETTE.length];
            r.setSeriesPaint(i, c);
            r.setSeriesFillPaint(i, c);
            // past ten series, dash the lines so that reused colours stay distinguishable
            float[] dash = i < PALETTE.length ? null : new float[] {8f, 4f};
            r.setSeriesStroke(i, new BasicStroke(2.0f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, dash, 0f));
            if (series.get(i).points()) {
                r.setSeriesLinesVisible(i, false);
                r.setSeriesShapesVisible(i, true);
                r.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-4.5, -4.5, 9, 9));
            }
        }

        XYPlot plot = new XYPlot(data, xAxis, yAxis, r);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setOutlinePaint(Color.GRAY);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);

        JFreeChart chart = new JFreeChart(title.isEmpty() ? null : title, new Font(FONT, Font.BOLD, 18), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        TextTitle t = chart.getTitle();
        if (t != null) {
            t.setPaint(new Color(0x222222));
        }
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(new Font(FONT, Font.PLAIN, 14));
        legend.setFrame(BlockBorder.NONE);
        legend.setBackgroundPaint(Color.WHITE);
        legend.setPosition(RectangleEdge.BOTTOM);
        return chart;
    }

    /**
     * Writes the chart as a PNG image, atomically, encoded without ImageIO's disk cache
     * ({@link org.kfrelax.gym.render.Frames#writePng(java.awt.image.RenderedImage, java.io.OutputStream)}).
     */
    public void savePng(Path file) throws IOException {
        java.awt.image.BufferedImage image = chart().createBufferedImage(width, height);
        AtomicFiles.writeStream(file, out -> org.kfrelax.gym.render.Frames.writePng(image, out));
    }

    /** Writes the chart as an SVG document, atomically. */
    public void saveSvg(Path file) throws IOException {
        JFreeChart chart = chart();
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        g2.setDefsKeyPrefix("kfrelax"); // the default prefix is time-based: keep the SVG reproducible
        g2.setGeomDoubleConverter(LinePlot::twoDecimals);
        chart.draw(g2, new Rectangle(0, 0, width, height));
        AtomicFiles.writeString(file, g2.getSVGDocument());
    }

    /**
     * Writes {@code png} (must end in {@code .png}) and the same name ending in {@code .svg}
     * next to it; returns the SVG path.
     */
    public Path save(Path png) throws IOException {
        String n = png.getFileName().toString();
        if (!n.endsWith(".png")) {
            throw new IllegalArgumentException(png + ": expected a file name ending in .png");
        }
        Path svg = png.resolveSibling(n.substring(0, n.length() - 4) + ".svg");
        savePng(png);
        saveSvg(svg);
        return svg;
    }

    /** Coordinates to 0.01 px (plenty for a screen; halves the SVG size), locale-independent. */
    static String twoDecimals(double v) {
        if (!Double.isFinite(v) || Math.abs(v) > 1e12) {
            return Double.toString(v);
        }
        long r = Math.round(v * 100);
        long a = Math.abs(r);
        StringBuilder sb = new StringBuilder(12);
        if (r < 0) {
            sb.append('-');
        }
        sb.append(a / 100);
        long f = a % 100;
        if (f != 0) {
            sb.append('.').append(f / 10);
            if (f % 10 != 0) {
                sb.append(f % 10);
            }
        }
        return sb.toString();
    }

    /**
     * The indices of the points to draw. A series with more than 4 points per column (one
     * column per pixel of the image width) and non-decreasing x is reduced, column by column,
     * to the first and last point and the points holding the smallest and largest y, lo and
     * hi values (the "M4" reduction): the drawn line and band look the same, and drawing and
     * the SVG get much smaller.
     */
    static int[] keptIndices(double[] x, double[] y, double[] lo, double[] hi, int columns) {
        int n = x.length;
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = x[i] >= x[i - 1];
        }
        if (n <= 4 * columns || !sorted || x[n - 1] == x[0]) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] kept = new int[n];
        int m = 0;
        double x0 = x[0];
        double scale = columns / (x[n - 1] - x0);
        int start = 0;
        while (start < n) {
            int col = Math.min(columns - 1, (int) ((x[start] - x0) * scale));
            int end = start + 1;
            while (end < n && Math.min(columns - 1, (int) ((x[end] - x0) * scale)) == col) {
                end++;
            }
            int[] pick = {start, end - 1, start, start, start, start};
            for (int i = start; i < end; i++) {
                if (y[i] < y[pick[2]]) {
                    pick[2] = i;
                }
                if (y[i] > y[pick[3]]) {
                    pick[3] = i;
                }
                if (lo[i] < lo[pick[4]]) {
                    pick[4] = i;
                }
                if (hi[i] > hi[pick[5]]) {
                    pick[5] = i;
                }
            }
            java.util.Arrays.sort(pick);
            for (int k = 0; k < pick.length; k++) {
                if (k == 0 || pick[k] != pick[k - 1]) {
                    kept[m++] = pick[k];
                }
            }
            start = end;
        }
        return java.util.Arrays.copyOf(kept, m);
    }

    /** The number of powers of ten spanned by all values (bands included). */
    private double logDecades() {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Entry e : series) {
            for (int i = 0; i < e.x().length; i++) {
                min = Math.min(min, Math.min(e.lo()[i], e.y()[i]));
                max = Math.max(max, Math.max(e.hi()[i], e.y()[i]));
            }
        }
        return Math.log10(max) - Math.log10(min);
    }

    private void checkPositive() {
        for (Entry e : series) {
            for (int i = 0; i < e.x().length; i++) {
                if (e.lo()[i] <= 0 || e.y()[i] <= 0) {
                    throw new IllegalArgumentException("series '" + e.name() + "': log-scale y needs positive values, "
                            + "got " + Math.min(e.lo()[i], e.y()[i]) + " at index " + i);
                }
            }
        }
    }

    private static void check(String name, String what, int i, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("series '" + name + "': " + what + "[" + i + "] = " + v
                    + " is not finite");
        }
    }

    /**
     * Tick sizes 1, 2, 5 × 10^e (e from −12 to 12), each labelled with as many decimals as its
     * size needs (JFreeChart's locale-based units stop at three, so 0.2490 and 0.2510 would
     * both read 0.25), with locale-independent symbols.
     */
    private static TickUnits tickUnits() {
        TickUnits units = new TickUnits();
        DecimalFormatSymbols sym = DecimalFormatSymbols.getInstance(Locale.ROOT);
        for (int e = -12; e <= 12; e++) {
            String pattern = e >= 0 ? "#,##0" : "0." + "0".repeat(-e);
            DecimalFormat f = new DecimalFormat(pattern, sym);
            for (int m : new int[] {1, 2, 5}) {
                units.add(new NumberTickUnit(m * Math.pow(10, e), f));
            }
        }
        return units;
    }
}
