package io.cbn.converter.regions;

import io.cbn.converter.Deadline;

import java.util.Arrays;

/**
 * The thin parts of a palette-entry map at one brush (docs/design.md, "One geometry"): the pixels no disc of the
 * brush's radius covers from inside their own entry ({@link DiscCover}), and those pixels grouped into parts
 * (4-connected pixels of one entry, in order of their first pixel in row-major order). {@link BrushOpening} hands parts
 * over or keeps them; {@link ThinPartWidening} widens them to the brush.
 */
final class ThinParts {
    /** Per pixel: thin (no disc covers it). */
    final boolean[] open;
    /** The thin pixels in row-major order; {@link #pixels} of them. */
    final int[] removed;
    final int pixels;
    /** Number of parts; part t is {@code order[start[t]] .. order[start[t + 1] - 1]}. */
    int count;
    int[] order, start;

    private ThinParts(boolean[] open, int[] removed, int pixels) {
        this.open = open; this.removed = removed; this.pixels = pixels;
    }

    /** The thin pixels of {@code labels} at a disc of radius {@code radiusPx}, not yet grouped into parts. */
    static ThinParts find(byte[] labels, int w, int h, double radiusPx, Deadline deadline) {
        long[] covered = DiscCover.covered(labels, w, h, radiusPx);
        deadline.check("regions");
        int ww = DiscCover.words(w);
        long last = (w & 63) == 0 ? -1L : (1L << (w & 63)) - 1;
        int[] removed = new int[1024];
        int nRemoved = 0;
        boolean[] open = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int q = 0; q < ww; q++) {
                long bits = ~covered[y * ww + q];
                if (q == ww - 1) bits &= last;
                while (bits != 0) {
                    int i = y * w + (q << 6) + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    open[i] = true;
                    if (nRemoved == removed.length) removed = Arrays.copyOf(removed, nRemoved * 2);
                    removed[nRemoved++] = i;
                }
            }
        }
        deadline.check("regions");
        return new ThinParts(open, removed, nRemoved);
    }

    /** How many pixels of {@code labels} are thin at a disc of radius {@code radiusPx} (as {@link #find}, no lists). */
    static int count(byte[] labels, int w, int h, double radiusPx) {
        long[] covered = DiscCover.covered(labels, w, h, radiusPx);
        int covers = 0;
        for (long word : covered) covers += Long.bitCount(word); // bits past a row's end are 0
        return w * h - covers;
    }

    /** Groups the thin pixels into parts by flood fill, in order of their first pixel. */
    ThinParts group(byte[] labels, int w) {
        int n = labels.length;
        int[] part = new int[n];
        Arrays.fill(part, -1);
        order = new int[pixels];
        start = new int[Math.max(16, pixels / 4 + 1)];
        int parts = 0, k = 0;
        for (int j = 0; j < pixels; j++) {
            int s0 = removed[j];
            if (part[s0] >= 0) continue;
            if (parts + 1 >= start.length) start = Arrays.copyOf(start, start.length * 2);
            start[parts] = k;
            part[s0] = parts;
            order[k++] = s0;
            for (int q = start[parts]; q < k; q++) {
                int p = order[q], x = p % w;
                byte c = labels[p];
                if (x > 0 && open[p - 1] && part[p - 1] < 0 && labels[p - 1] == c) { part[p - 1] = parts; order[k++] = p - 1; }
                if (x < w - 1 && open[p + 1] && part[p + 1] < 0 && labels[p + 1] == c) { part[p + 1] = parts; order[k++] = p + 1; }
                if (p >= w && open[p - w] && part[p - w] < 0 && labels[p - w] == c) { part[p - w] = parts; order[k++] = p - w; }
                if (p + w < n && open[p + w] && part[p + w] < 0 && labels[p + w] == c) { part[p + w] = parts; order[k++] = p + w; }
            }
            parts++;
        }
        start[parts] = k;
        count = parts;
        return this;
    }

    int size(int t) { return start[t + 1] - start[t]; }
}
