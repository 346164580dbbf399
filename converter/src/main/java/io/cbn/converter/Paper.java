package io.cbn.converter;

import java.util.Locale;

/**
 * Paper of the print-ready PDF (ConversionSettings v2 {@code paper}, docs/design.md "Messages"): portrait size in mm.
 * The picture is printed inside {@link #MARGIN_MM} on every side, which office printers reach (their unprintable edge is 3-4.2 mm).
 */
public enum Paper {
    A4(210, 297), A3(297, 420), LETTER(215.9, 279.4);

    public static final double MARGIN_MM = 5;

    public final double shortMm, longMm;

    Paper(double shortMm, double longMm) {
        this.shortMm = shortMm;
        this.longMm = longMm;
    }

    /** Case-insensitive "A4", "A3", "Letter"; null or blank gives A4. */
    public static Paper parse(String s) {
        if (s == null || s.isBlank()) return A4;
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("paper must be A4, A3 or Letter, got '" + s + "'");
        }
    }

    /** The name as written in settings and on the command line: A4, A3, Letter. */
    public String label() { return this == LETTER ? "Letter" : name(); }
}
