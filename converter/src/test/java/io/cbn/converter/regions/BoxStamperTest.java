package io.cbn.converter.regions;

import io.cbn.converter.Deadline;
import io.cbn.converter.colour.ColourTable;
import io.cbn.converter.colour.Palette;
import io.cbn.converter.colour.PerceptualCost;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoxStamperTest {
    private static final Deadline FOREVER = Deadline.after(Duration.ofMinutes(5));
    /** 1188 px across A4's 297 mm: 4 px per mm, so a one-digit box is 7 x 9 pixels. */
    private static final int W = 1188, H = 300;
    private static final Palette GREY_RED = new Palette(new double[]{40, 0, 0, 54, 80, 67});
    private static final byte GREY = 0, RED = 1;

    @Test
    void aLongThinDetailGetsABoxInsteadOfBeingMergedAway() {
        byte[] labels = picture(500, 100, 2, 40);
        byte[] before = labels.clone();
        ColourTable source = source(labels);
        LabelGeometry geo = new LabelGeometry(W, H);
        int bw = LabelGeometry.cells(LabelGeometry.boxWidth(geo.minFontSize, 1)), bh = LabelGeometry.cells(LabelGeometry.boxHeight(geo.minFontSize));
        assertFalse(RegionRecolour.fits(Components.label(labels, W, H, FOREVER), W, 1, bw, bh), "a 2 px line holds no number");

        assertEquals(1, stamp(labels, source));

        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1, changed = 0;
        for (int i = 0; i < labels.length; i++) {
            if (before[i] == RED) assertEquals(RED, labels[i], "the line itself is kept");
            if (labels[i] == before[i]) continue;
            assertEquals(RED, labels[i], "only the line's colour is stamped");
            changed++;
            x0 = Math.min(x0, i % W); x1 = Math.max(x1, i % W); y0 = Math.min(y0, i / W); y1 = Math.max(y1, i / W);
        }
        assertTrue(changed > 0 && x1 - x0 + 1 <= bw && y1 - y0 + 1 <= bh, "the change is one number box");
        Components c = Components.label(labels, W, H, FOREVER);
        assertEquals(2, c.count, "the line and its box are one region");
        int red = c.colour[0] == RED ? 0 : 1;
        assertTrue(RegionRecolour.fits(c, W, red, bw, bh), "the line now holds a number");

        RegionMerger.mergeAll(labels, W, H, c, source, GREY_RED, geo, 0, FOREVER);
        int redAfter = 0;
        for (byte l : labels) if (l == RED) redAfter++;
        assertEquals(80 + changed, redAfter, "merging keeps the stamped line whole");
    }

    @Test
    void aSpeckCheaperToLoseThanToBoxIsLeftToTheMerger() {
        byte[] labels = picture(500, 100, 2, 4);
        byte[] before = labels.clone();
        assertEquals(0, stamp(labels, source(labels)));
        assertTrue(java.util.Arrays.equals(before, labels));
    }

    @Test
    void stampingIsDeterministic() {
        byte[] a = picture(300, 60, 3, 30), b = a.clone();
        // a second, parallel line close by: both compete for the same pixels
        for (byte[] l : new byte[][]{a, b}) for (int y = 60; y < 90; y++) for (int x = 306; x < 308; x++) l[y * W + x] = RED;
        ColourTable source = source(a);
        assertTrue(stamp(a, source) > 0);
        stamp(b, source);
        assertTrue(java.util.Arrays.equals(a, b));
    }

    /** Grey picture with a red vertical line of lw x lh pixels whose top-left corner is (x, y). */
    private static byte[] picture(int x, int y, int lw, int lh) {
        byte[] labels = new byte[W * H];
        for (int yy = y; yy < y + lh; yy++) for (int xx = x; xx < x + lw; xx++) labels[yy * W + xx] = RED;
        return labels;
    }

    /** The source picture: every pixel exactly its palette colour, so keeping a pixel costs 0. */
    private static ColourTable source(byte[] labels) {
        int[] rgb = new int[labels.length];
        for (int i = 0; i < rgb.length; i++) rgb[i] = GREY_RED.rgb(labels[i]);
        return ColourTable.build(rgb, FOREVER);
    }

    private static int stamp(byte[] labels, ColourTable source) {
        return BoxStamper.apply(labels, W, H, source, new PerceptualCost(source, GREY_RED), new LabelGeometry(W, H), FOREVER);
    }
}
