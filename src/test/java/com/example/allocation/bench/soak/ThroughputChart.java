package com.example.allocation.bench.soak;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Acknowledged writes per second over the soak, with each fault a shaded band: what a fault cost, and how long
 * the service took to come back, seen at a glance. Drawn with the JDK alone, so the bench needs no chart library.
 */
final class ThroughputChart {

    private static final int WIDTH = 1200;
    private static final int HEIGHT = 480;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;
    private static final Color[] BANDS = {new Color(230, 80, 60, 60), new Color(60, 120, 230, 60), new Color(240, 170, 30, 70),
            new Color(120, 60, 200, 60), new Color(40, 170, 90, 60)};

    private ThroughputChart() {
    }

    static void draw(List<Journal.Op> ops, List<Fault> faults, long startMillis, Path png) throws IOException {
        long lastMillis = Math.max(ops.stream().mapToLong(Journal.Op::endMillis).max().orElse(startMillis),
                faults.stream().mapToLong(Fault::endMillis).max().orElse(startMillis));
        int[] perSecond = new int[(int) Math.max(1, (lastMillis - startMillis) / 1000 + 1)];
        ops.stream().filter(op -> op.write() && op.acknowledged() && op.endMillis() >= startMillis)
                .forEach(op -> perSecond[(int) ((op.endMillis() - startMillis) / 1000)]++);
        int top = niceCeiling(Arrays.stream(perSecond).max().orElse(0));
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        Plot plot = new Plot(perSecond.length, top);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < faults.size(); i++) {
            Fault fault = faults.get(i);
            int from = plot.x((fault.startMillis() - startMillis) / 1000.0);
            int to = Math.max(from + 2, plot.x((fault.endMillis() - startMillis) / 1000.0));
            g.setColor(BANDS[i % BANDS.length]);
            g.fillRect(from, TOP, to - from, plot.height());
            g.setColor(Color.DARK_GRAY);
            // Labels step down in three rows so that faults close together stay readable.
            g.drawString(fault.kind(), from + 3, TOP + 14 + 14 * (i % 3));
        }
        axes(g, plot, perSecond.length, top);
        Path2D line = new Path2D.Double();
        for (int s = 0; s < perSecond.length; s++) {
            double x = plot.x(s + 0.5);
            double y = plot.y(perSecond[s]);
            if (s == 0) {
                line.moveTo(x, y);
            } else {
                line.lineTo(x, y);
            }
        }
        g.setColor(new Color(20, 60, 140));
        g.setStroke(new BasicStroke(1.6f));
        g.draw(line);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private record Plot(int seconds, int top) {
        int x(double second) {
            return LEFT + (int) Math.round(second * (WIDTH - LEFT - RIGHT) / seconds);
        }

        int y(double value) {
            return TOP + height() - (int) Math.round(value * height() / top);
        }

        int height() {
            return HEIGHT - TOP - BOTTOM;
        }
    }

    private static void axes(Graphics2D g, Plot plot, int seconds, int top) {
        g.setColor(Color.BLACK);
        g.drawLine(LEFT, TOP, LEFT, TOP + plot.height());
        g.drawLine(LEFT, TOP + plot.height(), WIDTH - RIGHT, TOP + plot.height());
        int step = niceCeiling(Math.max(1, seconds / 12));
        for (int s = 0; s <= seconds; s += step) {
            g.drawLine(plot.x(s), TOP + plot.height(), plot.x(s), TOP + plot.height() + 4);
            g.drawString(Integer.toString(s), plot.x(s) - 8, TOP + plot.height() + 18);
        }
        for (int i = 0; i <= 5; i++) {
            int value = top * i / 5;
            g.drawLine(LEFT - 4, plot.y(value), LEFT, plot.y(value));
            g.drawString(Integer.toString(value), LEFT - 10 - g.getFontMetrics().stringWidth(Integer.toString(value)), plot.y(value) + 4);
        }
        g.drawString("seconds since the soak started", LEFT + (WIDTH - LEFT) / 2 - 90, HEIGHT - 15);
        g.setFont(g.getFont().deriveFont(Font.BOLD, 14f));
        g.drawString("Acknowledged writes per second, faults shaded", LEFT, 24);
        g.setFont(g.getFont().deriveFont(Font.PLAIN, 12f));
        AffineTransform upright = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString("acknowledged writes / s", -(TOP + plot.height() / 2 + 65), 20);
        g.setTransform(upright);
    }

    /** The smallest of 1, 2, 5 × 10^n at or above {@code value}, so the axis ticks fall on round numbers. */
    private static int niceCeiling(int value) {
        int magnitude = 1;
        while (magnitude * 10 <= Math.max(1, value)) {
            magnitude *= 10;
        }
        for (int factor : new int[] {1, 2, 5, 10}) {
            if (factor * magnitude >= value) {
                return Math.max(1, factor * magnitude);
            }
        }
        return 10 * magnitude;
    }
}
