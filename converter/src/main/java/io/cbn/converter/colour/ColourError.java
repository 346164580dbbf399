package io.cbn.converter.colour;

import io.cbn.converter.Deadline;

import java.util.Arrays;

/**
 * Mean and 95th percentile CIEDE2000 between the source at template size and the preview, as TemplateCheck measures
 * it (the preview's 8-bit palette colours against each source pixel). CIEDE2000 is computed once per (distinct
 * source colour, palette entry) pair; the percentile comes from a 0.001-wide histogram.
 */
public final class ColourError {
    public record Stats(double mean, double p95) { }

    private static final double BIN = 0.001;

    private ColourError() { }

    public static Stats measure(ColourTable t, byte[] labels, Palette palette, Deadline deadline) {
        // cache: the last palette entry seen per distinct colour (almost always the only one)
        byte[] cachedFor = new byte[t.size];
        Arrays.fill(cachedFor, (byte) -1);
        float[] cached = new float[t.size];
        int[] hist = new int[(int) (200 / BIN) + 1];
        double sum = 0;
        int n = labels.length;
        for (int i = 0; i < n; i++) {
            if ((i & 0xFFFFF) == 0) deadline.check("colour error");
            int c = t.pixelIndex[i], p = labels[i] & 0xFF;
            double d;
            if (cachedFor[c] == (byte) p) {
                d = cached[c];
            } else {
                d = palette.de00(t.lab[3 * c], t.lab[3 * c + 1], t.lab[3 * c + 2], p); // against the painted 8-bit colour
                cachedFor[c] = (byte) p;
                cached[c] = (float) d;
            }
            sum += d;
            hist[Math.min(hist.length - 1, (int) (d / BIN))]++;
        }
        long target = (long) (0.95 * (n - 1)), acc = 0;
        double p95 = 0;
        for (int b = 0; b < hist.length; b++) {
            acc += hist[b];
            if (acc > target) { p95 = (b + 0.5) * BIN; break; }
        }
        return new Stats(sum / n, p95);
    }
}
