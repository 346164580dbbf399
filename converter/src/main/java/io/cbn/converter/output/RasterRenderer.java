package io.cbn.converter.output;

import io.cbn.converter.colour.ColourMath;
import io.cbn.converter.colour.Palette;
import io.cbn.converter.regions.LabelPlacer.Label;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.List;

/**
 * The two raster outputs as indexed-colour images: the preview (each pixel its palette colour; the label map is
 * the raster itself) and the template (white, one-pixel outlines on every region border, stroked numbers, the same
 * legend as the SVG below the picture).
 */
public final class RasterRenderer {
    private static final int WHITE = 0, OUTLINE = 1, INK = 2, FIRST_PALETTE = 3;

    private RasterRenderer() { }

    /** Preview: labels (palette entry per pixel) as an 8-bit indexed image, zero copy. */
    public static BufferedImage preview(byte[] labels, int w, int h, Palette palette) {
        int k = palette.size();
        byte[] r = new byte[k], g = new byte[k], b = new byte[k];
        for (int i = 0; i < k; i++) {
            int c = palette.rgb(i);
            r[i] = (byte) (c >> 16); g[i] = (byte) (c >> 8); b[i] = (byte) c;
        }
        IndexColorModel cm = new IndexColorModel(8, k, r, g, b);
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(labels, labels.length), w, h, w, 1, new int[]{0}, null);
        return new BufferedImage(cm, raster, false, null);
    }

    public static BufferedImage template(int[] comp, int w, int h, List<Label> labels, Palette palette, double minFontSize) {
        LegendLayout lg = new LegendLayout(w, h, palette.size(), minFontSize);
        int th = lg.totalHeight();
        int k = palette.size();
        byte[] r = new byte[FIRST_PALETTE + k], g = new byte[FIRST_PALETTE + k], b = new byte[FIRST_PALETTE + k];
        int[] fixed = {0xFFFFFF, Integer.parseInt(SvgWriter.OUTLINE.substring(1), 16), Integer.parseInt(SvgWriter.INK.substring(1), 16)};
        for (int i = 0; i < FIRST_PALETTE + k; i++) {
            int c = i < FIRST_PALETTE ? fixed[i] : palette.rgb(i - FIRST_PALETTE);
            r[i] = (byte) (c >> 16); g[i] = (byte) (c >> 8); b[i] = (byte) c;
        }
        IndexColorModel cm = new IndexColorModel(8, FIRST_PALETTE + k, r, g, b);
        byte[] px = new byte[w * th]; // all index 0 = WHITE
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x, c = comp[i];
                if (x == 0 || y == 0 || x == w - 1 || y == h - 1
                        || (x + 1 < w && comp[i + 1] != c) || (y + 1 < h && comp[i + w] != c)) px[i] = OUTLINE;
            }
        }
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(px, px.length), w, th, w, 1, new int[]{0}, null);
        BufferedImage img = new BufferedImage(cm, raster, false, null);
        Graphics2D gr = img.createGraphics();
        try {
            gr.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            gr.setColor(new Color(fixed[INK]));
            for (Label l : labels) StrokeFont.drawCentred(gr, Integer.toString(l.number()), l.x(), l.y(), l.fontSize());
            legend(gr, lg, palette, fixed);
        } finally {
            gr.dispose();
        }
        return img;
    }

    private static void legend(Graphics2D gr, LegendLayout lg, Palette palette, int[] fixed) {
        gr.setColor(new Color(fixed[OUTLINE]));
        gr.drawLine(0, lg.pictureHeight, lg.width - 1, lg.pictureHeight);
        for (int i = 0; i < palette.size(); i++) {
            double x = lg.swatchX(i), y = lg.swatchY(i), s = lg.swatch;
            Rectangle2D.Double box = new Rectangle2D.Double(x, y, s, s);
            gr.setColor(new Color(palette.rgb(i)));
            gr.fill(box);
            gr.setColor(new Color(fixed[OUTLINE]));
            gr.draw(box);
            gr.setColor(new Color(palette.l(i) > 55 ? fixed[INK] : fixed[WHITE]));
            StrokeFont.drawCentred(gr, Integer.toString(Palette.number(i)), x + s / 2, y + s / 2, lg.fontSize);
            gr.setColor(new Color(fixed[INK]));
            StrokeFont.draw(gr, ColourMath.hex(palette.rgb(i)), lg.hexX(i), y + s / 2, lg.fontSize);
        }
    }
}
