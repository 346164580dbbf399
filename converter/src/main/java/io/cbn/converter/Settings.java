package io.cbn.converter;

import io.cbn.converter.colour.PaintSet;

import java.time.Duration;

/**
 * Conversion settings, and the one rule set of their valid values ({@link Range}): the constructor enforces the
 * ranges, and {@code cbn enqueue} checks the same constants before it publishes anything, so every value the
 * producer accepts is one the converter accepts.
 *
 * <p> {@code minRegionPx == 0} means "derive from legibility": the smallest region that can hold
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

    /**
     * The inclusive range of one setting. {@link #problem(long)} says what is wrong with a value, naming the setting
     * by {@code name}; callers with other names for it (a CLI option) use {@link #problem(String, long)}.
     */
    public record Range(String name, long min, long max) {
        public boolean contains(long value) { return value >= min && value <= max; }

        /** Null when {@code value} is allowed, otherwise a message naming {@code label}, the range and the value. */
        public String problem(String label, long value) {
            if (contains(value)) return null;
            String range = max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? ">= " + min : min + ".." + max;
            return label + " must be " + range + ", got " + value;
        }

        public String problem(long value) { return problem(name, value); }

        void check(long value) {
            String problem = problem(value);
            if (problem != null) throw new IllegalArgumentException(problem);
        }
    }

    /** Palette size: 2 colours at least; above 64 the numbers of a printed template are no longer told apart. */
    public static final Range COLORS = new Range("colors", 2, 64);
    /** Long side of the template in px; 0 = the source's size. */
    public static final Range MAX_SIZE = new Range("maxSize", 0, Integer.MAX_VALUE);
    /** Smallest region in px; 0 = derived from a legible 2 mm digit. */
    public static final Range MIN_REGION_PX = new Range("minRegionPx", 0, Integer.MAX_VALUE);
    public static final Range MAX_PIXELS = new Range("maxPixels", 1, Long.MAX_VALUE);
    public static final Range MAX_BYTES = new Range("maxBytes", 1, Long.MAX_VALUE);
    public static final Range MIN_SIDE = new Range("minSide", 1, Integer.MAX_VALUE);
    /** Per-image time limit in ms. */
    public static final Range TIMEOUT_MS = new Range("timeoutMs", 1, Long.MAX_VALUE);

    public Settings {
        COLORS.check(colors);
        MAX_SIZE.check(maxSize);
        MIN_REGION_PX.check(minRegionPx);
        MAX_PIXELS.check(maxPixels);
        MAX_BYTES.check(maxBytes);
        MIN_SIDE.check(minSide);
        if (timeout == null) throw new IllegalArgumentException("timeout must be given");
        TIMEOUT_MS.check(timeout.toMillis() == 0 && !timeout.isZero() && !timeout.isNegative() ? 1 : timeout.toMillis());
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
        return detail != null ? detail.mergeRegionPx(pxPerMm) : minRegionPx;
    }

    public Settings withColors(int c) { return new Settings(c, maxSize, minRegionPx, maxPixels, maxBytes, minSide, timeout, paper, detail, paintSet); }
    public Settings withMaxSize(int m) { return new Settings(colors, m, minRegionPx, maxPixels, maxBytes, minSide, timeout, paper, detail, paintSet); }
    public Settings withMinRegionPx(int m) { return new Settings(colors, maxSize, m, maxPixels, maxBytes, minSide, timeout, paper, detail, paintSet); }
    public Settings withPaper(Paper p) { return new Settings(colors, maxSize, minRegionPx, maxPixels, maxBytes, minSide, timeout, p, detail, paintSet); }
    public Settings withDetail(Detail d) { return new Settings(colors, maxSize, minRegionPx, maxPixels, maxBytes, minSide, timeout, paper, d, paintSet); }
    public Settings withPaintSet(PaintSet s) { return new Settings(colors, maxSize, minRegionPx, maxPixels, maxBytes, minSide, timeout, paper, detail, s); }
}
