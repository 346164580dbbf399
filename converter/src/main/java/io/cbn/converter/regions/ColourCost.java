package io.cbn.converter.regions;

import io.cbn.converter.colour.ColourTable;
import io.cbn.converter.colour.Palette;

import java.util.Arrays;

/**
 * What painting a distinct source colour with a palette entry costs, for the brush openings' hand-overs and regrowth
 * ({@link BrushOpening}; docs/design.md "One geometry"): CIELAB distance, or CIEDE2000 (the unit the colour error is
 * reported in). CIEDE2000 is computed once per (colour, entry) pair and kept while the palette stays the same, so one
 * instance serves every opening of {@link PaintableRegions} (docs/design.md "Speed"); a table too large for that keeps
 * the last entry's value per colour instead. Either way the same numbers as computing each time.
 */
final class ColourCost {
    /** Largest pair cache: 64 MB of doubles (8M pairs: up to 524,288 distinct colours at 16 entries). */
    private static final long PAIRS = 8L << 20;

    private final Palette palette;
    private final float[] lab;
    private final boolean de00;
    private final int k;
    /** CIEDE2000 per (colour, entry) pair; 0 = not computed yet (a true 0 is computed again: same value). */
    private final double[] pairs;
    private final byte[] lastFor;
    private final double[] last;

    private ColourCost(ColourTable table, Palette palette, boolean de00) {
        this.palette = palette; this.lab = table.lab; this.de00 = de00; this.k = palette.size();
        boolean dense = de00 && (long) table.size * k <= PAIRS;
        pairs = dense ? new double[table.size * k] : null;
        lastFor = de00 && !dense ? new byte[table.size] : null;
        last = de00 && !dense ? new double[table.size] : null;
        if (lastFor != null) Arrays.fill(lastFor, (byte) -1);
    }

    static ColourCost cielab(ColourTable table, Palette palette) { return new ColourCost(table, palette, false); }

    static ColourCost ciede2000(ColourTable table, Palette palette) { return new ColourCost(table, palette, true); }

    /** @param c index of the distinct source colour, @param e palette entry */
    double of(int c, int e) {
        int ci = 3 * c;
        if (!de00) return Math.sqrt(palette.dist2(lab[ci], lab[ci + 1], lab[ci + 2], e));
        if (pairs != null) {
            int slot = c * k + e;
            double d = pairs[slot]; // one array, so one cache miss per lookup instead of two (docs/design.md "Speed")
            if (d == 0) pairs[slot] = d = palette.de00(lab[ci], lab[ci + 1], lab[ci + 2], e);
            return d;
        }
        if (lastFor[c] == (byte) e) return last[c];
        double d = palette.de00(lab[ci], lab[ci + 1], lab[ci + 2], e);
        lastFor[c] = (byte) e;
        last[c] = d;
        return d;
    }
}
