package io.cbn.converter.regions;

import io.cbn.converter.Deadline;
import io.cbn.converter.colour.ColourTable;
import io.cbn.converter.colour.Palette;

import java.util.Arrays;

/**
 * Makes regions brush-fillable (docs/design.md, "One geometry"; issue 11 item 2): a morphological opening of every
 * region with a disc of the brush's diameter, the same disc as the paintability check (offsets x,y with
 * x^2 + y^2 <= r^2 for radius r in pixels, the picture's outside counting as another region). Pixels the disc can
 * not reach from inside their own region (parts narrower than the brush, thin necks) are handed to the neighbouring
 * regions by seeded region growing, nearest kept pixels first and among equally near ones in order of colour cost
 * (CIELAB distance of the pixel's source colour to the neighbour's palette colour), never back to their own region; a removed pixel with no other region reachable keeps
 * its colour, and so does one whose every reachable neighbour is more than {@value #MAX_COST} CIELAB units worse
 * than its own colour. The disc test runs on the palette-entry map: a disc is 4-connected, so "the disc lies in one entry" is
 * "the disc lies in one region". Deterministic: ties are broken by order of offer.
 */
public final class BrushOpening {
    /** Diameter of the finest brush a region must admit everywhere, in millimetres printed (long side across A4). */
    public static final double BRUSH_MM = 1.2;

    /**
     * A removed pixel only moves to a neighbour whose palette colour is at most this much (CIELAB distance to the
     * pixel's source colour) worse than its own: a thin detail unlike all its neighbours (a bright line) stays, as
     * colour error is weighed with paintability (issue 11: none may be bought with the other).
     */
    static final double MAX_COST = 8.0;

    private BrushOpening() { }

    /** The brush's radius in picture pixels for a template printed at {@code pxPerMm}. */
    public static double radiusPx(double pxPerMm) { return BRUSH_MM / 2 * pxPerMm; }

    /**
     * Opens every region of {@code labels} (palette entry per pixel, rewritten in place) with a disc of radius
     * {@code radiusPx}; radii under 1 px change nothing.
     * @return number of pixels that changed entry
     */
    public static int apply(byte[] labels, int w, int h, ColourTable table, Palette palette, double radiusPx, Deadline deadline) {
        if (radiusPx < 1) return 0;
        int r = (int) Math.floor(radiusPx);
        int[] hw = new int[r + 1];
        for (int dy = 0; dy <= r; dy++) hw[dy] = (int) Math.floor(Math.sqrt(radiusPx * radiusPx + 1e-9 - dy * dy));
        int n = w * h;
        // run extents: same-entry pixels to the left / right of each pixel in its row (capped)
        byte[] left = new byte[n], right = new byte[n];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            int run = 0;
            for (int x = 0; x < w; x++) {
                int i = row + x;
                run = x > 0 && labels[i - 1] == labels[i] ? Math.min(run + 1, 127) : 0;
                left[i] = (byte) run;
            }
            run = 0;
            for (int x = w - 1; x >= 0; x--) {
                int i = row + x;
                run = x < w - 1 && labels[i + 1] == labels[i] ? Math.min(run + 1, 127) : 0;
                right[i] = (byte) run;
            }
        }
        deadline.check("regions");
        // erosion, then per row the distance to the nearest eroded pixel (capped)
        boolean[] eroded = new boolean[n];
        for (int y = r; y < h - r; y++) {
            int row = y * w;
            for (int x = r; x < w - r; x++) {
                int i = row + x;
                byte c = labels[i];
                boolean in = true;
                for (int dy = -r; dy <= r && in; dy++) {
                    int j = i + dy * w, need = hw[Math.abs(dy)];
                    in = labels[j] == c && left[j] >= need && right[j] >= need;
                }
                eroded[i] = in;
            }
        }
        left = null; right = null;
        deadline.check("regions");
        byte[] near = new byte[n];
        final int far = 127;
        for (int y = 0; y < h; y++) {
            int row = y * w, d = far;
            for (int x = 0; x < w; x++) { d = eroded[row + x] ? 0 : Math.min(far, d + 1); near[row + x] = (byte) d; }
            d = far;
            for (int x = w - 1; x >= 0; x--) {
                d = eroded[row + x] ? 0 : Math.min(far, d + 1);
                if (d < near[row + x]) near[row + x] = (byte) d;
            }
        }
        eroded = null;
        // kept: some eroded pixel's disc covers it (that pixel's disc is all one entry, so the same region)
        int[] removed = new int[1024];
        int nRemoved = 0;
        boolean[] open = new boolean[n];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int i = row + x;
                boolean kept = false;
                for (int dy = Math.max(-r, -y); dy <= r && dy < h - y && !kept; dy++)
                    kept = near[i + dy * w] <= hw[Math.abs(dy)];
                if (!kept) {
                    open[i] = true;
                    if (nRemoved == removed.length) removed = Arrays.copyOf(removed, nRemoved * 2);
                    removed[nRemoved++] = i;
                }
            }
        }
        near = null;
        deadline.check("regions");
        return regrow(labels, w, h, table, palette, open, removed, nRemoved, deadline);
    }

    /**
     * Seeded region growing into the removed pixels from the kept parts of other regions, cheapest colour first: a
     * removed pixel may join any region but its own (that would undo the opening), including another region of its
     * own colour.
     */
    private static int regrow(byte[] labels, int w, int h, ColourTable table, Palette palette, boolean[] open,
                              int[] removed, int nRemoved, Deadline deadline) {
        int[] comp = Components.label(labels, w, h, deadline).comp;
        int[] owner = comp.clone(); // region a settled pixel belongs to (its own, or the one it grew from)
        Grow g = new Grow(labels, comp, owner, new short[labels.length], table, palette, Math.max(16, nRemoved * 2));
        for (int k = 0; k < nRemoved; k++) {
            int p = removed[k], x = p % w;
            if (x > 0 && !open[p - 1]) g.offer(p, p - 1);
            if (x < w - 1 && !open[p + 1]) g.offer(p, p + 1);
            if (p >= w && !open[p - w]) g.offer(p, p - w);
            if (p + w < labels.length && !open[p + w]) g.offer(p, p + w);
        }
        deadline.check("regions");
        byte[] before = labels.clone();
        int changed = 0;
        while (g.heap.size > 0) {
            int e = (int) (g.heap.pop() & 0xFFFFFFFFL);
            int p = g.pixel[e], from = g.from[e];
            if (!open[p]) continue;
            open[p] = false;
            owner[p] = owner[from];
            g.layer[p] = (short) Math.min(1023, g.layer[from] + 1);
            labels[p] = labels[from];
            if (labels[p] != before[p]) changed++;
            int x = p % w;
            if (x > 0 && open[p - 1]) g.offer(p - 1, p);
            if (x < w - 1 && open[p + 1]) g.offer(p + 1, p);
            if (p >= w && open[p - w]) g.offer(p - w, p);
            if (p + w < labels.length && open[p + w]) g.offer(p + w, p);
        }
        return changed;
    }

    /**
     * Offers of "removed pixel p may join the region of settled pixel q", in a heap by distance from the kept pixels
     * (so a removed strip is split along its middle, never into fingers), then colour cost, then order.
     */
    private static final class Grow {
        final byte[] labels;
        final int[] comp, owner, pi;
        final short[] layer;
        final float[] lab;
        final Palette palette;
        final Heap heap;
        int[] pixel, from;
        int n;

        Grow(byte[] labels, int[] comp, int[] owner, short[] layer, ColourTable table, Palette palette, int cap) {
            this.labels = labels; this.comp = comp; this.owner = owner; this.layer = layer; this.palette = palette;
            this.lab = table.lab; this.pi = table.pixelIndex;
            heap = new Heap(cap);
            pixel = new int[cap]; from = new int[cap];
        }

        void offer(int p, int q) {
            if (owner[q] == comp[p]) return; // never back into its own region: that would undo the opening
            int ci = 3 * pi[p];
            double d = Math.sqrt(palette.dist2(lab[ci], lab[ci + 1], lab[ci + 2], labels[q] & 0xFF));
            if (d - Math.sqrt(palette.dist2(lab[ci], lab[ci + 1], lab[ci + 2], labels[p] & 0xFF)) > MAX_COST) return;
            long cost = Math.min((1 << 20) - 1, (long) (d * 64));
            long dist = Math.min(1023, layer[q] + 1);
            if (n == pixel.length) { pixel = Arrays.copyOf(pixel, n * 2); from = Arrays.copyOf(from, n * 2); }
            pixel[n] = p; from[n] = q;
            heap.push((dist << 52) | (cost << 32) | n);
            n++;
        }
    }

    /** Min-heap of longs. */
    private static final class Heap {
        long[] a;
        int size;

        Heap(int cap) { a = new long[cap]; }

        void push(long v) {
            if (size == a.length) a = Arrays.copyOf(a, size * 2);
            int i = size++;
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (a[p] <= v) break;
                a[i] = a[p];
                i = p;
            }
            a[i] = v;
        }

        long pop() {
            long top = a[0], v = a[--size];
            int i = 0;
            while (true) {
                int l = 2 * i + 1;
                if (l >= size) break;
                int m = l + 1 < size && a[l + 1] < a[l] ? l + 1 : l;
                if (a[m] >= v) break;
                a[i] = a[m];
                i = m;
            }
            a[i] = v;
            return top;
        }
    }
}
