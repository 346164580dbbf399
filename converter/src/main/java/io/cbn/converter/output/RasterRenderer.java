package io.cbn.converter.output;

import io.cbn.converter.colour.Palette;
import io.cbn.converter.regions.LabelPlacer.Label;

import java.util.List;

/**
 * The two raster outputs as indexed PNGs: the preview (each pixel its palette colour; the label map is the raster
 * itself) and the template (white, one-pixel outlines on every region border, stroked numbers, and the same legend
 * as the SVG in a strip below the picture).
 */
public final class RasterRenderer {
    private static final byte WHITE = 0, OUTLINE = 1, INK = 2;
    private static final int FIRST_PALETTE = 3;

    private RasterRenderer() { }

    public static byte[] previewPng(byte[] labels, int w, int h, Palette palette) {
        int[] rgb = new int[palette.size()];
        for (int i = 0; i < rgb.length; i++) rgb[i] = palette.rgb(i);
        return PngEncoder.encodeIndexed(labels, w, h, rgb);
    }

    public static byte[] templatePng(int[] comp, int w, int h, List<Label> labels, Palette palette, double minFontSize) {
        LegendLayout lg = new LegendLayout(w, h, palette.size(), minFontSize);
        int th = lg.totalHeight();
        int k = palette.size();
        int[] rgb = new int[FIRST_PALETTE + k];
        rgb[WHITE] = 0xFFFFFF;
        rgb[OUTLINE] = Integer.parseInt(SvgWriter.OUTLINE.substring(1), 16);
        rgb[INK] = Integer.parseInt(SvgWriter.INK.substring(1), 16);
        for (int i = 0; i < k; i++) rgb[FIRST_PALETTE + i] = palette.rgb(i);
        byte[] px = new byte[w * th]; // all index 0 = white
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int i = row + x, c = comp[i];
                if (x == 0 || y == 0 || x == w - 1 || y == h - 1 || comp[i + 1] != c || comp[i + w] != c) px[i] = OUTLINE;
            }
        }
        StrokeFont.Canvas canvas = new StrokeFont.Canvas(px, w, th);
        for (Label l : labels) StrokeFont.drawCentred(canvas, Integer.toString(l.number()), l.x(), l.y(), l.fontSize(), INK);
        canvas.fill(0, h, w - 1, h, OUTLINE);
        for (int i = 0; i < k; i++) {
            int x0 = (int) Math.round(lg.swatchX(i)), y0 = (int) Math.round(lg.swatchY(i)), s = (int) Math.round(lg.swatch);
            canvas.fill(x0, y0, x0 + s - 1, y0 + s - 1, (byte) (FIRST_PALETTE + i));
            canvas.rect(x0, y0, x0 + s - 1, y0 + s - 1, OUTLINE);
            StrokeFont.drawCentred(canvas, Integer.toString(Palette.number(i)), x0 + s / 2.0, y0 + s / 2.0, lg.fontSize,
                    palette.l(i) > 55 ? INK : WHITE);
            StrokeFont.draw(canvas, String.format("#%06X", palette.rgb(i)), lg.hexX(i), y0 + s / 2.0, lg.fontSize, INK);
        }
        return PngEncoder.encodeIndexed(px, w, th, rgb);
    }
}
