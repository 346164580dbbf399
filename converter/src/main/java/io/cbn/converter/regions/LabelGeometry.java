package io.cbn.converter.regions;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The legibility rule shared with the template checker (docs/design.md, "One geometry"; TemplateChecker in the tests): the long side is printed across A4 (297 mm),
 * a digit is 0.72 x font-size high and must be at least 2 mm; a label box is 0.6 x font-size per digit wide and
 * 0.72 x font-size high, centred on x,y, and every pixel it touches must be in the region. {@link #boxInside} is a
 * line-by-line mirror of the checker's test; font sizes are rounded up to 2 decimals and positions are multiples of
 * 0.5 so that what the SVG says is exactly what was tested.
 */
public final class LabelGeometry {
    public final double pxPerMm;
    /** Smallest permitted font size as printed in the SVG (already rounded up to 2 decimals). */
    public final double minFontSize;
    /** Largest font size used for big regions. */
    public final double maxFontSize;

    public LabelGeometry(int w, int h) {
        this(Math.max(w, h) / 297.0);
    }

    /** At a given print scale, e.g. NAME.pdf's true scale for a difficulty preset (docs/design.md, "One geometry"). */
    public LabelGeometry(double pxPerMm) {
        this.pxPerMm = pxPerMm;
        this.minFontSize = roundUp(2.0 * pxPerMm / 0.72 + 1e-9);
        this.maxFontSize = roundUp(minFontSize * 2.0);
    }

    /** The value the SVG will carry for a font size: 2 decimals, rounded up, parsed back. */
    public static double roundUp(double fs) {
        // k / 100 printed with 2 decimals is k / 100 again, so parsing it back gives the same double: no formatting
        // needed (LabelGeometryTest compares with the formatted round trip)
        return Math.ceil(fs * 100 - 1e-9) / 100;
    }

    /**
     * {@code v} with at most 2 decimals, trailing zeros dropped: {@code String.format(Locale.ROOT, "%.2f", v)} trimmed.
     * The formatter rounds the shortest decimal form of {@code v} half up, which is what {@link BigDecimal#valueOf}
     * and {@code setScale(2, HALF_UP)} do at a fraction of the cost (it parses its pattern on every call: a tenth
     * of a small photo's conversion went to it). Negative values and -0.0 keep the formatter ("-0.00").
     */
    public static String format(double v) {
        String s = v > 0 || (v == 0 && Double.doubleToRawLongBits(v) == 0)
                ? BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).toPlainString()
                : String.format(Locale.ROOT, "%.2f", v);
        if (s.endsWith("00")) return s.substring(0, s.length() - 3);
        if (s.endsWith("0")) return s.substring(0, s.length() - 1);
        return s;
    }

    public static double boxWidth(double fs, int digits) { return 0.6 * fs * digits; }

    public static double boxHeight(double fs) { return 0.72 * fs; }

    /** Pixel columns a box covers when placed with the slack centred: floor(width) + 1. */
    public static int cells(double extent) { return (int) Math.floor(extent) + 1; }

    /** Centre coordinate for a box whose covered cells start at {@code first}: a multiple of 0.5. */
    public static double centre(int first, int cells) { return first + cells / 2.0; }

    /** TemplateCheck's fit test for one label, on a component map. */
    public static boolean boxInside(int[] comp, int w, int h, int region, double x, double y, double fs, int digits) {
        double digitH = 0.72 * fs, boxW = 0.6 * fs * digits;
        int cx = (int) Math.floor(x), cy = (int) Math.floor(y);
        if (cx < 0 || cy < 0 || cx >= w || cy >= h || comp[cy * w + cx] != region) return false;
        int bx0 = (int) Math.floor(x - boxW / 2), bx1 = (int) Math.ceil(x + boxW / 2) - 1;
        int by0 = (int) Math.floor(y - digitH / 2), by1 = (int) Math.ceil(y + digitH / 2) - 1;
        if (bx0 < 0 || by0 < 0 || bx1 >= w || by1 >= h) return false;
        for (int yy = by0; yy <= by1; yy++)
            for (int xx = bx0, i = yy * w + bx0; xx <= bx1; xx++, i++)
                if (comp[i] != region) return false;
        return true;
    }
}
