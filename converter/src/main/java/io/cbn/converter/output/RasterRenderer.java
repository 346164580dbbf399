package io.cbn.converter.output;

import io.cbn.converter.colour.Palette;
import io.cbn.converter.regions.LabelPlacer.Label;

import java.util.List;

/**
 * The two raster outputs as indexed PNGs, both rasterised from the template's one geometry ({@link Outlines},
 * docs/design.md "One geometry"): the preview (the smoothed regions filled with their palette colours, see
 * {@link #paint}; the label map is the raster itself) and the template (white, the outlines stroked mid-grey, stroked
 * numbers, and the same legend as the SVG in a strip below the picture).
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

    /**
     * The smoothed regions filled: palette entry per pixel, each pixel the entry of the region whose outline
     * encloses its centre. {@code under} (entry per pixel) shows where no outline encloses a centre (a pixel exactly
     * on a border), so every pixel has an entry.
     */
    public static byte[] paint(Outlines outlines, int[] regionColour, byte[] under) {
        int w = outlines.width(), h = outlines.height();
        byte[] px = under.clone();
        IndexedCanvas canvas = new IndexedCanvas(px, w, h);
        for (int r = 0; r < outlines.regions(); r++) {
            IndexedCanvas.Flattener f = new IndexedCanvas.Flattener();
            outlines.drawRegion(r, f);
            canvas.fill(f.path, regionColour[r]);
        }
        canvas.dispose();
        return px;
    }

    /** The template PNG: the outlines of {@code outlines} drawn as one-pixel lines, numbers and legend. */
    public static byte[] templatePng(Outlines outlines, List<Label> labels, Palette palette, double minFontSize) {
        int w = outlines.width(), h = outlines.height();
        LegendLayout lg = new LegendLayout(w, h, palette.size(), minFontSize);
        int th = lg.totalHeight();
        int k = palette.size();
        int[] rgb = new int[FIRST_PALETTE + k];
        rgb[WHITE] = 0xFFFFFF;
        rgb[OUTLINE] = Outlines.STROKE_GREY;
        rgb[INK] = Integer.parseInt(SvgWriter.INK.substring(1), 16);
        for (int i = 0; i < k; i++) rgb[FIRST_PALETTE + i] = palette.rgb(i);
        byte[] px = new byte[w * th]; // all index 0 = white
        IndexedCanvas lines = new IndexedCanvas(px, w, th);
        IndexedCanvas.Flattener f = new IndexedCanvas.Flattener();
        outlines.draw(f);
        lines.hairline(f.path, OUTLINE); // about 0.2 mm at the default 1600 px
        lines.dispose();
        StrokeFont.Canvas canvas = new StrokeFont.Canvas(px, w, th);
        canvas.rect(0, 0, w - 1, h - 1, OUTLINE);
        legend(canvas, labels, lg, palette, h);
        return PngEncoder.encodeIndexed(px, w, th, rgb);
    }

    private static void legend(StrokeFont.Canvas canvas, List<Label> labels, LegendLayout lg, Palette palette, int h) {
        int w = lg.width, k = palette.size();
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
    }
}
