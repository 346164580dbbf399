package io.cbn.converter.regions;

import io.cbn.converter.Deadline;
import io.cbn.converter.colour.ColourTable;
import io.cbn.converter.colour.Palette;

/**
 * The schedule of brush openings that makes regions paintable (docs/design.md, "One geometry"; issue 11 item 2). Each
 * round: the 1.2 mm opening (thin parts free up to {@link BrushOpening#MAX_COST}, costlier ones from the photo's
 * headroom), the 1.9 mm opening (from a smaller budget, only with headroom), then a 1.0 mm cleanup (free parts only)
 * that hands over the parts under the check's finest brush which the hand-overs of the wider openings left; then the
 * regions that lost their number's room are merged whole (a union of opened regions stays brush-paintable). A second
 * round runs only on a map still thin at 2 mm over {@link #SECOND_ROUND_FROM_SHARE} after the first round's openings.
 * Measured with bench/paintable-bench.sh (bench/README.md, sessions 6, 8 and 13).
 * <p>On a photo with headroom the colour costs are CIEDE2000 (the reported error) instead of CIELAB distance, the
 * regions that lost their number's room are dissolved into their neighbours pixel by pixel, and after the rounds a
 * last 1.0 mm cleanup (nearest first) hands over the 1-2 px rims of an in-between colour that the last regrowth and
 * merges left around bright blobs (session 8: the dragonfly's sliver1mm 0.88% -> 0.50%, sliver2mm 6.82% -> 4.91%,
 * mean dE00 6.71 -> 6.81 against its limit 6.82). A photo without headroom keeps CIELAB costs and whole merges: with
 * CIEDE2000 costs the forest path's error rose over its limit (4.97 -> 5.04 against 4.98).
 * <p>Before that last cleanup, a map still thin at 2 mm over {@link #WIDEN_FROM_SHARE} of its pixels has its thin
 * parts widened to 2 mm where a band costs less than a free hand-over ({@link ThinPartWidening}).
 */
public final class PaintableRegions {
    private static final int ROUNDS = 2;
    /**
     * Cost units per picture pixel the 1.2 mm opening may spend on costly thin parts, per unit of headroom (CIEDE2000:
     * a budget exists only with headroom, and then every cost is CIEDE2000).
     */
    static final double BUDGET_PER_HEADROOM = 0.1;
    /**
     * The same for the 1.9 mm opening, which only hands over from its budget (0.05 before the CIEDE2000 costs of
     * session 8; with them, 0.05 took the dragonfly to mean dE00 6.820, over its limit, and 0.025 to 6.813).
     */
    static final double WIDE_BUDGET_PER_HEADROOM = 0.025;
    /**
     * Free limit of the 1.2 mm opening for a photo without headroom: its free hand-overs alone took the forest path
     * 0.01 over its colour-error limit at {@link BrushOpening#MAX_COST}.
     */
    static final double FREE_COST_WITHOUT_HEADROOM = 6.0;
    /**
     * Headroom from which the regrowth after the 1.9 mm and 1.0 mm openings goes nearest first (a handed-over strip is
     * split along its middle, so fewer new slivers) instead of cheapest colour first: measured +0.08 mean dE00 on the
     * meadow (sliver1mm 0.79% -> 0.45%) and +0.11 on kleiber; nearest first after the 1.2 mm opening as well cost
     * kleiber 0.15, over the calm photos' 5.0 (QualityTest).
     */
    static final double NEAREST_FIRST_HEADROOM = 0.5;

    /**
     * After the rounds, thin parts are widened to the paintability check's 2 mm brush where that is cheaper than
     * handing them over ({@link ThinPartWidening}), in up to {@link #WIDEN_PASSES} passes, and only when more than
     * {@link #WIDEN_FROM_SHARE} of the label map is thin at 2 mm: the smoothing takes about two points off that
     * share, so a template under the 5% target is left as it was (session 9, bench/README.md: the wood's sliver2mm
     * 9.88% -> 5.81% at +0.01 mean dE00, the pier's 9.73% -> 9.16%, the forest's 4.86% -> 4.58% at -0.004; the
     * dragonfly, 4.91% at its colour limit, unchanged; widening from the start of every round cost it +0.06).
     */
    static final double WIDEN_BRUSH_MM = 2.0;
    static final double WIDEN_FROM_SHARE = 0.07;
    /**
     * A second round runs only when, after the first round's openings, more than this share of the label map is
     * still thin at {@link #WIDEN_BRUSH_MM} (session 13, bench/README.md: 8.9-17.5% on the five photos whose targets
     * need it, dragonfly, meadow, forest path, pier and wood; 0.5-4.7% on the others, which a second round cost
     * 7-11% of their CPU).
     */
    static final double SECOND_ROUND_FROM_SHARE = 0.07;
    static final int WIDEN_PASSES = 3;
    private PaintableRegions() { }

    /**
     * Opens the regions of {@code labels} (palette entry per pixel, rewritten in place).
     * @param headroom the photo's colour-error headroom before the opening (mean CIEDE2000 units, at least 0)
     */
    public static void apply(byte[] labels, int w, int h, ColourTable table, Palette palette, LabelGeometry geo,
                             int minRegionPx, double headroom, Deadline deadline) {
        double brush = BrushOpening.radiusPx(geo.pxPerMm);
        double wide = BrushOpening.radiusPx(geo.pxPerMm, BrushOpening.WIDE_BRUSH_MM);
        double clean = BrushOpening.radiusPx(geo.pxPerMm, BrushOpening.CLEANUP_BRUSH_MM);
        double check = BrushOpening.radiusPx(geo.pxPerMm, WIDEN_BRUSH_MM);
        boolean nearest = headroom >= NEAREST_FIRST_HEADROOM;
        boolean de00 = headroom > 0;
        // one cost table for every opening: the palette does not change in here, so each CIEDE2000 pair is computed once
        ColourCost cost = de00 ? ColourCost.ciede2000(table, palette) : ColourCost.cielab(table, palette);
        double free = headroom > 0 ? BrushOpening.MAX_COST : FREE_COST_WITHOUT_HEADROOM;
        for (int i = 0; i < ROUNDS; i++) {
            int changed = BrushOpening.apply(labels, w, h, table, brush, free, BUDGET_PER_HEADROOM * headroom,
                    false, cost, cost, deadline);
            if (headroom > 0)
                changed += BrushOpening.apply(labels, w, h, table, wide, 0, WIDE_BUDGET_PER_HEADROOM * headroom,
                        nearest, cost, cost, deadline);
            changed += BrushOpening.apply(labels, w, h, table, clean, BrushOpening.MAX_COST, 0, nearest, cost, cost,
                    deadline);
            if (changed == 0) break;
            // another round only for a map still thin at 2 mm over SECOND_ROUND_FROM_SHARE after this one's openings
            boolean last = i == ROUNDS - 1
                    || ThinParts.count(labels, w, h, check) <= SECOND_ROUND_FROM_SHARE * labels.length;
            Components opened = Components.label(labels, w, h, deadline);
            if (headroom > 0) // split between the neighbours: 0.015 mean dE00 less on the dragonfly than whole
                RegionMerger.mergeAll(labels, w, h, opened, table, palette, geo, minRegionPx, deadline);
            else
                RegionMerger.mergeWhole(labels, w, h, opened, table, palette, geo, minRegionPx, deadline);
            if (last) break;
        }
        // still over the 2 mm target: widen the thin parts whose hand-over would be free but dearer than a band
        for (int i = 0; i < WIDEN_PASSES; i++)
            if (ThinPartWidening.apply(labels, w, h, table, check, WIDEN_FROM_SHARE, free, cost, deadline) == 0) break;
        // the last cleanup: nearest first (the colour, in CIELAB as measured, only breaks ties), free parts only
        if (headroom > 0)
            BrushOpening.apply(labels, w, h, table, clean, BrushOpening.MAX_COST, 0, true, cost,
                    ColourCost.cielab(table, palette), deadline);
    }
}
