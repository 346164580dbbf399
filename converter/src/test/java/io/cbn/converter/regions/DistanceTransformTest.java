package io.cbn.converter.regions;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chamfer with its values in locals equals the textbook two-pass 3-4 chamfer, distances, depths and poles. */
class DistanceTransformTest {

    @Test
    void equalsTheTextbookPassesOnRandomRegionMaps() {
        Random rnd = new Random(5);
        long deep = 0, pixels = 0;
        for (int t = 0; t < 80; t++) {
            int w = 1 + rnd.nextInt(180), h = 1 + rnd.nextInt(120);
            if (t < 4) { w = 1 + t % 2; h = 1 + t / 2; } // 1x1, 2x1, 1x2, 2x2
            int[] comp = regions(rnd, w, h, 1 + rnd.nextInt(30));
            int n = Arrays.stream(comp).max().orElse(0) + 1;
            int[] depth = new int[n], pole = new int[n], refDepth = new int[n], refPole = new int[n];
            int[] d = DistanceTransform.chamfer(comp, w, h, depth, pole);
            int[] ref = textbook(comp, w, h, refDepth, refPole);
            String map = "map " + t + " " + w + "x" + h;
            assertArrayEquals(ref, d, map);
            assertArrayEquals(refDepth, depth, map + " depths");
            assertArrayEquals(refPole, pole, map + " poles");
            for (int v : d) if (v > 3) deep++;
            pixels += (long) w * h;
        }
        assertTrue(deep > pixels / 3, deep + " of " + pixels + " pixels inside their region's border"); // both kinds
    }

    @Test
    void distanceMapFromThePreviousMapEqualsTheWholeTransform() {
        Random rnd = new Random(8);
        int reused = 0, recomputed = 0;
        for (int t = 0; t < 60; t++) {
            int w = 20 + rnd.nextInt(160), h = 20 + rnd.nextInt(100);
            byte[] l = entries(rnd, w, h, 5 + rnd.nextInt(30));
            Components before = Components.label(l, w, h, FOREVER);
            DistanceMap first = DistanceMap.of(before, w, h, null);
            // a round's change: a few small patches repainted (tightened borders) or a region merged into a neighbour
            for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                if (rnd.nextBoolean()) {
                    int x0 = rnd.nextInt(w), y0 = rnd.nextInt(h), s = 1 + rnd.nextInt(6);
                    byte c = (byte) rnd.nextInt(6);
                    for (int y = y0; y < Math.min(h, y0 + s); y++) for (int x = x0; x < Math.min(w, x0 + s); x++) l[y * w + x] = c;
                } else {
                    int r = rnd.nextInt(before.count);
                    byte c = (byte) rnd.nextInt(6);
                    for (int i = 0; i < w * h; i++) if (before.comp[i] == r) l[i] = c;
                }
            }
            Components after = Components.label(l, w, h, FOREVER);
            DistanceMap next = DistanceMap.of(after, w, h, first);
            int[] depth = new int[after.count], pole = new int[after.count];
            int[] whole = DistanceTransform.chamfer(after.comp, w, h, depth, pole);
            String map = "map " + t + " " + w + "x" + h;
            assertArrayEquals(whole, next.d, map);
            assertArrayEquals(depth, next.depth, map + " depths");
            assertArrayEquals(pole, next.pole, map + " poles");
            if (next.computed < after.count) reused++; else recomputed++; // a map that changed a lot is transformed whole
        }
        assertTrue(reused > 10 && recomputed > 0, reused + " maps made from the last one, " + recomputed + " whole");
    }

    @Test
    void squareHasItsCentreDeepest() {
        int w = 9, h = 9;
        int[] comp = new int[w * h]; // one region: the picture's edge is its outside
        int[] depth = new int[1], pole = new int[1];
        int[] d = DistanceTransform.chamfer(comp, w, h, depth, pole);
        assertEquals(3, d[0]);
        assertEquals(15, d[4 * w + 4], "4 straight steps in from the edge");
        assertEquals(15, depth[0]);
        assertEquals(4 * w + 4, pole[0]);
    }

    /** The definition: edges 3, a forward then a backward pass, each pixel's region's deepest pixel in row-major order. */
    private static int[] textbook(int[] comp, int w, int h, int[] depth, int[] pole) {
        int[] d = new int[w * h];
        int inf = Integer.MAX_VALUE / 2;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int i = y * w + x, c = comp[i];
                boolean edge = x == 0 || y == 0 || x == w - 1 || y == h - 1
                        || comp[i - 1] != c || comp[i + 1] != c || comp[i - w] != c || comp[i + w] != c;
                d[i] = edge ? 3 : inf;
            }
        for (int y = 1; y < h; y++)
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                if (d[i] <= 3) continue;
                d[i] = Math.min(Math.min(Math.min(Math.min(d[i], d[i - 1] + 3), d[i - w] + 3), d[i - w - 1] + 4), d[i - w + 1] + 4);
            }
        for (int y = h - 2; y >= 0; y--)
            for (int x = w - 2; x >= 1; x--) {
                int i = y * w + x;
                if (d[i] <= 3) continue;
                d[i] = Math.min(Math.min(Math.min(Math.min(d[i], d[i + 1] + 3), d[i + w] + 3), d[i + w + 1] + 4), d[i + w - 1] + 4);
            }
        for (int i = 0; i < w * h; i++)
            if (d[i] > depth[comp[i]] || d[i] == depth[comp[i]] && i < pole[comp[i]] || depth[comp[i]] == 0) {
                depth[comp[i]] = d[i];
                pole[comp[i]] = i;
            }
        return d;
    }

    private static final io.cbn.converter.Deadline FOREVER = io.cbn.converter.Deadline.after(java.time.Duration.ofMinutes(1));

    /** Ellipses and rectangles painted over each other, then numbered as 4-connected regions. */
    private static int[] regions(Random rnd, int w, int h, int shapes) {
        return Components.label(entries(rnd, w, h, shapes), w, h, FOREVER).comp;
    }

    /** Ellipses and rectangles of 6 entries painted over each other. */
    private static byte[] entries(Random rnd, int w, int h, int shapes) {
        byte[] l = new byte[w * h];
        for (int s = 0; s < shapes; s++) {
            byte c = (byte) rnd.nextInt(6);
            int x0 = rnd.nextInt(w), y0 = rnd.nextInt(h), a = 1 + rnd.nextInt(Math.max(1, w / 2)), b = 1 + rnd.nextInt(Math.max(1, h / 2));
            boolean disc = rnd.nextBoolean();
            for (int y = Math.max(0, y0 - b); y < Math.min(h, y0 + b); y++)
                for (int x = Math.max(0, x0 - a); x < Math.min(w, x0 + a); x++) {
                    double u = (x - x0) / (double) a, v = (y - y0) / (double) b;
                    if (!disc || u * u + v * v <= 1) l[y * w + x] = c;
                }
        }
        return l;
    }
}
