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
        // forward pass fused with the edge marks: a pixel's mark and its forward relaxation only need pixels before it.
        // The neighbours' values ride in locals (left, up-left, up, up-right) instead of being loaded again: under C1,
        // as ./cbn convert runs, about half the time of loading every one (docs/design.md "Speed")
        for (int y = 0; y < h; y++) {
            int row = y * w, up = row - w;
            boolean inner = y > 0 && y < h - 1;
            int left = 0, ul = 0, u = y > 0 ? d[up] : 0; // d at (x-1, y), (x-1, y-1), (x, y-1)
            for (int x = 0; x < w; x++) {
                int i = row + x, c = comp[i], v;
                int ur = y > 0 && x + 1 < w ? d[up + x + 1] : 0;
                if (!inner || x == 0 || x == w - 1 || comp[i - 1] != c || comp[i + 1] != c || comp[i - w] != c || comp[i + w] != c) {
                    v = 3;
                } else { // 1 <= y <= h - 2 and 1 <= x <= w - 2: where the textbook forward pass relaxes
                    v = inf;
                    if (left + 3 < v) v = left + 3;
                    if (u + 3 < v) v = u + 3;
                    if (ul + 4 < v) v = ul + 4;
                    if (ur + 4 < v) v = ur + 4;
                }
                d[i] = v;
                left = v; ul = u; u = ur;
            }
        }
        // backward pass, every pixel in reverse order: its distance is final here, so each region's pole (its
        // deepest pixel, the first in row-major order among equals) is found on the way
        for (int y = h - 1; y >= 0; y--) {
            int row = y * w, down = row + w;
            boolean below = y < h - 1;
            int right = 0, dr = 0, dn = below ? d[down + w - 1] : 0; // d at (x+1, y), (x+1, y+1), (x, y+1)
            for (int x = w - 1; x >= 0; x--) {
                int i = row + x, v = d[i];
                int dl = below && x >= 1 ? d[down + x - 1] : 0;
                if (v > 3 && below && x >= 1 && x < w - 1) {
                    if (right + 3 < v) v = right + 3;
                    if (dn + 3 < v) v = dn + 3;
                    if (dr + 4 < v) v = dr + 4;
                    if (dl + 4 < v) v = dl + 4;
                    d[i] = v;
                }
                right = v; dr = dn; dn = dl;
                int r = comp[i];
                if (v >= depth[r]) { depth[r] = v; pole[r] = i; }
            }
        }
        return d;
    }
}
