package io.cbn.converter.regions;

import io.cbn.converter.Deadline;
import io.cbn.converter.colour.ColourTable;
import io.cbn.converter.colour.Palette;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Widening a thin part to the brush (docs/design.md, "One geometry"), checked with the disc test itself. */
class ThinPartWideningTest {
    private static final Deadline FOREVER = Deadline.after(Duration.ofMinutes(5));
    private static final int W = 100, H = 100, FIELD = 0xd8bc94, DRIP = 0x8a6a45;
    private static final double R = 6.0; // a disc 13 px across

    /** A vertical line of {@code width} px, rows 20-79, on a field; entry 1 is the line, 0 the field. */
    private static byte[] line(int width, int[] rgb) {
        byte[] l = new byte[W * H];
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                boolean in = y >= 20 && y < 80 && x >= 40 && x < 40 + width;
                rgb[y * W + x] = in ? DRIP : FIELD;
                l[y * W + x] = (byte) (in ? 1 : 0);
            }
        return l;
    }

    private static ColourCost cost(ColourTable t) {
        int f = t.pixelIndex[0], d = t.pixelIndex[50 * W + 40];
        Palette pal = new Palette(new double[]{t.lab[3 * f], t.lab[3 * f + 1], t.lab[3 * f + 2], t.lab[3 * d], t.lab[3 * d + 1], t.lab[3 * d + 2]});
        return ColourCost.ciede2000(t, pal);
    }

    private static int uncovered(byte[] l, int entry) {
        long[] cov = DiscCover.covered(l, W, H, R);
        int ww = DiscCover.words(W), n = 0;
        for (int i = 0; i < l.length; i++)
            if (l[i] == entry && (cov[(i / W) * ww + (i % W) / 64] >>> (i % W % 64) & 1) == 0) n++;
        return n;
    }

    /** A 9 px line under a 13 px brush: widening paints 4 px of field per row, handing over 9 px of line: widened. */
    @Test
    void aPartWiderThanTheRadiusIsWidenedUntilTheDiscCoversIt() {
        int[] rgb = new int[W * H];
        byte[] l = line(9, rgb);
        ColourTable t = ColourTable.build(rgb, FOREVER);
        assertTrue(uncovered(l, 1) > 500, "the line is thin before");
        int changed = ThinPartWidening.apply(l, W, H, t, R, 0, 100, cost(t), FOREVER);
        assertTrue(changed > 4 * 55 && changed < 4 * 60 + 200, "about 4 px of field per row repainted, was " + changed);
        assertEquals(0, uncovered(l, 1), "every line pixel lies under a disc of its own entry");
        for (int y = 20; y < 80; y++)
            for (int x = 40; x < 49; x++) assertEquals(1, l[y * W + x], "line pixel kept " + x + "," + y);
        assertEquals(0, l[50 * W + 30], "the field away from the line is untouched");
    }

    /** A 3 px line: handing it over is cheaper than a band of 10 px, so it is left to the opening; nor over the limit. */
    @Test
    void aNarrowPartOrACostlyBandIsLeftAlone() {
        int[] rgb = new int[W * H];
        byte[] narrow = line(3, rgb);
        ColourTable t = ColourTable.build(rgb, FOREVER);
        byte[] before = narrow.clone();
        assertEquals(0, ThinPartWidening.apply(narrow, W, H, t, R, 0, 100, cost(t), FOREVER));
        assertArrayEquals(before, narrow);
        int[] rgb9 = new int[W * H];
        byte[] wide = line(9, rgb9);
        ColourTable t9 = ColourTable.build(rgb9, FOREVER);
        byte[] before9 = wide.clone();
        assertEquals(0, ThinPartWidening.apply(wide, W, H, t9, R, 0, 0.5, cost(t9), FOREVER), "over the free cost per pixel");
        assertArrayEquals(before9, wide);
    }
}
