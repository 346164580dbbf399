package io.cbn.converter.regions;

import io.cbn.converter.Deadline;
import io.cbn.converter.colour.ColourTable;
import io.cbn.converter.colour.Palette;

import java.util.Arrays;

/**
 * Makes regions brush-fillable (docs/design.md, "One geometry"; issue 11 item 2): a morphological opening of every
 * region with a disc of the brush's diameter, the same disc as the paintability check (offsets x,y with
 * x^2 + y^2 <= r^2 for radius r in pixels, the picture's outside counting as another region). Pixels the disc can
 * not reach from inside their own region (parts narrower than the brush, thin necks) form thin parts (4-connected
 * pixels of one entry); each part is handed to the neighbouring regions or kept as a whole, by what handing it over
 * costs in colour error: free up to {@value #MAX_COST} CIELAB units per pixel of the part, beyond that paid from a
 * budget the caller gives (the photo's colour-error headroom), cheapest per pixel first. Handed-over pixels go by
 * seeded region growing from the kept pixels of other regions, cheapest colour first (in steps of
 * {@value #COST_STEP} CIELAB units), then nearest (or, when asked, nearest first), never back to their own region; a removed pixel with no other
 * region reachable keeps its colour. The disc test runs on the palette-entry map: a disc is 4-connected, so "the
 * disc lies in one entry" is "the disc lies in one region". Deterministic: ties are broken by order of offer.
 */
public final class BrushOpening {
    /** Diameter of the finest brush a region must admit everywhere, in millimetres printed at the label
     * scale (the long side across 297 mm, or NAME.pdf's scale with a preset: {@link LabelGeometry#pxPerMm}). */
    public static final double BRUSH_MM = 1.2;

    /**
     * A thin part goes to its neighbours for free when that costs at most this much per pixel (distance of the
     * source colours to the nearest neighbouring entry, over that to their own: CIELAB, or CIEDE2000 on a photo with
     * headroom, see {@link PaintableRegions}); a costlier one (a bright line
     * unlike all its neighbours) only from the budget, as colour error is weighed with paintability (issue 11: none
     * may be bought with the other).
     */
    public static final double MAX_COST = 8.0;

    /** Regrowth takes the cheapest colour first in steps of this many cost units (as above), then the nearest kept pixels. */
    static final double COST_STEP = 3.0;

    private BrushOpening() { }

    /**
     * Diameter of the second, wider opening in millimetres printed: just under the paintability check's 2 mm, so the
     * parts that check counts are handed over too, within a smaller budget.
     */
    public static final double WIDE_BRUSH_MM = 1.9;

    /**
     * Diameter of the cleanup opening in millimetres printed: the paintability check's finest brush; it hands over
     * (free parts only) what the wider openings' hand-overs left narrower than that.
     */
    public static final double CLEANUP_BRUSH_MM = 1.0;

    /** The brush's radius in picture pixels for a template printed at {@code pxPerMm}. */
    public static double radiusPx(double pxPerMm) { return radiusPx(pxPerMm, BRUSH_MM); }

    /** The radius in picture pixels of a disc {@code mm} across, printed at {@code pxPerMm}. */
    public static double radiusPx(double pxPerMm, double mm) { return mm / 2 * pxPerMm; }

    /**
     * Opens every region of {@code labels} (palette entry per pixel, rewritten in place) with a disc of radius
     * {@code radiusPx}; radii under 1 px change nothing.
     * @return number of pixels that changed entry
     */
    public static int apply(byte[] labels, int w, int h, ColourTable table, Palette palette, double radiusPx, Deadline deadline) {
        return apply(labels, w, h, table, palette, radiusPx, MAX_COST, 0, deadline);
    }

    /**
     * Opens every region with a disc of radius {@code radiusPx} and decides per thin part (4-connected pixels of one
     * entry the disc can not cover) whether it is handed to its neighbours or kept: a part whose hand-over costs at
     * most {@code freeCost} per pixel of the part goes (the cost: the sum over its pixels of the CIELAB distance of
     * the source colour to the nearest neighbouring entry minus that to its own); the others are paid, cheapest per
     * pixel first, from a budget of {@code budgetPerPixel} per picture pixel, and kept once it is spent.
     * @return number of pixels that changed entry
     */
    public static int apply(byte[] labels, int w, int h, ColourTable table, Palette palette, double radiusPx,
                            double freeCost, double budgetPerPixel, Deadline deadline) {
        return apply(labels, w, h, table, palette, radiusPx, freeCost, budgetPerPixel, false, deadline);
    }

    /**
     * As {@link #apply(byte[], int, int, ColourTable, Palette, double, double, double, Deadline)}; with
     * {@code nearestFirst} the regrowth takes the nearest kept pixels first, then the cheapest colour (a handed-over
     * strip is split along its middle between the regions on either side, which leaves fewer new thin parts but
     * costs colour error), otherwise the cheapest colour first (in steps of {@value #COST_STEP} CIELAB units).
     */
    public static int apply(byte[] labels, int w, int h, ColourTable table, Palette palette, double radiusPx,
                            double freeCost, double budgetPerPixel, boolean nearestFirst, Deadline deadline) {
        return apply(labels, w, h, table, palette, radiusPx, freeCost, budgetPerPixel, nearestFirst, false, false, deadline);
    }

    /**
     * As {@link #apply(byte[], int, int, ColourTable, Palette, double, double, double, boolean, Deadline)}, with the
     * colour cost of a hand-over ({@code de00Parts}: what decides per part, {@code freeCost} and the budget then in
     * CIEDE2000 units) and of the regrowth ({@code de00Growth}: its steps of {@value #COST_STEP}) measured in CIEDE2000,
     * the unit the colour error is reported in, instead of CIELAB distance (bench/README.md, session 8: on the
     * dragonfly, sliver2mm 6.82% -> 4.92% at +0.12 mean dE00 for the parts, 6.82% -> 6.54% at +0.004 for the regrowth).
     */
    public static int apply(byte[] labels, int w, int h, ColourTable table, Palette palette, double radiusPx,
                            double freeCost, double budgetPerPixel, boolean nearestFirst, boolean de00Parts,
                            boolean de00Growth, Deadline deadline) {
        ColourCost cielab = ColourCost.cielab(table, palette), de00 = de00Parts || de00Growth ? ColourCost.ciede2000(table, palette) : null;
        return apply(labels, w, h, table, radiusPx, freeCost, budgetPerPixel, nearestFirst, de00Parts ? de00 : cielab,
                de00Growth ? de00 : cielab, deadline);
    }

    /** As above, with the costs given: a CIEDE2000 {@link ColourCost} can serve every opening of one palette. */
    static int apply(byte[] labels, int w, int h, ColourTable table, double radiusPx, double freeCost,
                     double budgetPerPixel, boolean nearestFirst, ColourCost partCost, ColourCost growthCost,
                     Deadline deadline) {
        if (radiusPx < 1) return 0;
        ThinParts thin = ThinParts.find(labels, w, h, radiusPx, deadline);
        if (thin.pixels == 0) return 0;
        int[] comp = Components.label(labels, w, h, deadline).comp;
        decide(labels, w, thin.group(labels, w), table, freeCost, budgetPerPixel * w * h, partCost, deadline);
        boolean[] open = thin.open;
        int[] removed = thin.removed;
        int k = 0;
        for (int j = 0; j < thin.pixels; j++) if (open[removed[j]]) removed[k++] = removed[j];
        return regrow(labels, w, h, comp, table, open, removed, k, nearestFirst, growthCost, deadline);
    }

    /**
     * The decision per thin part (see {@link #apply(byte[], int, int, ColourTable, Palette, double, double, double,
     * Deadline)}): the pixels of a kept part leave {@code open}, those of a part handed over stay for the regrowth.
     */
    private static void decide(byte[] labels, int w, ThinParts thin, ColourTable table, double freeCost, double budget,
                               ColourCost colour, Deadline deadline) {
        int n = labels.length;
        int[] pi = table.pixelIndex;
        boolean[] open = thin.open;
        int[] order = thin.order, start = thin.start;
        int parts = thin.count;
        deadline.check("regions");
        int m = 256;
        double[] hand = new double[parts];
        boolean[] nb = new boolean[m];
        int[] nbList = new int[m];
        for (int t = 0; t < parts; t++) {
            if ((t & 255) == 0) deadline.check("regions");
            int a = start[t], b = start[t + 1];
            byte c = labels[order[a]];
            int e = c & 0xFF, nn = 0;
            for (int q = a; q < b; q++) { // neighbouring entries: kept pixels of other regions
                int p = order[q], x = p % w;
                if (x > 0) nn = neighbour(p - 1, c, labels, open, nb, nbList, nn);
                if (x < w - 1) nn = neighbour(p + 1, c, labels, open, nb, nbList, nn);
                if (p >= w) nn = neighbour(p - w, c, labels, open, nb, nbList, nn);
                if (p + w < n) nn = neighbour(p + w, c, labels, open, nb, nbList, nn);
            }
            double cost = Double.POSITIVE_INFINITY;
            if (nn > 0) {
                cost = 0;
                for (int q = a; q < b; q++) {
                    int src = pi[order[q]];
                    double best = Double.MAX_VALUE;
                    for (int j = 0; j < nn; j++) best = Math.min(best, colour.of(src, nbList[j]));
                    cost += best - colour.of(src, e);
                }
            }
            for (int j = 0; j < nn; j++) nb[nbList[j]] = false;
            hand[t] = cost;
        }
        // free parts go; the others by cost per pixel from the budget (ties: order of the parts)
        long[] paid = new long[parts];
        int np = 0;
        boolean[] go = new boolean[parts];
        for (int t = 0; t < parts; t++) {
            double c = hand[t], size = start[t + 1] - start[t];
            if (c <= freeCost * size) go[t] = true;
            else if (c < Double.POSITIVE_INFINITY && budget > 0)
                paid[np++] = (Math.min((1L << 31) - 1, (long) (c / size * 1024)) << 32) | t;
        }
        Arrays.sort(paid, 0, np);
        for (int j = 0; j < np && budget > 0; j++) {
            int t = (int) paid[j];
            if (hand[t] > budget) continue;
            budget -= hand[t];
            go[t] = true;
        }
        for (int t = 0; t < parts; t++)
            if (!go[t]) for (int q = start[t]; q < start[t + 1]; q++) open[order[q]] = false;
    }

    /** Adds the entry of pixel o to the neighbour list when o is kept and of another entry than c. */
    private static int neighbour(int o, byte c, byte[] labels, boolean[] open, boolean[] nb, int[] nbList, int nn) {
        if (open[o] || labels[o] == c) return nn;
        int f = labels[o] & 0xFF;
        if (!nb[f]) { nb[f] = true; nbList[nn++] = f; }
        return nn;
    }

    /**
     * Seeded region growing into the removed pixels from the kept parts of other regions, cheapest colour first: a
     * removed pixel may join any region but its own (that would undo the opening), including another region of its
     * own colour.
     */
    private static int regrow(byte[] labels, int w, int h, int[] comp, ColourTable table, boolean[] open,
                              int[] removed, int nRemoved, boolean nearestFirst, ColourCost colour, Deadline deadline) {
        int[] owner = comp.clone(); // region a settled pixel belongs to (its own, or the one it grew from)
        Grow g = new Grow(labels, comp, owner, new short[labels.length], table, Math.max(16, nRemoved * 2));
        g.nearestFirst = nearestFirst;
        g.colour = colour;
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
        while (g.queue.size() > 0) {
            int e = g.queue.pop();
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
     * Offers of "removed pixel p may join the region of settled pixel q", in a queue by colour cost, then distance from
     * the kept pixels, then order; {@code nearestFirst}: by distance (a removed strip is split along its middle), then
     * colour cost, then order.
     */
    private static final class Grow {
        final byte[] labels;
        final int[] comp, owner, pi;
        final short[] layer;
        final BucketQueue queue = new BucketQueue();
        int[] pixel, from;
        int n;
        boolean nearestFirst;
        ColourCost colour;

        Grow(byte[] labels, int[] comp, int[] owner, short[] layer, ColourTable table, int cap) {
            this.labels = labels; this.comp = comp; this.owner = owner; this.layer = layer;
            this.pi = table.pixelIndex;
            pixel = new int[cap]; from = new int[cap];
        }

        void offer(int p, int q) {
            if (owner[q] == comp[p]) return; // never back into its own region: that would undo the opening
            double d = colour.of(pi[p], labels[q] & 0xFF);
            long step = Math.min(1023, (long) (d / COST_STEP));
            long dist = Math.min(1023, layer[q] + 1);
            if (n == pixel.length) { pixel = Arrays.copyOf(pixel, n * 2); from = Arrays.copyOf(from, n * 2); }
            pixel[n] = p; from[n] = q;
            if (nearestFirst) queue.push((int) dist, (int) step, n);
            else queue.push((int) step, (int) dist, n);
            n++;
        }
    }
}
