package io.cbn.converter.colour;

import io.cbn.converter.Deadline;

import java.util.Arrays;

/**
 * Mean and 95th percentile CIEDE2000 between the source at template size and the preview, as TemplateCheck measures
 * it (the preview's 8-bit palette colours against each source pixel). CIEDE2000 is computed once per (distinct
 * source colour, palette entry) pair (as a float; up to 8M pairs, beyond that the last entry's value per colour); the percentile comes from a 0.001-wide histogram.
 */
public final class ColourError {
    public record Stats(double mean, double p95) { }

    private static final double BIN = 0.001;
    /** Largest pair cache (floats): 32 MB. */
    private static final long DENSE_PAIRS = 8L << 20;

    private ColourError() { }

    public static Stats measure(ColourTable t, byte[] labels, Palette palette, Deadline deadline) {
        int[] hist = new int[(int) (200 / BIN) + 1];
        int n = labels.length;
        double mean = sum(t, labels, palette, hist, deadline) / n;
        long target = (long) (0.95 * (n - 1)), acc = 0;
        double p95 = 0;
        for (int b = 0; b < hist.length; b++) {
            acc += hist[b];
            if (acc > target) { p95 = (b + 0.5) * BIN; break; }
        }
        return new Stats(mean, p95);
    }

    /** The mean alone, the same number as {@link #measure}'s (the converter's floor and headroom need no percentile). */
    public static double mean(ColourTable t, byte[] labels, Palette palette, Deadline deadline) {
        return sum(t, labels, palette, null, deadline) / labels.length;
    }

    /**
     * {@link #mean} of a labelling that gives every distinct colour one entry ({@code assignment}, e.g. the
     * quantiser's): the same number, from one CIEDE2000 per colour and a cache the size of the table.
     */
    public static double meanOfAssignment(ColourTable t, byte[] assignment, Palette palette, Deadline deadline) {
        float[] d = new float[t.size];
        for (int c = 0; c < t.size; c++) {
            if ((c & 0xFFFF) == 0) deadline.check("colour error");
            d[c] = (float) palette.de00(t.lab[3 * c], t.lab[3 * c + 1], t.lab[3 * c + 2], assignment[c] & 0xFF);
        }
        double sum = 0;
        int[] pi = t.pixelIndex;
        for (int i = 0; i < pi.length; i++) sum += d[pi[i]];
        return sum / pi.length;
    }

    /** The sum over the pixels, in their order; each pixel's difference counted in {@code hist} unless it is null. */
    private static double sum(ColourTable t, byte[] labels, Palette palette, int[] hist, Deadline deadline) {
        int k = palette.size();
        // cache: every (distinct colour, entry) pair once when the table is small enough, else the last entry seen per
        // colour (after the merges a third of the pixels repaint a colour seen under another entry just before)
        boolean dense = (long) t.size * k <= DENSE_PAIRS;
        float[] cached = new float[dense ? t.size * k : t.size];
        byte[] cachedFor = dense ? null : new byte[t.size];
        if (!dense) Arrays.fill(cachedFor, (byte) -1);
        double sum = 0;
        int n = labels.length;
        for (int i = 0; i < n; i++) {
            if ((i & 0xFFFFF) == 0) deadline.check("colour error");
            int c = t.pixelIndex[i], p = labels[i] & 0xFF;
            int slot = dense ? c * k + p : c;
            float d = cached[slot];
            if (dense ? d == 0 : cachedFor[c] != (byte) p) { // 0: not computed yet (or a true 0, computed again)
                d = (float) palette.de00(t.lab[3 * c], t.lab[3 * c + 1], t.lab[3 * c + 2], p); // the painted 8-bit colour
                cached[slot] = d;
                if (!dense) cachedFor[c] = (byte) p;
            }
            sum += d;
            if (hist != null) hist[Math.min(hist.length - 1, (int) (d / BIN))]++;
        }
        return sum;
    }
}
