package io.cbn.converter.output;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;

/**
 * A tiny stroked font (digits, A-F, '#') for the raster template, so rendering needs no installed fonts (worker
 * containers often have none). Glyphs live in a unit box (y down) drawn 0.45 em wide and 0.72 em high, advancing
 * 0.6 em per character: the same box TemplateCheck assumes for SVG text.
 */
final class StrokeFont {
    private static final float[][][] GLYPHS = new float[128][][];

    static {
        g('0', new float[]{0, 0, 1, 0, 1, 1, 0, 1, 0, 0});
        g('1', new float[]{0.2f, 0.2f, 0.55f, 0, 0.55f, 1}, new float[]{0.15f, 1, 0.95f, 1});
        g('2', new float[]{0, 0, 1, 0, 1, 0.5f, 0, 0.5f, 0, 1, 1, 1});
        g('3', new float[]{0, 0, 1, 0, 1, 1, 0, 1}, new float[]{0.25f, 0.5f, 1, 0.5f});
        g('4', new float[]{0.75f, 1, 0.75f, 0, 0, 0.65f, 1, 0.65f});
        g('5', new float[]{1, 0, 0, 0, 0, 0.5f, 1, 0.5f, 1, 1, 0, 1});
        g('6', new float[]{1, 0, 0, 0, 0, 1, 1, 1, 1, 0.5f, 0, 0.5f});
        g('7', new float[]{0, 0, 1, 0, 0.35f, 1});
        g('8', new float[]{0, 0, 1, 0, 1, 1, 0, 1, 0, 0}, new float[]{0, 0.5f, 1, 0.5f});
        g('9', new float[]{1, 0.5f, 0, 0.5f, 0, 0, 1, 0, 1, 1, 0, 1});
        g('A', new float[]{0, 1, 0, 0, 1, 0, 1, 1}, new float[]{0, 0.5f, 1, 0.5f});
        g('B', new float[]{0, 0.5f, 0.8f, 0.5f, 0.8f, 0, 0, 0, 0, 1, 1, 1, 1, 0.5f, 0.8f, 0.5f});
        g('C', new float[]{1, 0, 0, 0, 0, 1, 1, 1});
        g('D', new float[]{0, 0, 0.7f, 0, 1, 0.3f, 1, 0.7f, 0.7f, 1, 0, 1, 0, 0});
        g('E', new float[]{1, 0, 0, 0, 0, 1, 1, 1}, new float[]{0, 0.5f, 0.75f, 0.5f});
        g('F', new float[]{1, 0, 0, 0, 0, 1}, new float[]{0, 0.5f, 0.75f, 0.5f});
        g('#', new float[]{0.35f, 0, 0.25f, 1}, new float[]{0.85f, 0, 0.75f, 1},
                new float[]{0, 0.33f, 1, 0.33f}, new float[]{0, 0.67f, 1, 0.67f});
    }

    private StrokeFont() { }

    private static void g(char c, float[]... lines) { GLYPHS[c] = lines; }

    /** Draws {@code text} centred on (cx, cy) with the given font size, using the graphics' colour. */
    static void drawCentred(Graphics2D g, String text, double cx, double cy, double fontSize) {
        draw(g, text, cx - 0.3 * fontSize * text.length(), cy, fontSize);
    }

    /** Draws {@code text} starting at x (left edge of the first 0.6 em cell), vertically centred on cy. */
    static void draw(Graphics2D g, String text, double x, double cy, double fontSize) {
        double gw = 0.42 * fontSize, gh = 0.72 * fontSize;
        g.setStroke(new BasicStroke((float) Math.max(1.0, fontSize * 0.11), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double p = new Path2D.Double();
        for (int k = 0; k < text.length(); k++) {
            char ch = Character.toUpperCase(text.charAt(k));
            float[][] lines = ch < 128 ? GLYPHS[ch] : null;
            if (lines == null) continue;
            double ox = x + k * 0.6 * fontSize + 0.09 * fontSize, oy = cy - gh / 2;
            for (float[] line : lines) {
                p.moveTo(ox + line[0] * gw, oy + line[1] * gh);
                for (int i = 2; i < line.length; i += 2) p.lineTo(ox + line[i] * gw, oy + line[i + 1] * gh);
            }
        }
        g.draw(p);
    }
}
