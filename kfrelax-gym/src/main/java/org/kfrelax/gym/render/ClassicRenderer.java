package org.kfrelax.gym.render;

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
 * Java2D drawings of the classic-control environments in the style of Gymnasium's pygame
 * renderers (same canvas sizes, scales, shapes and colours). Coordinates are Gymnasium's:
 * origin bottom-left, y up (the image is flipped as Gymnasium flips its surface).
 */
public final class ClassicRenderer {
    private ClassicRenderer() {}

    private static final Color BLACK = Color.BLACK;

    /** CartPole, 600x400: black cart, (202,152,101) pole, (129,132,203) axle, track line. */
    public static Frame cartPole(double x, double theta) {
        int w = 600;
        int h = 400;
        double worldWidth = 2.4 * 2;
        double scale = w / worldWidth;
        double poleWidth = 10.0;
        double poleLen = scale * (2 * 0.5);
        double cartWidth = 50.0;
        double cartHeight = 30.0;
        Canvas c = new Canvas(w, h);
        double cartX = x * scale + w / 2.0;
        double cartY = 100;
        double axleOffset = cartHeight / 4.0;
        c.fill(rect(-cartWidth / 2, -cartHeight / 2, cartWidth / 2, cartHeight / 2, 0, cartX, cartY), BLACK);
        c.fill(rect(-poleWidth / 2, -poleWidth / 2, poleWidth / 2, poleLen - poleWidth / 2, -theta, cartX, cartY + axleOffset),
                new Color(202, 152, 101));
        c.circle(cartX, cartY + axleOffset, poleWidth / 2, new Color(129, 132, 203));
        c.line(0, cartY, w, cartY, BLACK, 1f);
        return c.frame();
    }

    /** Acrobot, 500x500: (0,204,204) links, (204,204,0) joints, black target line at height 1. */
    public static Frame acrobot(double theta1, double theta2) {
        int dim = 500;
        double bound = 1.0 + 1.0 + 0.2;
        double scale = dim / (bound * 2);
        double offset = dim / 2.0;
        Canvas c = new Canvas(dim, dim);
        // Gymnasium's p1, p2 with x and y swapped ([:, ::-1])
        double p1x = 1.0 * Math.sin(theta1) * scale;
        double p1y = -1.0 * Math.cos(theta1) * scale;
        double[][] joints = {{0, 0}, {p1x, p1y}};
        double[] angles = {theta1 - Math.PI / 2, theta1 + theta2 - Math.PI / 2};
        c.line(-2.2 * scale + offset, 1 * scale + offset, 2.2 * scale + offset, 1 * scale + offset, BLACK, 1f);
        for (int i = 0; i < 2; i++) {
            double jx = joints[i][0] + offset;
            double jy = joints[i][1] + offset;
            c.fill(rect(0, -0.1 * scale, 1.0 * scale, 0.1 * scale, angles[i], jx, jy), new Color(0, 204, 204));
            c.circle(jx, jy, (int) (0.1 * scale), new Color(204, 204, 0));
        }
        return c.frame();
    }

    /** MountainCar, 600x400: the track, the black car with grey wheels, the yellow goal flag. */
    public static Frame mountainCar(double pos) {
        int w = 600;
        int h = 400;
        double min = -1.2;
        double max = 0.6;
        double goal = 0.5;
        double scale = w / (max - min);
        double carWidth = 40;
        double carHeight = 20;
        double clearance = 10;
        Canvas c = new Canvas(w, h);
        Path2D.Double track = new Path2D.Double();
        for (int i = 0; i < 100; i++) {
            double xs = min + (max - min) * i / 99.0;
            double px = (xs - min) * scale;
            double py = height(xs) * scale;
            if (i == 0) {
                track.moveTo(px, py);
            } else {
                track.lineTo(px, py);
            }
        }
        c.stroke(track, BLACK, 1f);
        double angle = Math.cos(3 * pos);
        double baseX = (pos - min) * scale;
        double baseY = clearance + height(pos) * scale;
        c.fill(rect(-carWidth / 2, 0, carWidth / 2, carHeight, angle, baseX, baseY), BLACK);
        for (double wx : new double[] {carWidth / 4, -carWidth / 4}) {
            double cx = wx * Math.cos(angle);
            double cy = wx * Math.sin(angle);
            c.circle((int) (cx + baseX), (int) (cy + baseY), (int) (carHeight / 2.5), new Color(128, 128, 128));
        }
        int flagX = (int) ((goal - min) * scale);
        int flagY1 = (int) (height(goal) * scale);
        int flagY2 = flagY1 + 50;
        c.line(flagX, flagY1, flagX, flagY2, BLACK, 1f);
        Path2D.Double flag = new Path2D.Double();
        flag.moveTo(flagX, flagY2);
        flag.lineTo(flagX, flagY2 - 10);
        flag.lineTo(flagX + 25, flagY2 - 5);
        flag.closePath();
        c.fill(flag, new Color(204, 204, 0));
        return c.frame();
    }

    private static double height(double x) {
        return Math.sin(3 * x) * 0.45 + 0.55;
    }

    /**
     * Pendulum, 500x500: the (204,77,77) rod with rounded ends, a black axle, and a curved
     * arrow for the last torque (size proportional to |u|, clockwise for u &lt; 0).
     *
     * @param lastU the last torque applied, NaN for none
     */
    public static Frame pendulum(double theta, double lastU) {
        int dim = 500;
        double bound = 2.2;
        double scale = dim / (bound * 2);
        double offset = dim / 2.0;
        double rodLength = 1 * scale;
        double rodWidth = 0.2 * scale;
        Color rod = new Color(204, 77, 77);
        Canvas c = new Canvas(dim, dim);
        double a = theta + Math.PI / 2;
        c.fill(rect(0, -rodWidth / 2, rodLength, rodWidth / 2, a, offset, offset), rod);
        c.circle(offset, offset, rodWidth / 2, rod);
        c.circle(offset + rodLength * Math.cos(a), offset + rodLength * Math.sin(a), rodWidth / 2, rod);
        if (!Double.isNaN(lastU) && lastU != 0) {
            // Gymnasium blits an arrow image of side scale·|u|/2, i.e. radius about scale·|u|/4
            c.torqueArrow(offset, offset, scale * Math.abs(lastU) / 4, lastU > 0);
        }
        c.circle(offset, offset, (int) (0.05 * scale), BLACK);
        return c.frame();
    }

    /** The rectangle [l, r] x [b, t], rotated by {@code angle} about the origin, then shifted. */
    private static Path2D.Double rect(double l, double b, double r, double t, double angle, double dx, double dy) {
        double[][] corners = {{l, b}, {l, t}, {r, t}, {r, b}};
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        Path2D.Double p = new Path2D.Double();
        for (int i = 0; i < 4; i++) {
            double x = corners[i][0] * cos - corners[i][1] * sin + dx;
            double y = corners[i][0] * sin + corners[i][1] * cos + dy;
            if (i == 0) {
                p.moveTo(x, y);
            } else {
                p.lineTo(x, y);
            }
        }
        p.closePath();
        return p;
    }

    /** A white canvas whose Graphics2D has y pointing up. */
    private static final class Canvas {
        private final BufferedImage image;
        private final Graphics2D g;

        Canvas(int w, int h) {
            image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            g = image.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.transform(new AffineTransform(1, 0, 0, -1, 0, h));
        }

        void fill(java.awt.Shape s, Color color) {
            g.setColor(color);
            g.fill(s);
        }

        void stroke(java.awt.Shape s, Color color, float width) {
            g.setColor(color);
            g.setStroke(new BasicStroke(width));
            g.draw(s);
        }

        void circle(double x, double y, double r, Color color) {
            fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r), color);
        }

        void line(double x1, double y1, double x2, double y2, Color color, float width) {
            stroke(new Line2D.Double(x1, y1, x2, y2), color, width);
        }

        /**
         * A 270-degree arc around (cx, cy) with an arrow head at its end, pointing
         * counter-clockwise (in the y-up picture) if {@code ccw}, clockwise otherwise.
         */
        void torqueArrow(double cx, double cy, double r, boolean ccw) {
            double dir = ccw ? 1 : -1;
            double a0 = ccw ? Math.toRadians(-45) : Math.toRadians(225);
            double sweep = Math.toRadians(270);
            Path2D.Double arc = new Path2D.Double();
            int n = 48;
            for (int i = 0; i <= n; i++) {
                double a = a0 + dir * sweep * i / n;
                double x = cx + r * Math.cos(a);
                double y = cy + r * Math.sin(a);
                if (i == 0) {
                    arc.moveTo(x, y);
                } else {
                    arc.lineTo(x, y);
                }
            }
            stroke(arc, Color.BLACK, (float) Math.max(2, r / 8));
            double end = a0 + dir * sweep;
            double ex = cx + r * Math.cos(end);
            double ey = cy + r * Math.sin(end);
            double tx = -Math.sin(end) * dir; // unit tangent in the direction of travel
            double ty = Math.cos(end) * dir;
            double size = Math.max(6, r / 3);
            Path2D.Double head = new Path2D.Double();
            head.moveTo(ex + tx * size, ey + ty * size);
            head.lineTo(ex - ty * size * 0.6, ey + tx * size * 0.6);
            head.lineTo(ex + ty * size * 0.6, ey - tx * size * 0.6);
            head.closePath();
            fill(head, Color.BLACK);
        }

        Frame frame() {
            g.dispose();
            int[] px = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            for (int i = 0; i < px.length; i++) {
                px[i] &= 0xFFFFFF;
            }
            return new Frame(image.getWidth(), image.getHeight(), px);
        }
    }
}
