package io.cbn.converter.output;

import io.cbn.converter.ConversionException;
import io.cbn.converter.Deadline;
import io.cbn.converter.Reason;
import io.cbn.converter.regions.Components;
import io.cbn.converter.regions.DistanceMap;
import io.cbn.converter.regions.LabelGeometry;
import io.cbn.converter.regions.LabelPlacer;

/**
 * The template's one geometry (docs/design.md, "One geometry") and what is drawn from it: the smoothed outlines of
 * the final regions, the preview raster filled from them, its regions and the numbers placed on that preview. Where
 * smoothing took a number's room (a smoothed region without a fitting label) the borders near it are tightened
 * towards their pixel edges, which held the number before smoothing, and the preview is filled again.
 *
 * @param outlines  the geometry every writer draws
 * @param painted   palette entry per pixel: the preview, the smoothed regions filled
 * @param shown     the regions of {@code painted} (4-connected, as the checks find them)
 * @param placement one fitting label per region of {@code shown}
 */
public record SmoothedTemplate(Outlines outlines, byte[] painted, Components shown, LabelPlacer.Placement placement) {
    private static final int MAX_ROUNDS = 15;

    /**
     * @param regions   the final pixel-level regions, every one holding {@code held}'s label
     * @param labels    palette entry per pixel of {@code regions}
     * @throws ConversionException TOO_COMPLEX when even pixel-edge borders leave a region without its number
     */
    public static SmoothedTemplate build(Components regions, LabelPlacer.Placement held, int w, int h, LabelGeometry geo,
                                         byte[] labels, Deadline deadline) {
        Outlines outlines = Outlines.trace(regions.comp, regions.count, w, h, deadline);
        LabelPlacer.Label[] box = new LabelPlacer.Label[regions.count];
        for (LabelPlacer.Label l : held.labels()) box[l.region()] = l;
        DistanceMap distances = null;
        for (int round = 0; ; round++) {
            byte[] painted = RasterRenderer.paint(outlines, regions.colour, labels);
            Components shown = Components.label(painted, w, h, deadline);
            distances = DistanceMap.of(shown, w, h, distances); // after the first round: the tightened regions only
            LabelPlacer.Placement placement = LabelPlacer.place(shown, w, h, geo, distances, deadline);
            if (placement.unfit().length == 0) return new SmoothedTemplate(outlines, painted, shown, placement);
            if (!tighten(outlines, regions, box, shown, placement.unfit(), w) || round == MAX_ROUNDS)
                throw new ConversionException(Reason.TOO_COMPLEX, placement.unfit().length + " of " + shown.count
                        + " smoothed regions can not hold a legible number");
        }
    }

    /**
     * Tightens the borders near each unfit smoothed region by one step of {@link Outlines#tighten}, as locally as
     * helps: first the borders of a region under it near the box that held that region's number (when the box lies
     * at the unfit region), then every border near that box (a neighbour's curve may cross into it), then every
     * border near the unfit region (a piece that smoothing cut off, away from the box). Each is tried only when the
     * one before changed nothing, so borders far from a number keep their curves. @return whether any changed
     */
    private static boolean tighten(Outlines outlines, Components regions, LabelPlacer.Label[] box, Components shown,
                                   int[] unfit, int w) {
        boolean changed = false;
        boolean[] done = new boolean[regions.count];
        int[] near = new int[4 * 8];
        for (int u : unfit) {
            int k = 0;
            for (int y = shown.y0[u]; y <= shown.y1[u]; y++)
                for (int x = shown.x0[u], i = y * w + x; x <= shown.x1[u]; x++, i++) {
                    int r = regions.comp[i];
                    if (shown.comp[i] != u || done[r]) continue;
                    done[r] = true;
                    LabelPlacer.Label l = box[r];
                    if (l == null) continue;
                    double bw = LabelGeometry.boxWidth(l.fontSize(), Integer.toString(l.number()).length()) / 2;
                    double bh = LabelGeometry.boxHeight(l.fontSize()) / 2;
                    int x0 = (int) Math.floor(l.x() - bw), y0 = (int) Math.floor(l.y() - bh);
                    int x1 = (int) Math.ceil(l.x() + bw), y1 = (int) Math.ceil(l.y() + bh);
                    if (x1 < shown.x0[u] - 2 || x0 > shown.x1[u] + 2 || y1 < shown.y0[u] - 2 || y0 > shown.y1[u] + 2) continue;
                    if (k + 5 > near.length) near = java.util.Arrays.copyOf(near, near.length * 2);
                    near[k++] = r; near[k++] = x0; near[k++] = y0; near[k++] = x1; near[k++] = y1;
                }
            boolean any = false;
            for (int j = 0; j < k; j += 5) any |= outlines.tighten(near[j], near[j + 1], near[j + 2], near[j + 3], near[j + 4]);
            for (int j = 0; j < k && !any; j += 5) any |= outlines.tighten(-1, near[j + 1], near[j + 2], near[j + 3], near[j + 4]);
            if (!any) any = outlines.tighten(-1, shown.x0[u], shown.y0[u], shown.x1[u], shown.y1[u]);
            changed |= any;
        }
        return changed;
    }
}
