package io.cbn.converter.regions;

/**
 * Two-pass 3-4 chamfer distance (in thirds of a pixel) from each pixel to the outside of its own region: pixels on
 * a region border or on the image edge are 3, every step inward adds 3 (straight) or 4 (diagonal). Its maximum in a
 * region approximates the pole of inaccessibility; the pass that ends it also finds each region's.
 */
final class DistanceTransform {
    private DistanceTransform() { }

    /**
     * @param depth per region, set to its largest distance (thirds of a pixel)
     * @param pole  per region, set to the first pixel (row-major) at that distance
     */
    static int[] chamfer(int[] comp, int w, int h, int[] depth, int[] pole) {
        int[] d = new int[w * h];
        int inf = Integer.MAX_VALUE / 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x, c = comp[i];
                boolean edge = x == 0 || y == 0 || x == w - 1 || y == h - 1
                        || comp[i - 1] != c || comp[i + 1] != c || comp[i - w] != c || comp[i + w] != c;
                d[i] = edge ? 3 : inf;
            }
        }
        for (int y = 1; y < h; y++) {
            for (int x = 1, i = y * w + 1; x < w - 1; x++, i++) {
                int v = d[i];
                if (v <= 3) continue;
                v = Math.min(v, d[i - 1] + 3);
                v = Math.min(v, d[i - w] + 3);
                v = Math.min(v, d[i - w - 1] + 4);
                v = Math.min(v, d[i - w + 1] + 4);
                d[i] = v;
            }
        }
        // backward pass, every pixel in reverse order: its distance is final here, so each region's pole (its
        // deepest pixel, the first in row-major order among equals) is found on the way
        for (int y = h - 1; y >= 0; y--) {
            for (int x = w - 1, i = y * w + w - 1; x >= 0; x--, i--) {
                int v = d[i];
                if (v > 3 && y < h - 1 && x >= 1 && x < w - 1) {
                    v = Math.min(v, d[i + 1] + 3);
                    v = Math.min(v, d[i + w] + 3);
                    v = Math.min(v, d[i + w + 1] + 4);
                    v = Math.min(v, d[i + w - 1] + 4);
                    d[i] = v;
                }
                int r = comp[i];
                if (v >= depth[r]) { depth[r] = v; pole[r] = i; }
            }
        }
        return d;
    }
}
