package io.cbn.converter.output;

/**
 * A tiny stroked font (digits, A-F, '#') drawn straight into an indexed raster, so rendering needs neither installed
 * fonts (worker containers often have none) nor Java2D. Glyphs live in a unit box (y down), drawn 0.42 em wide and
 * 0.72 em high in a 0.6 em advance: inside the box TemplateCheck assumes for the SVG text.
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

    /** An indexed raster to draw on. */
    record Canvas(byte[] px, int w, int h) {
        void fill(int x0, int y0, int x1, int y1, byte index) {
            int ax = Math.max(0, x0), ay = Math.max(0, y0), bx = Math.min(w - 1, x1), by = Math.min(h - 1, y1);
            for (int y = ay; y <= by; y++) java.util.Arrays.fill(px, y * w + ax, y * w + bx + 1, index);
        }

        void rect(int x0, int y0, int x1, int y1, byte index) {
            fill(x0, y0, x1, y0, index); fill(x0, y1, x1, y1, index);
            fill(x0, y0, x0, y1, index); fill(x1, y0, x1, y1, index);
        }
    }

    /** Draws {@code text} centred on (cx, cy) with the given font size. */
    static void drawCentred(Canvas c, String text, double cx, double cy, double fontSize, byte index) {
        draw(c, text, cx - 0.3 * fontSize * text.length(), cy, fontSize, index);
    }

    /** Draws {@code text} from x (left edge of the first 0.6 em cell), vertically centred on cy. */
    static void draw(Canvas c, String text, double x, double cy, double fontSize, byte index) {
        double gw = 0.42 * fontSize, gh = 0.72 * fontSize;
        double pen = Math.max(1.0, fontSize * 0.11);
        for (int k = 0; k < text.length(); k++) {
            char ch = Character.toUpperCase(text.charAt(k));
            float[][] lines = ch < 128 ? GLYPHS[ch] : null;
            if (lines == null) continue;
            double ox = x + k * 0.6 * fontSize + 0.09 * fontSize, oy = cy - gh / 2;
            for (float[] line : lines)
                for (int i = 2; i < line.length; i += 2)
                    segment(c, ox + line[i - 2] * gw, oy + line[i - 1] * gh, ox + line[i] * gw, oy + line[i + 1] * gh, pen, index);
        }
    }

    /** A thick line: a square pen stamped along the segment every half pixel. */
    private static void segment(Canvas c, double x0, double y0, double x1, double y1, double pen, byte index) {
        int steps = (int) Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0)) * 2) + 1;
        double r = pen / 2;
        for (int s = 0; s <= steps; s++) {
            double t = (double) s / steps, x = x0 + (x1 - x0) * t, y = y0 + (y1 - y0) * t;
            c.fill((int) Math.round(x - r), (int) Math.round(y - r), (int) Math.round(x + r) - 1, (int) Math.round(y + r) - 1, index);
        }
    }
}
