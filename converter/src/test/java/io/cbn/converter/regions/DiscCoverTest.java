package io.cbn.converter.regions;

import io.cbn.converter.Deadline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bit-row disc test equals the definition: every disc of radius R tried at every centre. */
class DiscCoverTest {

    @Test
    void equalsTryingEveryDiscOnRandomBlobMaps() {
        Random rnd = new Random(11);
        double[] radii = {1.0, 1.5, 2.0, 2.7, 3.0, 5.12, 6.0, 7.49};
        long pixels = 0, covered = 0;
        for (int t = 0; t < 60; t++) {
            int w = 1 + rnd.nextInt(200), h = 1 + rnd.nextInt(90);
            if (t % 10 == 0) w = 64 * (1 + rnd.nextInt(3)); // rows of whole words
            byte[] labels = blobs(rnd, w, h, 1 + rnd.nextInt(40));
            double r = radii[t % radii.length];
            covered += compare(labels, w, h, r, "map " + t + " " + w + "x" + h + " R=" + r);
            pixels += (long) w * h;
        }
        assertTrue(pixels > 100_000, "pixels compared: " + pixels);
        assertTrue(covered > pixels / 4 && covered < pixels, "covered " + covered + " of " + pixels); // both kinds tested
    }

    @Test
    void shiftsAcrossWholeWordsForLargeDiscs() {
        Random rnd = new Random(3);
        int w = 333, h = 170;
        byte[] labels = blobs(rnd, w, h, 4);
        for (int i = 0; i < w * h; i++) if ((i % w) < 150 && (i / w) < 150) labels[i] = 9; // room for a disc of radius 70
        assertTrue(compare(labels, w, h, 70.3, "large disc") >= 141 * 141 * 3 / 4, "the 150 px square holds discs");
        assertTrue(compare(labels, w, h, 64.0, "disc of a word's radius") > 0);
    }

    /** @return how many pixels are covered */
    private static int compare(byte[] labels, int w, int h, double radius, String at) {
        boolean[] want = byDefinition(labels, w, h, radius);
        long[] got = DiscCover.covered(labels, w, h, radius);
        int ww = DiscCover.words(w), covered = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean g = (got[y * ww + (x >>> 6)] >>> (x & 63) & 1) != 0;
                assertEquals(want[y * w + x], g, at + " pixel " + x + "," + y);
                if (g) covered++;
            }
            for (int x = w; x < ww * 64; x++) assertEquals(0, got[y * ww + (x >>> 6)] >>> (x & 63) & 1, at + " past the row's end");
        }
        // the thin pixels, counted alone (PaintableRegions' test for a second round) and listed (the openings)
        assertEquals(w * h - covered, ThinParts.count(labels, w, h, radius), at + " thin count");
        assertEquals(w * h - covered, ThinParts.find(labels, w, h, radius, Deadline.after(Duration.ofMinutes(1))).pixels, at + " thin list");
        return covered;
    }

    /** Every centre whose disc lies in the picture and in one entry covers the whole disc. */
    private static boolean[] byDefinition(byte[] labels, int w, int h, double radius) {
        int r = (int) Math.floor(radius);
        double r2 = radius * radius + 1e-9;
        boolean[] out = new boolean[w * h];
        for (int cy = 0; cy < h; cy++)
            for (int cx = 0; cx < w; cx++) {
                byte c = labels[cy * w + cx];
                boolean in = true;
                for (int dy = -r; dy <= r && in; dy++)
                    for (int dx = -r; dx <= r && in; dx++) {
                        if (dx * dx + dy * dy > r2) continue;
                        int x = cx + dx, y = cy + dy;
                        in = x >= 0 && y >= 0 && x < w && y < h && labels[y * w + x] == c;
                    }
                if (!in) continue;
                for (int dy = -r; dy <= r; dy++)
                    for (int dx = -r; dx <= r; dx++)
                        if (dx * dx + dy * dy <= r2) out[(cy + dy) * w + cx + dx] = true;
            }
        return out;
    }

    /** Overlapping rectangles and discs of a few entries, with some one-pixel lines through them. */
    private static byte[] blobs(Random rnd, int w, int h, int shapes) {
        byte[] l = new byte[w * h];
        for (int s = 0; s < shapes; s++) {
            byte c = (byte) rnd.nextInt(5);
            int x0 = rnd.nextInt(w), y0 = rnd.nextInt(h), a = 1 + rnd.nextInt(Math.max(1, w / 2)), b = 1 + rnd.nextInt(Math.max(1, h / 2));
            boolean disc = rnd.nextBoolean(), line = rnd.nextInt(6) == 0;
            for (int y = Math.max(0, y0 - b); y < Math.min(h, y0 + b); y++)
                for (int x = Math.max(0, x0 - a); x < Math.min(w, x0 + a); x++) {
                    double u = (x - x0) / (double) a, v = (y - y0) / (double) b;
                    if (line ? x == x0 || y == y0 : !disc || u * u + v * v <= 1) l[y * w + x] = c;
                }
        }
        return l;
    }
}
