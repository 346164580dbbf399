package io.cbn.converter.output;

import io.cbn.converter.Deadline;
import io.cbn.converter.colour.ColourMath;
import io.cbn.converter.colour.Palette;
import io.cbn.converter.regions.LabelGeometry;
import io.cbn.converter.regions.LabelPlacer.Label;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The print-ready vector template: the regions as white filled paths ({@code <path class="region" data-number=N>},
 * one per region, for painting programs and for checking that the regions tile the picture), their outlines drawn
 * once per border ({@code <path class="outline">}, mid-grey, {@value Outlines#STROKE_MM} mm printed), both from the
 * template's one geometry ({@link Outlines}, docs/design.md "One geometry"), one
 * {@code <text class="label">} per region centred on its x,y in viewBox pixel units, and the palette legend.
 * The root viewBox is exactly the preview's pixel size "0 0 W H".
 */
public final class SvgWriter {
    /** The picture's frame and the legend swatches' frames (the PDF's legend uses the same grey). */
    static final int FRAME_GREY = 0x5a5a5a;
    static final String OUTLINE = String.format("#%06x", FRAME_GREY), INK = "#303030";

    private SvgWriter() { }

    /** The template from the one geometry; {@code regionColour} is the palette entry of each of its regions. */
    public static byte[] write(Outlines outlines, int[] regionColour, List<Label> labels, Palette palette, double minFontSize,
                               double pxPerMm, Deadline deadline) {
        int w = outlines.width(), h = outlines.height();
        LegendLayout legend = new LegendLayout(w, h, palette.size(), minFontSize);
        int total = legend.totalHeight();
        StringBuilder sb = new StringBuilder(256 * 1024);
        header(sb, w, h, total);
        sb.append("<g class=\"regions\" fill=\"#ffffff\" stroke=\"none\">\n");
        PathData d = new PathData(sb);
        for (int r = 0; r < outlines.regions(); r++) {
            if ((r & 255) == 0) deadline.check("write svg");
            sb.append("<path class=\"region\" data-number=\"").append(Palette.number(regionColour[r])).append("\" d=\"");
            outlines.drawRegion(r, d);
            sb.append("\"/>\n");
        }
        sb.append("</g>\n");
        sb.append("<path class=\"outline\" fill=\"none\" stroke=\"").append(ColourMath.hex(Outlines.STROKE_GREY))
          .append("\" stroke-width=\"").append(LabelGeometry.format(Outlines.strokeWidthPx(pxPerMm)))
          .append("\" stroke-linecap=\"round\" stroke-linejoin=\"round\" d=\"");
        outlines.draw(d);
        sb.append("\"/>\n");
        deadline.check("write svg");
        sb.append("<rect class=\"frame\" x=\"0\" y=\"0\" width=\"").append(w).append("\" height=\"").append(h)
          .append("\" fill=\"none\" stroke=\"").append(ColourMath.hex(Outlines.STROKE_GREY)).append("\" stroke-width=\"")
          .append(LabelGeometry.format(Outlines.strokeWidthPx(pxPerMm))).append("\"/>\n");
        labels(sb, labels);
        legend(sb, legend, palette);
        sb.append("</svg>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void header(StringBuilder sb, int w, int h, int total) {
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(w).append(' ').append(h)
          .append("\" width=\"").append(w).append("\" height=\"").append(total)
          .append("\" preserveAspectRatio=\"xMidYMin meet\">\n");
        sb.append("<!-- The viewBox is the picture, pixel for pixel (\"0 0 W H\", the preview's size), so label x/y are\n"
                + "     preview pixel coordinates. The legend must not cover any region, so it sits BELOW the picture\n"
                + "     (y >= H): the viewport is taller than the viewBox and 'xMidYMin meet' pins the picture to the\n"
                + "     top at scale 1, leaving the extra strip visible for the legend. Legend texts are not class \"label\". -->\n");
        sb.append("<rect x=\"0\" y=\"0\" width=\"").append(w).append("\" height=\"").append(total).append("\" fill=\"#ffffff\"/>\n");
    }

    private static void labels(StringBuilder sb, List<Label> labels) {
        sb.append("<g class=\"labels\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" text-anchor=\"middle\" fill=\"")
          .append(INK).append("\">\n");
        for (Label l : labels) {
            sb.append("<text class=\"label\" x=\"").append(LabelGeometry.format(l.x())).append("\" y=\"")
              .append(LabelGeometry.format(l.y())).append("\" font-size=\"").append(LabelGeometry.format(l.fontSize()))
              .append("\" dy=\"0.36em\">").append(l.number()).append("</text>\n");
        }
        sb.append("</g>\n");
    }

    /** SVG path data (absolute M, L, C, Z; coordinates to 2 decimals) from a {@link PathSink}. */
    static final class PathData implements PathSink {
        private final StringBuilder sb;

        PathData(StringBuilder sb) { this.sb = sb; }

        @Override public void moveTo(double x, double y) { sb.append('M'); num(x); sb.append(' '); num(y); }

        @Override public void lineTo(double x, double y) { sb.append('L'); num(x); sb.append(' '); num(y); }

        @Override public void curveTo(double c1x, double c1y, double c2x, double c2y, double x, double y) {
            sb.append('C'); num(c1x); sb.append(' '); num(c1y); sb.append(' '); num(c2x); sb.append(' '); num(c2y);
            sb.append(' '); num(x); sb.append(' '); num(y);
        }

        @Override public void closePath() { sb.append('Z'); }

        private void num(double v) {
            long c = Math.round(v * 100);
            if (c < 0) { sb.append('-'); c = -c; }
            sb.append(c / 100);
            int f = (int) (c % 100);
            if (f != 0) {
                sb.append('.').append((char) ('0' + f / 10));
                if (f % 10 != 0) sb.append((char) ('0' + f % 10));
            }
        }
    }

    private static void legend(StringBuilder sb, LegendLayout lg, Palette palette) {
        String fs = LabelGeometry.format(lg.fontSize);
        sb.append("<g class=\"legend\" font-family=\"DejaVu Sans Mono, Courier, monospace\" font-size=\"").append(fs).append("\">\n");
        sb.append("<line x1=\"0\" y1=\"").append(lg.pictureHeight).append("\" x2=\"").append(lg.width).append("\" y2=\"")
          .append(lg.pictureHeight).append("\" stroke=\"").append(OUTLINE).append("\" stroke-width=\"1\"/>\n");
        for (int i = 0; i < palette.size(); i++) {
            String hex = ColourMath.hex(palette.rgb(i));
            double x = lg.swatchX(i), y = lg.swatchY(i), s = lg.swatch;
            sb.append("<rect class=\"swatch\" x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" width=\"").append(f(s))
              .append("\" height=\"").append(f(s)).append("\" fill=\"").append(hex).append("\" stroke=\"").append(OUTLINE).append("\"/>");
            String ink = palette.l(i) > 55 ? "#000000" : "#ffffff";
            sb.append("<text class=\"legend-number\" x=\"").append(f(x + s / 2)).append("\" y=\"").append(f(y + s / 2))
              .append("\" dy=\"0.36em\" text-anchor=\"middle\" fill=\"").append(ink).append("\">").append(Palette.number(i)).append("</text>");
            sb.append("<text class=\"legend-hex\" x=\"").append(f(lg.hexX(i))).append("\" y=\"").append(f(y + s / 2))
              .append("\" dy=\"0.36em\" fill=\"").append(INK).append("\">").append(hex).append("</text>\n");
        }
        sb.append("</g>\n");
    }

    private static String f(double v) { return String.format(Locale.ROOT, "%.1f", v); }
}
