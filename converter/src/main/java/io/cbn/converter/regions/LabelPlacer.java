package io.cbn.converter.regions;

import io.cbn.converter.Deadline;
import io.cbn.converter.colour.Palette;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One number per final region, at the pole of inaccessibility (maximum of the distance transform), as large as
 * fits up to {@link LabelGeometry#maxFontSize} and never below the 2 mm minimum. When the pole does not take even
 * the minimum box (long thin or ragged regions), every position in the region's bounding box is searched for a box
 * that fits, preferring the one deepest inside. Every accepted label passes {@link LabelGeometry#boxInside}.
 */
public final class LabelPlacer {
    /** A placed number: x, y the centre in pixel units, fontSize as written to the SVG. */
    public record Label(int region, int number, double x, double y, double fontSize) { }

    /** Labels for regions that fit; {@code unfit} lists regions that could not take the minimum box. */
    public record Placement(List<Label> labels, int[] unfit) { }

    private LabelPlacer() { }

    public static Placement place(Components c, int w, int h, LabelGeometry geo, Deadline deadline) {
        return place(c, w, h, geo, DistanceMap.of(c, w, h, null), deadline);
    }

    /** As above, with the distances of {@code c} given (a round that changed a few regions makes them from the last). */
    public static Placement place(Components c, int w, int h, LabelGeometry geo, DistanceMap distances, Deadline deadline) {
        int n = c.count;
        int[] best = distances.depth, bestAt = distances.pole, dt = distances.d;
        deadline.check("labels");
        List<Label> labels = new ArrayList<>(n);
        int[] unfit = new int[n];
        int nUnfit = 0;
        for (int r = 0; r < n; r++) {
            if ((r & 255) == 0) deadline.check("labels");
            int entry = c.colour[r], digits = Palette.digits(entry), number = Palette.number(entry);
            Label l = atPole(c, w, h, geo, r, digits, number, bestAt[r], best[r] / 3.0);
            if (l == null) l = search(c, w, h, geo, r, digits, number, dt);
            if (l == null) unfit[nUnfit++] = r;
            else labels.add(l);
        }
        return new Placement(labels, Arrays.copyOf(unfit, nUnfit));
    }

    private static Label atPole(Components c, int w, int h, LabelGeometry geo, int r, int digits, int number, int at, double depth) {
        if (at < 0) return null;
        int px = at % w, py = at / w;
        double halfDiag = Math.hypot(0.3 * digits, 0.36);
        double fs = Math.min(geo.maxFontSize, Math.max(geo.minFontSize, (depth - 0.5) / halfDiag));
        fs = LabelGeometry.roundUp(fs);
        while (true) {
            int nw = LabelGeometry.cells(LabelGeometry.boxWidth(fs, digits)), nh = LabelGeometry.cells(LabelGeometry.boxHeight(fs));
            double x = LabelGeometry.centre(px - (nw - 1) / 2, nw), y = LabelGeometry.centre(py - (nh - 1) / 2, nh);
            if (LabelGeometry.boxInside(c.comp, w, h, r, x, y, fs, digits)) return new Label(r, number, x, y, fs);
            if (fs <= geo.minFontSize) return null;
            fs = Math.max(geo.minFontSize, LabelGeometry.roundUp(fs * 0.85));
        }
    }

    /** Exhaustive search of the bounding box at the minimum font size; the fitting box with the deepest centre wins. */
    private static Label search(Components c, int w, int h, LabelGeometry geo, int r, int digits, int number, int[] dt) {
        double fs = geo.minFontSize;
        int nw = LabelGeometry.cells(LabelGeometry.boxWidth(fs, digits)), nh = LabelGeometry.cells(LabelGeometry.boxHeight(fs));
        int x0 = c.x0[r], x1 = c.x1[r], y0 = c.y0[r], y1 = c.y1[r];
        if (x1 - x0 + 1 < nw || y1 - y0 + 1 < nh) return null;
        int[] col = new int[x1 - x0 + 1];
        int bestDepth = -1, bx = 0, by = 0;
        for (int y = y0; y <= y1; y++) {
            int run = 0;
            for (int x = x0; x <= x1; x++) {
                run = c.comp[y * w + x] == r ? run + 1 : 0;
                col[x - x0] = run >= nw ? col[x - x0] + 1 : 0;
                if (col[x - x0] >= nh) {
                    int fx = x - nw + 1, fy = y - nh + 1;
                    int depth = dt[(fy + nh / 2) * w + fx + nw / 2];
                    if (depth > bestDepth) { bestDepth = depth; bx = fx; by = fy; }
                }
            }
        }
        if (bestDepth < 0) return null;
        double x = LabelGeometry.centre(bx, nw), y = LabelGeometry.centre(by, nh);
        return LabelGeometry.boxInside(c.comp, w, h, r, x, y, fs, digits) ? new Label(r, number, x, y, fs) : null;
    }
}
