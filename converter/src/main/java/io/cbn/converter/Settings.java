package io.cbn.converter;

import io.cbn.converter.colour.PaintSet;

import java.time.Duration;

/**
 * Conversion settings. {@code minRegionPx == 0} means "derive from legibility": the smallest region that can hold
 * a 2 mm digit when the template's long side is printed across A4 (297 mm).
 * {@code paper} is the PDF's paper; {@code detail} (nullable) a difficulty preset that replaces {@code colors} and
 * {@code minRegionPx}; {@code paintSet} (nullable) restricts the palette to real paints (docs/design.md "Messages",
 * ConversionSettings v2).
 */
public record Settings(int colors, int maxSize, int minRegionPx, long maxPixels, long maxBytes, int minSide, Duration timeout,
                       Paper paper, Detail detail, PaintSet paintSet) {
    public static final int DEFAULT_COLORS = 16;
    public static final int DEFAULT_MAX_SIZE = 1600;
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;
    public static final long DEFAULT_MAX_BYTES = 200L * 1024 * 1024;
    public static final int DEFAULT_MIN_SIDE = 64;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    public Settings {
        if (colors < 2 || colors > 64) throw new IllegalArgumentException("colors must be 2..64, got " + colors);
        if (maxSize < 0) throw new IllegalArgumentException("maxSize must be >= 0, got " + maxSize);
        if (minRegionPx < 0) throw new IllegalArgumentException("minRegionPx must be >= 0, got " + minRegionPx);
        if (maxPixels <= 0 || maxBytes <= 0 || minSide < 1) throw new IllegalArgumentException("limits must be positive");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        if (paper == null) paper = Paper.A4;
    }

    /** The settings of schema v1: A4, no preset, no paint set. */
    public Settings(int colors, int maxSize, int minRegionPx, long maxPixels, long maxBytes, int minSide, Duration timeout) {
        this(colors, maxSize, minRegionPx, maxPixels, maxBytes, minSide, timeout, Paper.A4, null, null);
    }

    public static Settings defaults() {
        return new Settings(DEFAULT_COLORS, DEFAULT_MAX_SIZE, 0, DEFAULT_MAX_PIXELS, DEFAULT_MAX_BYTES, DEFAULT_MIN_SIDE, DEFAULT_TIMEOUT);
    }

    /** Palette size asked for: the preset's, else {@code colors}; never more than the paint set holds. */
    public int effectiveColors() {
        int k = detail != null ? detail.colours : colors;
        return paintSet == null ? k : Math.min(k, paintSet.size());
    }

    /** Smallest region in px at pxPerMm (px per printed mm): the preset's, else {@code minRegionPx}. */
    public int effectiveMinRegionPx(double pxPerMm) {
        return detail != null ? detail.minRegionPx(pxPerMm) : minRegionPx;
    }

    public Settings withColors(int c) { return new Settings(c, maxSize, minRegionPx, maxPixels, maxBytes, minSide, timeout, paper, detail, paintSet); }
    public Settings withMaxSize(int m) { return new Settings(colors, m, minRegionPx, maxPixels, maxBytes, minSide, timeout, paper, detail, paintSet); }
    public Settings withMinRegionPx(int m) { return new Settings(colors, maxSize, m, maxPixels, maxBytes, minSide, timeout, paper, detail, paintSet); }
    public Settings withPaper(Paper p) { return new Settings(colors, maxSize, minRegionPx, maxPixels, maxBytes, minSide, timeout, p, detail, paintSet); }
    public Settings withDetail(Detail d) { return new Settings(colors, maxSize, minRegionPx, maxPixels, maxBytes, minSide, timeout, paper, d, paintSet); }
    public Settings withPaintSet(PaintSet s) { return new Settings(colors, maxSize, minRegionPx, maxPixels, maxBytes, minSide, timeout, paper, detail, s); }
}
