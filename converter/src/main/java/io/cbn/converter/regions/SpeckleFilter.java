package io.cbn.converter.regions;

import io.cbn.converter.Deadline;
import io.cbn.converter.colour.ColourTable;
import io.cbn.converter.colour.Palette;

/**
 * Removes single-pixel regions before regions are labelled: a pixel whose four neighbours all have other palette
 * entries takes the neighbouring entry closest (CIELAB) to its own source colour. That is exactly what dissolving a
 * one-pixel region would do, done in one pass over the image instead of one merge step per speck (noisy photos
 * quantize to hundreds of thousands of them).
 */
public final class SpeckleFilter {
    private SpeckleFilter() { }

    /** @return number of pixels changed */
    public static int apply(byte[] labels, int w, int h, ColourTable table, Palette palette, Deadline deadline) {
        float[] lab = table.lab;
        int[] pi = table.pixelIndex;
        int changed = 0;
        int[] cand = new int[4];
        for (int y = 0; y < h; y++) {
            if ((y & 127) == 0) deadline.check("regions");
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int i = row + x;
                byte c = labels[i];
                int n = 0;
                if (x > 0) { if (labels[i - 1] == c) continue; cand[n++] = labels[i - 1] & 0xFF; }
                if (x + 1 < w) { if (labels[i + 1] == c) continue; cand[n++] = labels[i + 1] & 0xFF; }
                if (y > 0) { if (labels[i - w] == c) continue; cand[n++] = labels[i - w] & 0xFF; }
                if (y + 1 < h) { if (labels[i + w] == c) continue; cand[n++] = labels[i + w] & 0xFF; }
                if (n == 0) continue;
                int ci = 3 * pi[i], best = cand[0];
                double bd = palette.dist2(lab[ci], lab[ci + 1], lab[ci + 2], best);
                for (int j = 1; j < n; j++) {
                    if (cand[j] == best) continue;
                    double d = palette.dist2(lab[ci], lab[ci + 1], lab[ci + 2], cand[j]);
                    if (d < bd || (d == bd && cand[j] < best)) { bd = d; best = cand[j]; }
                }
                labels[i] = (byte) best;
                changed++;
            }
        }
        return changed;
    }
}
