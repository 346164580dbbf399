package io.cbn.converter.output;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Rasterises {@link Outlines} geometry into a byte-per-pixel index map with Java2D, without anti-aliasing: a pixel
 * takes the index of the shape whose outline encloses its centre. Curves are flattened here (uniform steps, the same
 * points whichever way a shared border is walked), so two regions sharing a border meet without gaps or overlaps.
 * Indices are drawn through a synthetic colour model (index i is RGB (i, 0, 0)), so the result is exactly the index
 * given, whatever the palette's colours.
 */
final class IndexedCanvas {
    private final BufferedImage image;
    private final Graphics2D g;
    final byte[] px;
    private static final Color[] INDEX = new Color[256];

    static {
        for (int i = 0; i < 256; i++) INDEX[i] = new Color(i, 0, 0);
    }

    /** A canvas over {@code px} (w * h indices, row-major; drawn on in place). */
    IndexedCanvas(byte[] px, int w, int h) {
        this.px = px;
        byte[] r = new byte[256], z = new byte[256];
        for (int i = 0; i < 256; i++) r[i] = (byte) i;
        IndexColorModel cm = new IndexColorModel(8, 256, r, z, z);
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(px, w * h), w, h, w, 1, new int[]{0}, null);
        image = new BufferedImage(cm, raster, false, null);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    }

    void fill(Path2D path, int index) {
        g.setColor(INDEX[index]);
        g.fill(path);
    }

    /** One-pixel lines (Java2D's fast thin-line path; a wide stroke of a whole template costs seconds). */
    void hairline(Path2D path, int index) {
        g.setColor(INDEX[index]);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_DEFAULT);
        g.setStroke(new BasicStroke(1f));
        g.draw(path);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    void dispose() { g.dispose(); }

    /** A PathSink building a Path2D of straight lines, cubic curves flattened in uniform parameter steps. */
    static final class Flattener implements PathSink {
        final Path2D.Double path = new Path2D.Double(Path2D.WIND_NON_ZERO);
        private double cx, cy;

        @Override public void moveTo(double x, double y) { path.moveTo(x, y); cx = x; cy = y; }

        @Override public void lineTo(double x, double y) { path.lineTo(x, y); cx = x; cy = y; }

        @Override public void curveTo(double c1x, double c1y, double c2x, double c2y, double x, double y) {
            // every product and sum is symmetric in the curve's direction: the reversed curve gives the same points
            double len = (Math.hypot(c1x - cx, c1y - cy) + Math.hypot(x - c2x, y - c2y)) + Math.hypot(c2x - c1x, c2y - c1y);
            int n = Math.max(2, Math.min(64, (int) Math.ceil(len / 1.5)));
            for (int j = 1; j < n; j++) {
                double b = (double) j / n, a = (double) (n - j) / n, ab = a * b;
                double w0 = a * a * a, w1 = 3 * ab * a, w2 = 3 * ab * b, w3 = b * b * b;
                path.lineTo((w0 * cx + w3 * x) + (w1 * c1x + w2 * c2x), (w0 * cy + w3 * y) + (w1 * c1y + w2 * c2y));
            }
            path.lineTo(x, y);
            cx = x; cy = y;
        }

        @Override public void closePath() { path.closePath(); }
    }
}
