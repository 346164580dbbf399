package io.cbn.converter.regions;

import io.cbn.converter.Deadline;
import io.cbn.converter.colour.ColourTable;

import java.util.Arrays;

/**
 * Makes a thin part paintable by widening it to the brush instead of handing it over, where that is the cheaper
 * of the two (docs/design.md, "One geometry"; issue 11 item 2). A part of width {@code w} under the brush's {@code 2r}
 * handed to its neighbours repaints its own {@code w}; widened, it repaints the neighbours' pixels in the band that
 * takes it to {@code 2r}: for a part wider than {@code r} (a 1.5 mm drip at a 2 mm brush) the band is the smaller.
 * The band is the union of the brush's discs centred on the part's ridge (its pixels at least as far from another
 * entry as each 8-neighbour of their own entry, by the 3-4 chamfer distance), discs that lie inside the picture; each
 * pixel of the part then lies under a disc of its own entry. Costs are those of {@link ColourCost} (what a source
 * colour pays at an entry over what it pays at the entry it has): a part is widened when its hand-over (each pixel to
 * the nearest of the part's neighbouring entries) would be free, as {@link BrushOpening} counts free, and its band
 * costs less than that hand-over; cheapest per pixel first, never over a band pixel an earlier widening changed in
 * the same pass. Deterministic.
 */
final class ThinPartWidening {
    private ThinPartWidening() { }

    /**
     * Widens the thin parts of {@code labels} (palette entry per pixel, rewritten in place) at a disc of radius
     * {@code radiusPx}, when more than {@code minShare} of the picture is thin at all.
     * @param freeCost a part is widened only if handing it over would cost at most this per pixel of the part (the
     *                 free hand-overs of {@link BrushOpening}), and only if its band costs less than that hand-over
     * @return the number of pixels that changed entry
     */
    static int apply(byte[] labels, int w, int h, ColourTable table, double radiusPx, double minShare, double freeCost,
                     ColourCost cost, Deadline deadline) {
        if (radiusPx < 1) return 0;
        ThinParts thin = ThinParts.find(labels, w, h, radiusPx, deadline);
        if (thin.pixels == 0 || thin.pixels <= minShare * w * h) return 0;
        thin.group(labels, w);
        int n = w * h, r = (int) Math.floor(radiusPx);
        int[] entry = new int[n];
        for (int i = 0; i < n; i++) entry[i] = labels[i] & 0xFF;
        int[] d = DistanceTransform.chamfer(entry, w, h, new int[256], new int[256]);
        entry = null;
        int[] disc = discOffsets(w, radiusPx);
        int[] pi = table.pixelIndex;
        int[] stamp = new int[n];
        int[] band = new int[1024];
        int[] bandStart = new int[thin.count + 1];
        double[] widen = new double[thin.count];
        int nb = 0;
        boolean[] nbSeen = new boolean[256];
        int[] nbList = new int[256];
        for (int t = 0; t < thin.count; t++) {
            if ((t & 255) == 0) deadline.check("regions");
            bandStart[t] = nb;
            widen[t] = Double.POSITIVE_INFINITY;
            int a = thin.start[t], b = thin.start[t + 1];
            int e = labels[thin.order[a]] & 0xFF;
            double hand = handOver(labels, w, thin, t, e, pi, cost, nbSeen, nbList);
            if (hand > freeCost * (b - a)) continue;
            double wc = 0;
            boolean any = false;
            for (int q = a; q < b; q++) {
                int p = thin.order[q], x = p % w, y = p / w;
                if (x < r || y < r || x + r >= w || y + r >= h || !ridge(labels, d, w, h, p)) continue;
                any = true;
                for (int o : disc) {
                    int s = p + o;
                    if ((labels[s] & 0xFF) == e || stamp[s] == t + 1) continue;
                    stamp[s] = t + 1;
                    if (nb == band.length) band = Arrays.copyOf(band, nb * 2);
                    band[nb++] = s;
                    wc += cost.of(pi[s], e) - cost.of(pi[s], labels[s] & 0xFF);
                }
            }
            if (any && wc < hand) widen[t] = wc;
            else nb = bandStart[t];
        }
        bandStart[thin.count] = nb;
        // cheapest per pixel of the part first (ties: order of the parts); a band over an earlier band's pixels waits
        long[] keys = new long[thin.count];
        int nk = 0;
        for (int t = 0; t < thin.count; t++)
            if (widen[t] < Double.POSITIVE_INFINITY)
                keys[nk++] = (Math.max(0, Math.min((1L << 31) - 1, (long) (widen[t] / thin.size(t) * 1024 + (1L << 20)))) << 32) | t;
        Arrays.sort(keys, 0, nk);
        boolean[] changed = new boolean[n];
        int total = 0;
        for (int j = 0; j < nk; j++) {
            int t = (int) keys[j];
            int e = labels[thin.order[thin.start[t]]] & 0xFF;
            boolean clash = false;
            for (int q = bandStart[t]; q < bandStart[t + 1] && !clash; q++) clash = changed[band[q]];
            if (clash) continue;
            for (int q = bandStart[t]; q < bandStart[t + 1]; q++) { labels[band[q]] = (byte) e; changed[band[q]] = true; }
            total += bandStart[t + 1] - bandStart[t];
        }
        return total;
    }

    /** A pixel at least as far (chamfer) from another entry as each 8-neighbour of its own entry. */
    private static boolean ridge(byte[] labels, int[] d, int w, int h, int p) {
        int x = p % w, y = p / w;
        byte c = labels[p];
        for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++) {
                int xx = x + dx, yy = y + dy;
                if ((dx | dy) == 0 || xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
                int q = p + dy * w + dx;
                if (labels[q] == c && d[q] > d[p]) return false;
            }
        return true;
    }

    /** What handing part t over costs: each pixel at the nearest of the part's neighbouring entries, over its own. */
    private static double handOver(byte[] labels, int w, ThinParts thin, int t, int e, int[] pi, ColourCost cost,
                                   boolean[] seen, int[] list) {
        int n = labels.length, nn = 0;
        for (int q = thin.start[t]; q < thin.start[t + 1]; q++) {
            int p = thin.order[q], x = p % w;
            if (x > 0) nn = neighbour(labels[p - 1] & 0xFF, e, seen, list, nn);
            if (x < w - 1) nn = neighbour(labels[p + 1] & 0xFF, e, seen, list, nn);
            if (p >= w) nn = neighbour(labels[p - w] & 0xFF, e, seen, list, nn);
            if (p + w < n) nn = neighbour(labels[p + w] & 0xFF, e, seen, list, nn);
        }
        double sum = nn == 0 ? Double.POSITIVE_INFINITY : 0;
        for (int q = thin.start[t]; q < thin.start[t + 1] && nn > 0; q++) {
            int src = pi[thin.order[q]];
            double best = Double.MAX_VALUE;
            for (int j = 0; j < nn; j++) best = Math.min(best, cost.of(src, list[j]));
            sum += best - cost.of(src, e);
        }
        for (int j = 0; j < nn; j++) seen[list[j]] = false;
        return sum;
    }

    /** Adds entry f to the neighbour list when it is not e and not listed yet. */
    private static int neighbour(int f, int e, boolean[] seen, int[] list, int nn) {
        if (f != e && !seen[f]) { seen[f] = true; list[nn++] = f; }
        return nn;
    }

    /** Index offsets of the disc x^2 + y^2 <= R^2 (the check's disc) in a picture {@code w} wide. */
    private static int[] discOffsets(int w, double radiusPx) {
        int r = (int) Math.floor(radiusPx);
        int[] o = new int[(2 * r + 1) * (2 * r + 1)];
        int k = 0;
        for (int dy = -r; dy <= r; dy++)
            for (int dx = -r; dx <= r; dx++)
                if (dx * dx + dy * dy <= radiusPx * radiusPx + 1e-9) o[k++] = dy * w + dx;
        return Arrays.copyOf(o, k);
    }
}
