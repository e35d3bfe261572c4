package org.kfrelax.gym.box2d;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import org.kfrelax.gym.Frame;

/**
 * Draws LunarLander as Gymnasium's {@code render()} does, with Java2D and no display:
 * a 600x400 image, white ground below the terrain, black sky above it, exhaust particles
 * fading from white-red to dark ({@code (max(.2, .15 + ttl), max(.2, ttl/2), max(.2, ttl/2))}),
 * the lander hull and legs filled in (128, 102, 230) and outlined in (77, 77, 128), and the two
 * helipad flags (white pole 50 px, yellow (204, 204, 0) pennant). World units are scaled by 30
 * pixels and the y axis points up.
 */
public final class LunarLanderRenderer {
    static final int WIDTH = LunarLanderSim.VIEWPORT_W;
    static final int HEIGHT = LunarLanderSim.VIEWPORT_H;
    private static final Color BODY_FILL = new Color(128, 102, 230);
    private static final Color BODY_OUTLINE = new Color(77, 77, 128);
    private static final Color FLAG = new Color(204, 204, 0);

    private LunarLanderRenderer() {}

    /** The frame for the simulation's current state (after {@link LunarLanderSim#reset}). */
    public static Frame render(LunarLanderSim sim) {
        if (!sim.isReset()) {
            throw new IllegalStateException("LunarLander: reset before rendering");
        }
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            // y up, as pygame's surface is flipped at the end of the reference's render()
            g.transform(new AffineTransform(1, 0, 0, -1, 0, HEIGHT));
            g.setStroke(new BasicStroke(1f));

            drawSky(g, sim);
            for (double[] p : sim.particles()) {
                drawParticle(g, p[0], p[1], p[2], particleColor(p[3]));
            }
            for (double[] polygon : sim.landerPolygons()) {
                drawPolygon(g, polygon);
            }
            drawFlags(g, sim);
        } finally {
            g.dispose();
        }
        int[] pixels = image.getRGB(0, 0, WIDTH, HEIGHT, null, 0, WIDTH);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] &= 0xFFFFFF;
        }
        return new Frame(WIDTH, HEIGHT, pixels);
    }

    /** Gymnasium's particle colour for a time to live {@code ttl}. */
    static Color particleColor(double ttl) {
        int r = (int) (Math.max(0.2, 0.15 + ttl) * 255);
        int gb = (int) (Math.max(0.2, 0.5 * ttl) * 255);
        return new Color(clamp(r), clamp(gb), clamp(gb));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static void drawSky(Graphics2D g, LunarLanderSim sim) {
        double scale = LunarLanderSim.SCALE;
        double top = LunarLanderSim.VIEWPORT_H; // H * SCALE
        g.setColor(Color.BLACK);
        for (int i = 0; i < LunarLanderSim.CHUNKS - 1; i++) {
            Path2D.Double poly = new Path2D.Double();
            poly.moveTo(sim.terrainX(i) * scale, sim.terrainY(i) * scale);
            poly.lineTo(sim.terrainX(i + 1) * scale, sim.terrainY(i + 1) * scale);
            poly.lineTo(sim.terrainX(i + 1) * scale, top);
            poly.lineTo(sim.terrainX(i) * scale, top);
            poly.closePath();
            g.fill(poly);
            g.draw(poly);
        }
    }

    private static void drawParticle(Graphics2D g, double x, double y, double radius, Color colour) {
        double scale = LunarLanderSim.SCALE;
        double r = radius * scale;
        g.setColor(colour);
        g.fill(new Ellipse2D.Double(x * scale - r, y * scale - r, 2 * r, 2 * r));
    }

    /** A body polygon {@code {x0, y0, x1, y1, ...}} (world units), filled and outlined. */
    private static void drawPolygon(Graphics2D g, double[] xy) {
        double scale = LunarLanderSim.SCALE;
        Path2D.Double path = new Path2D.Double();
        path.moveTo(xy[0] * scale, xy[1] * scale);
        for (int i = 2; i < xy.length; i += 2) {
            path.lineTo(xy[i] * scale, xy[i + 1] * scale);
        }
        path.closePath();
        g.setColor(BODY_FILL);
        g.fill(path);
        g.setColor(BODY_OUTLINE);
        g.draw(path);
    }

    private static void drawFlags(Graphics2D g, LunarLanderSim sim) {
        double scale = LunarLanderSim.SCALE;
        for (double hx : new double[] {sim.helipadX1(), sim.helipadX2()}) {
            double x = hx * scale;
            double flagY1 = sim.helipadY() * scale;
            double flagY2 = flagY1 + 50;
            g.setColor(Color.WHITE);
            g.draw(new Line2D.Double(x, flagY1, x, flagY2));
            Path2D.Double pennant = new Path2D.Double();
            pennant.moveTo(x, flagY2);
            pennant.lineTo(x, flagY2 - 10);
            pennant.lineTo(x + 25, flagY2 - 5);
            pennant.closePath();
            g.setColor(FLAG);
            g.fill(pennant);
            g.draw(pennant);
        }
    }
}
