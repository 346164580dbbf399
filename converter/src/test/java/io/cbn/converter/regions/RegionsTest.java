package io.cbn.converter.regions;

import io.cbn.converter.Deadline;
import io.cbn.converter.colour.ColourTable;
import io.cbn.converter.colour.Palette;
import io.cbn.converter.colour.Quantizer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegionsTest {
    private static final Deadline FOREVER = Deadline.after(Duration.ofMinutes(5));

    @Test
    void componentsAreFourConnected() {
        // diagonal neighbours of the same colour are separate regions
        byte[] l = {1, 0, 0, 1};
        Components c = Components.label(l, 2, 2, FOREVER);
        assertEquals(4, c.count);
        byte[] m = {1, 1, 0, 1, 0, 0};
        Components d = Components.label(m, 3, 2, FOREVER);
        assertEquals(2, d.count); // the three 1s touch along edges, and so do the three 0s
        assertEquals(6, d.size[0] + d.size[1]);
    }

    /** Run-based labelling equals a plain flood fill: same ids (first appearance), sizes, colours and boxes. */
    @Test
    void componentsEqualAFloodFillOnRandomMaps() {
        Random rnd = new Random(5);
        for (int t = 0; t < 200; t++) {
            int w = 1 + rnd.nextInt(40), h = 1 + rnd.nextInt(40), k = 1 + rnd.nextInt(4);
            byte[] l = new byte[w * h];
            for (int i = 0; i < l.length; i++) l[i] = (byte) (rnd.nextInt(3) == 0 && i > 0 ? l[i - 1] : rnd.nextInt(k));
            Components c = Components.label(l, w, h, FOREVER);
            int[] ref = new int[w * h];
            java.util.Arrays.fill(ref, -1);
            int n = 0;
            int[] stack = new int[w * h];
            for (int s = 0; s < w * h; s++) {
                if (ref[s] >= 0) continue;
                int top = 0, size = 0, x0 = w, y0 = h, x1 = -1, y1 = -1;
                stack[top++] = s;
                ref[s] = n;
                while (top > 0) {
                    int i = stack[--top], x = i % w, y = i / w;
                    size++;
                    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
                    for (int j : new int[]{x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1, y < h - 1 ? i + w : -1})
                        if (j >= 0 && ref[j] < 0 && l[j] == l[i]) { ref[j] = n; stack[top++] = j; }
                }
                String at = "map " + t + " component " + n;
                assertEquals(size, c.size[n], at);
                assertEquals(l[s], c.colour[n], at);
                assertEquals(x0, c.x0[n], at); assertEquals(x1, c.x1[n], at); assertEquals(y0, c.y0[n], at); assertEquals(y1, c.y1[n], at);
                n++;
            }
            assertEquals(n, c.count, "map " + t);
            assertTrue(java.util.Arrays.equals(ref, c.comp), "map " + t);
        }
    }

    @Test
    void minimumFontGivesTwoMillimetreDigitsOnA4() {
        for (int side : new int[]{100, 320, 1000, 1600, 6000}) {
            LabelGeometry g = new LabelGeometry(side, side / 2);
            assertTrue(0.72 * g.minFontSize / g.pxPerMm >= 2.0 - 1e-9, "side " + side);
            assertTrue(0.72 * g.minFontSize / g.pxPerMm < 2.05, "not much larger than needed");
            assertEquals(g.minFontSize, Double.parseDouble(LabelGeometry.format(g.minFontSize)));
        }
    }

    @Test
    void boxInsideFollowsTheCheckersPixelRule() {
        int w = 40, h = 20;
        int[] comp = new int[w * h];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) comp[y * w + x] = (x >= 10 && x < 19 && y >= 5 && y < 12) ? 1 : 0;
        // a 9 x 7 block: a one-digit box of font-size 9.5 (5.7 x 6.84) fits, centred
        assertTrue(LabelGeometry.boxInside(comp, w, h, 1, 14.5, 8.5, 9.5, 1));
        assertFalse(LabelGeometry.boxInside(comp, w, h, 1, 14.5, 8.5, 9.5, 2), "two digits are 11.4 wide");
        assertFalse(LabelGeometry.boxInside(comp, w, h, 1, 11.0, 8.5, 9.5, 1), "touches column 8");
        int cells = LabelGeometry.cells(LabelGeometry.boxWidth(9.5, 1));
        assertEquals(6, cells);
        double x = LabelGeometry.centre(10, cells);
        assertTrue(LabelGeometry.boxInside(comp, w, h, 1, x, 8.5, 9.5, 1), "cells start at the first column");
    }

    @Test
    void mergingLeavesOnlyLegibleRegionsAndPlacementFitsAll() {
        int w = 300, h = 200;
        int[] rgb = new int[w * h];
        Random rnd = new Random(7);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int base = x < 150 ? (y < 100 ? 0x204080 : 0xd0a040) : (y < 100 ? 0x30a050 : 0xe0e0e0);
                rgb[y * w + x] = rnd.nextInt(8) == 0 ? rnd.nextInt(0x1000000) : base; // 12% noise pixels
            }
        ColourTable t = ColourTable.build(rgb, FOREVER);
        Quantizer.Result q = Quantizer.quantize(t, 8, FOREVER);
        byte[] labels = q.labels(t);
        LabelGeometry geo = new LabelGeometry(w, h);
        Components before = Components.label(labels, w, h, FOREVER);
        assertTrue(before.count > 1000, "noise makes many regions: " + before.count);
        int merges = RegionMerger.mergeAll(labels, w, h, before, t, q.palette(), geo, 0, FOREVER);
        assertTrue(merges > 0);
        Components after = Components.label(labels, w, h, FOREVER);
        assertTrue(after.count >= 4 && after.count < 100, "regions after merging: " + after.count);
        LabelPlacer.Placement p = LabelPlacer.place(after, w, h, geo, FOREVER);
        assertEquals(0, p.unfit().length);
        assertEquals(after.count, p.labels().size());
        for (LabelPlacer.Label l : p.labels()) {
            int digits = Integer.toString(l.number()).length();
            assertTrue(LabelGeometry.boxInside(after.comp, w, h, l.region(), l.x(), l.y(), l.fontSize(), digits));
            assertEquals(Palette.number(after.colour[l.region()]), l.number());
            assertTrue(l.fontSize() >= geo.minFontSize);
        }
    }

    /** Two colours a few units apart: a 2 px line of one across a field of the other, and a wide block of it. */
    @Test
    void brushOpeningHandsThinPartsToNeighboursAndKeepsWideOnes() {
        int w = 120, h = 80;
        int field = 0x808080, near = 0x888888;
        int[] rgb = new int[w * h];
        for (int i = 0; i < rgb.length; i++) rgb[i] = field;
        for (int x = 0; x < w; x++) { rgb[40 * w + x] = near; rgb[41 * w + x] = near; } // a thin line
        for (int y = 5; y < 25; y++) for (int x = 10; x < 40; x++) rgb[y * w + x] = near; // a wide block
        ColourTable t = ColourTable.build(rgb, FOREVER);
        Palette pal = new Palette(new double[]{t.lab[3 * t.pixelIndex[0]], t.lab[3 * t.pixelIndex[0] + 1], t.lab[3 * t.pixelIndex[0] + 2],
                t.lab[3 * t.pixelIndex[40 * w]], t.lab[3 * t.pixelIndex[40 * w] + 1], t.lab[3 * t.pixelIndex[40 * w] + 2]});
        byte[] labels = new byte[w * h];
        for (int i = 0; i < rgb.length; i++) labels[i] = (byte) (rgb[i] == field ? 0 : 1);
        byte[] again = labels.clone();
        int changed = BrushOpening.apply(labels, w, h, t, pal, 3.0, FOREVER);
        for (int x = 0; x < w; x++) assertEquals(0, labels[40 * w + x], "line pixel " + x + " went to the field");
        for (int y = 8; y < 22; y++) for (int x = 13; x < 37; x++) assertEquals(1, labels[y * w + x], "block interior kept");
        assertTrue(changed >= 2 * w, "changed " + changed);
        BrushOpening.apply(again, w, h, t, pal, 3.0, FOREVER);
        assertTrue(java.util.Arrays.equals(labels, again), "deterministic");
    }
    /**
     * A 2 px white line across a black field: handing it over costs about 100 CIELAB units per pixel, far over the
     * free limit, so it stays without a budget and goes to the field when the budget pays for it; the same line in
     * two parts, with a budget for one only, loses the cheaper part first.
     */
    @Test
    void costlyThinPartsArePaidFromTheBudgetCheapestFirst() {
        int w = 120, h = 80;
        int[] rgb = new int[w * h];
        for (int x = 0; x < w; x++) { rgb[40 * w + x] = x < 60 ? 0xffffff : 0xe0e0e0; rgb[41 * w + x] = rgb[40 * w + x]; }
        for (int x = 59; x <= 60; x++) { rgb[40 * w + x] = 0; rgb[41 * w + x] = 0; } // two parts: white, light grey
        ColourTable t = ColourTable.build(rgb, FOREVER);
        int black = t.pixelIndex[0], white = t.pixelIndex[40 * w], grey = t.pixelIndex[40 * w + 100];
        Palette pal = new Palette(new double[]{t.lab[3 * black], t.lab[3 * black + 1], t.lab[3 * black + 2],
                t.lab[3 * white], t.lab[3 * white + 1], t.lab[3 * white + 2], t.lab[3 * grey], t.lab[3 * grey + 1], t.lab[3 * grey + 2]});
        byte[] base = new byte[w * h];
        for (int i = 0; i < rgb.length; i++) base[i] = (byte) (rgb[i] == 0 ? 0 : rgb[i] == 0xffffff ? 1 : 2);
        byte[] none = base.clone(), all = base.clone(), one = base.clone();
        assertEquals(0, BrushOpening.apply(none, w, h, t, pal, 3.0, BrushOpening.MAX_COST, 0, FOREVER), "kept without a budget");
        assertTrue(java.util.Arrays.equals(base, none));
        assertEquals(4 * 59, BrushOpening.apply(all, w, h, t, pal, 3.0, BrushOpening.MAX_COST, 10.0, FOREVER));
        for (int x = 0; x < w; x++) assertEquals(0, all[40 * w + x], "line pixel " + x + " went to the field");
        // the grey part costs less per pixel than the white one: a budget for about one part pays for the grey
        BrushOpening.apply(one, w, h, t, pal, 3.0, BrushOpening.MAX_COST, 1.2, FOREVER);
        assertEquals(0, one[40 * w + 100], "grey part handed over");
        assertEquals(1, one[40 * w + 10], "white part kept");
    }

    /**
     * A 4 px strip between two fields, its colour nearer the left one: regrowing cheapest colour first gives the whole
     * strip to the left field; nearest first splits it along its middle, half to each side.
     */
    @Test
    void regrowthNearestFirstSplitsAStripAlongItsMiddle() {
        int w = 60, h = 40, left = 0x404040, right = 0xc0c0c0, strip = 0x505050;
        int[] rgb = new int[w * h];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) rgb[y * w + x] = x < 28 ? left : x < 32 ? strip : right;
        ColourTable t = ColourTable.build(rgb, FOREVER);
        int a = t.pixelIndex[0], b = t.pixelIndex[w - 1], s = t.pixelIndex[29];
        Palette pal = new Palette(new double[]{t.lab[3 * a], t.lab[3 * a + 1], t.lab[3 * a + 2],
                t.lab[3 * b], t.lab[3 * b + 1], t.lab[3 * b + 2], t.lab[3 * s], t.lab[3 * s + 1], t.lab[3 * s + 2]});
        byte[] base = new byte[w * h];
        for (int i = 0; i < rgb.length; i++) base[i] = (byte) (rgb[i] == left ? 0 : rgb[i] == right ? 1 : 2);
        byte[] cheapest = base.clone(), nearest = base.clone();
        assertEquals(4 * h, BrushOpening.apply(cheapest, w, h, t, pal, 3.0, 100, 0, false, FOREVER));
        assertEquals(4 * h, BrushOpening.apply(nearest, w, h, t, pal, 3.0, 100, 0, true, FOREVER));
        for (int y = 0; y < h; y++)
            for (int x = 28; x < 32; x++) {
                assertEquals(0, cheapest[y * w + x], "cheapest colour first: pixel " + x + "," + y + " to the left field");
                assertEquals(x < 30 ? 0 : 1, nearest[y * w + x], "nearest first: pixel " + x + "," + y);
            }
    }

    /**
     * A 2 px line of a paler red across a red field: handing it over costs about 18 CIELAB units per pixel (kept
     * without a budget) but about 5 CIEDE2000 units, which the difference in chroma counts for less (free, under
     * {@link BrushOpening#MAX_COST}, when the parts are priced in CIEDE2000).
     */
    @Test
    void thinPartsPricedInCiede2000GoWhereTheReportedErrorAllows() {
        int w = 120, h = 80, field = 0xff0000, line = 0xf02828;
        int[] rgb = new int[w * h];
        for (int i = 0; i < rgb.length; i++) rgb[i] = i / w == 40 || i / w == 41 ? line : field;
        ColourTable t = ColourTable.build(rgb, FOREVER);
        int f = t.pixelIndex[0], l = t.pixelIndex[40 * w];
        Palette pal = new Palette(new double[]{t.lab[3 * f], t.lab[3 * f + 1], t.lab[3 * f + 2],
                t.lab[3 * l], t.lab[3 * l + 1], t.lab[3 * l + 2]});
        byte[] base = new byte[w * h];
        for (int i = 0; i < rgb.length; i++) base[i] = (byte) (rgb[i] == field ? 0 : 1);
        byte[] lab = base.clone(), de00 = base.clone();
        assertEquals(0, BrushOpening.apply(lab, w, h, t, pal, 3.0, BrushOpening.MAX_COST, 0, false, false, false, FOREVER),
                "kept when priced in CIELAB");
        assertEquals(2 * w, BrushOpening.apply(de00, w, h, t, pal, 3.0, BrushOpening.MAX_COST, 0, false, true, true, FOREVER),
                "handed over when priced in CIEDE2000");
        for (int x = 0; x < w; x++) assertEquals(0, de00[40 * w + x], "line pixel " + x + " went to the field");
    }
}
