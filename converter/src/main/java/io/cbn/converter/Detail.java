package io.cbn.converter;

import java.util.Locale;

/**
 * Difficulty presets (issue 11 item 6; ConversionSettings v2 {@code detail}): the number of colours and the smallest
 * region, as the diameter in mm of a disc of the same area printed on the chosen paper. A preset replaces the explicit
 * colours and min region; no preset (null) keeps them.
 */
public enum Detail {
    EASY(12, 8), MEDIUM(16, 5), HARD(24, 3);

    public final int colours;
    public final double minRegionMm;

    Detail(int colours, double minRegionMm) {
        this.colours = colours;
        this.minRegionMm = minRegionMm;
    }

    /** Case-insensitive easy|medium|hard; null or blank gives null (no preset). */
    public static Detail parse(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("detail must be easy, medium or hard, got '" + s + "'");
        }
    }

    /** Region area in px of a disc of {@link #minRegionMm} diameter at pxPerMm. */
    public int minRegionPx(double pxPerMm) {
        double d = minRegionMm * pxPerMm;
        return (int) Math.ceil(Math.PI / 4 * d * d);
    }

    /**
     * The area the region merger keeps as its floor: {@link #minRegionPx} plus 5%, because smoothing the outlines
     * afterwards moves borders by up to a pixel and can take a few pixels off a region at the floor (measured: a 535 px
     * floor came out 531 px on the preview).
     */
    public int mergeRegionPx(double pxPerMm) { return (int) Math.ceil(minRegionPx(pxPerMm) * 1.05); }

    public String label() { return name().toLowerCase(Locale.ROOT); }
}
