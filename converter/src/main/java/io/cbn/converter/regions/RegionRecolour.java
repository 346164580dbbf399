package io.cbn.converter.regions;

import io.cbn.converter.Deadline;
import io.cbn.converter.colour.ColourTable;
import io.cbn.converter.colour.Palette;

/**
 * Lloyd steps over final regions instead of pixels: each region takes the palette entry nearest (CIELAB) to the mean
 * colour of its source pixels, which minimises its squared colour error for the current palette. Entries with more
 * digits than the region's current number are only taken when the region is known to hold the longer number box,
 * so legibility is kept. Touching regions that end up with the same colour simply become one region.
 */
public final class RegionRecolour {
    private RegionRecolour() { }

    /** @return number of regions whose colour changed; rewrites {@code labels} */
    public static int recolour(byte[] labels, int w, int h, Components c, ColourTable t, Palette palette, LabelGeometry geo, Deadline deadline) {
        int n = c.count;
        double[] sl = new double[n], sa = new double[n], sb = new double[n];
        float[] lab = t.lab;
        int[] pi = t.pixelIndex;
        for (int i = 0; i < c.comp.length; i++) {
            int r = c.comp[i], ci = 3 * pi[i];
            sl[r] += lab[ci]; sa[r] += lab[ci + 1]; sb[r] += lab[ci + 2];
        }
        deadline.check("regions");
        int k = palette.size();
        int nh = LabelGeometry.cells(LabelGeometry.boxHeight(geo.minFontSize));
        int[] to = new int[n];
        int changed = 0;
        for (int r = 0; r < n; r++) {
            double l = sl[r] / c.size[r], a = sa[r] / c.size[r], b = sb[r] / c.size[r];
            int cur = c.colour[r], best = cur;
            double bd = palette.dist2(l, a, b, cur);
            for (int j = 0; j < k; j++) {
                double d = palette.dist2(l, a, b, j);
                if (d >= bd) continue;
                if (Palette.digits(j) > Palette.digits(cur)
                        && !fits(c, w, r, LabelGeometry.cells(LabelGeometry.boxWidth(geo.minFontSize, Palette.digits(j))), nh)) continue;
                bd = d;
                best = j;
            }
            to[r] = best;
            if (best != cur) changed++;
        }
        if (changed > 0) for (int i = 0; i < labels.length; i++) labels[i] = (byte) to[c.comp[i]];
        return changed;
    }

    /** Whether some nw x nh block of pixels lies inside region r. */
    static boolean fits(Components c, int w, int r, int nw, int nh) {
        int x0 = c.x0[r], x1 = c.x1[r], y0 = c.y0[r], y1 = c.y1[r];
        if (x1 - x0 + 1 < nw || y1 - y0 + 1 < nh || c.size[r] < nw * nh) return false;
        int[] col = new int[x1 - x0 + 1];
        for (int y = y0; y <= y1; y++) {
            int run = 0;
            for (int x = x0; x <= x1; x++) {
                run = c.comp[y * w + x] == r ? run + 1 : 0;
                col[x - x0] = run >= nw ? col[x - x0] + 1 : 0;
                if (col[x - x0] >= nh) return true;
            }
        }
        return false;
    }
}
