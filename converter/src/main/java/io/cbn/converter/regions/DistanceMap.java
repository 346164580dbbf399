package io.cbn.converter.regions;

/**
 * The chamfer distances of a region map ({@link DistanceTransform}) with each region's depth and pole, as the label
 * placer uses them, made again for a map that changed little (a placement round after merges or tightened borders)
 * by recomputing only the regions whose pixels changed (docs/design.md "Speed"). A region's distances depend on its
 * own pixels alone (a step from another region's pixel never wins: the pixel between is a border pixel, 3, so that
 * way is at most 6 where a diagonal from outside is at least 7), so a region with exactly the pixels of a region of
 * the previous map keeps its distances, depth and pole, and the others are computed over their bounding boxes: the
 * same numbers as computing the whole map (DistanceTransformTest).
 */
public final class DistanceMap {

    final int[] d, depth, pole;
    /** Regions whose distances were computed here (the others kept the previous map's). */
    final int computed;
    private final int[] comp, size;

    private DistanceMap(int[] comp, int[] size, int[] d, int[] depth, int[] pole, int computed) {
        this.comp = comp; this.size = size; this.d = d; this.depth = depth; this.pole = pole; this.computed = computed;
    }

    /** The distances of {@code c}'s regions, from those of {@code previous} (a map of the same size) where they held. */
    public static DistanceMap of(Components c, int w, int h, DistanceMap previous) {
        int n = c.count;
        int[] depth = new int[n], pole = new int[n];
        if (previous == null || previous.comp.length != c.comp.length)
            return new DistanceMap(c.comp, c.size, DistanceTransform.chamfer(c.comp, w, h, depth, pole), depth, pole, n);
        // each new region's old region: the one all its pixels were in, when that had as many pixels (-1: none)
        int[] was = new int[n];
        java.util.Arrays.fill(was, -1);
        int[] comp = c.comp, old = previous.comp;
        for (int i = 0; i < comp.length; i++) {
            int r = comp[i], o = was[r];
            if (o == -1) was[r] = old[i];
            else if (o != old[i]) was[r] = -2;
        }
        long area = 0;
        for (int r = 0; r < n; r++) {
            if (was[r] >= 0 && previous.size[was[r]] != c.size[r]) was[r] = -2;
            if (was[r] < 0) area += (long) (c.x1[r] - c.x0[r] + 1) * (c.y1[r] - c.y0[r] + 1);
        }
        if (area > comp.length / 2) // most of the map changed: the whole transform is cheaper
            return new DistanceMap(comp, c.size, DistanceTransform.chamfer(comp, w, h, depth, pole), depth, pole, n);
        int[] d = previous.d.clone(); // the kept regions' pixels keep their distances
        int computed = 0;
        for (int r = 0; r < n; r++) {
            if (was[r] >= 0) { depth[r] = previous.depth[was[r]]; pole[r] = previous.pole[was[r]]; }
            else { region(comp, w, h, r, c.x0[r], c.y0[r], c.x1[r], c.y1[r], d, depth, pole); computed++; }
        }
        return new DistanceMap(comp, c.size, d, depth, pole, computed);
    }

    /** {@link DistanceTransform#chamfer}'s two passes over one region's pixels in its bounding box. */
    private static void region(int[] comp, int w, int h, int r, int x0, int y0, int x1, int y1, int[] d, int[] depth, int[] pole) {
        for (int y = y0; y <= y1; y++)
            for (int x = x0, i = y * w + x0; x <= x1; x++, i++) {
                if (comp[i] != r) continue;
                if (x == 0 || y == 0 || x == w - 1 || y == h - 1
                        || comp[i - 1] != r || comp[i + 1] != r || comp[i - w] != r || comp[i + w] != r) {
                    d[i] = 3;
                    continue;
                }
                int v = Math.min(d[i - 1] + 3, d[i - w] + 3); // both are pixels of r, set earlier in this pass
                if (comp[i - w - 1] == r) v = Math.min(v, d[i - w - 1] + 4);
                if (comp[i - w + 1] == r) v = Math.min(v, d[i - w + 1] + 4);
                d[i] = v;
            }
        depth[r] = 0;
        for (int y = y1; y >= y0; y--)
            for (int x = x1, i = y * w + x1; x >= x0; x--, i--) {
                if (comp[i] != r) continue;
                int v = d[i];
                if (v > 3) {
                    v = Math.min(v, Math.min(d[i + 1] + 3, d[i + w] + 3));
                    if (comp[i + w + 1] == r) v = Math.min(v, d[i + w + 1] + 4);
                    if (comp[i + w - 1] == r) v = Math.min(v, d[i + w - 1] + 4);
                    d[i] = v;
                }
                if (v >= depth[r]) { depth[r] = v; pole[r] = i; }
            }
    }
}
