package io.cbn.converter.output;

import io.cbn.converter.Deadline;

import java.util.Arrays;

/**
 * The one vector geometry of a template (docs/design.md, "One geometry"): every border between two regions is traced
 * once on the pixel-corner lattice as a chain between fixed points (points where three or more regions meet, where a
 * border meets the picture's frame, the frame's corners), smoothed once and shared by both neighbours, so the regions
 * tile the picture without gaps or overlaps and no border is drawn twice.
 *
 * <p>Smoothing of one chain: the polyline through the midpoints of its pixel edges, smoothed along the chain by a
 * Gaussian of {@value #SIGMA_MM} mm printed (1 to 4 px; the window shrinks towards the chain's ends), simplified by
 * Douglas-Peucker within {@value #TOLERANCE} px, then a cubic Bézier per remaining
 * segment with Catmull-Rom tangents; turns sharper than about 70 degrees stay corners. A chain's end points never
 * move. Chains along the frame are straight lines. A chain can be tightened towards its pixel edges
 * ({@link #tighten}) in steps: curves smoothed by half and a quarter of the Gaussian, then the edge-midpoint polyline
 * lightly smoothed, then the exact pixel staircase, which makes the regions on both sides exactly their pixels; each
 * step is taken only where the one before left a number without room, so few borders end as staircases.
 *
 * <p>Public API (stable, used by the SVG and PDF writers and the preview rasteriser), all coordinates in picture
 * pixels, origin top left, y down:
 * <ul>
 *   <li>{@link #trace}: the geometry of a region map;</li>
 *   <li>{@link #draw(PathSink)}: every border between two regions once, as open (or, for a ring, closed) subpaths;
 *       the picture's frame is not included;</li>
 *   <li>{@link #drawRegion(int, PathSink)}: the closed outline of one region (holes included, opposite
 *       orientation, so fill with the non-zero or even-odd rule);</li>
 *   <li>{@link #regions()}, {@link #width()}, {@link #height()};</li>
 *   <li>{@link #strokeWidthPx(double)} and {@link #STROKE_GREY}: how outlines are stroked.</li>
 * </ul>
 */
public final class Outlines {
    /** Gaussian smoothing along a chain, in millimetres printed (long side across A4), within 1..4 pixels. */
    static final double SIGMA_MM = 0.75;
    /** Douglas-Peucker tolerance in pixels. */
    static final double TOLERANCE = 0.4;
    /** Gaussian smoothing of a tightened chain, in edge lengths: rounds single pixel steps only. */
    static final double TIGHT_SIGMA = 0.8;
    /** Douglas-Peucker tolerance of a tightened chain (edge midpoints, under half a pixel: pixel centres keep their side). */
    static final double TIGHT_TOLERANCE = 0.3;
    /** Stroke width of outlines in millimetres printed. */
    public static final double STROKE_MM = 0.25;
    /** Outline colour: mid-grey, RGB. */
    public static final int STROKE_GREY = 0x8c8c8c;

    private final int w, h, regions;
    /** Gaussian smoothing along a chain, in edge lengths (about pixels). */
    private final double sigma;
    /** Per chain: lattice vertex indices (y*(w+1)+x) from start to end. */
    private final int[][] chainVerts;
    /** Per chain: region on the left / right when walking it (-1 outside the picture). */
    private final int[] leftRegion, rightRegion;
    /** Per chain: start x,y then per segment c1x c1y c2x c2y x y (cubic). */
    private final double[][] geometry;
    private final boolean[] straight, ring;
    /**
     * Per chain: 0 smoothed, 1 and 2 curves smoothed by sigma/2 and sigma/4, 3 tight (edge-midpoint polyline),
     * {@value #EXACT} exact pixel edges.
     */
    private final byte[] level;
    /** The level of a chain drawn on its exact pixel edges (the last step of {@link #tighten}). */
    static final int EXACT = 4;
    /** The level of the lightly smoothed edge-midpoint polyline. */
    private static final int POLYLINE = 3;
    /** Per region: chain uses in linking order, encoded chain*2 + (reversed ? 1 : 0), -1 closes a loop. */
    private final int[][] regionLoops;

    private Outlines(int w, int h, int regions, int[][] chainVerts, int[] leftRegion, int[] rightRegion, boolean[] ring) {
        this.w = w; this.h = h; this.regions = regions;
        this.sigma = Math.max(1.0, Math.min(4.0, SIGMA_MM * Math.max(w, h) / 297.0));
        this.chainVerts = chainVerts; this.leftRegion = leftRegion; this.rightRegion = rightRegion; this.ring = ring;
        int n = chainVerts.length;
        geometry = new double[n][];
        straight = new boolean[n];
        level = new byte[n];
        for (int c = 0; c < n; c++) smooth(c);
        regionLoops = link();
    }

    public int width() { return w; }

    public int height() { return h; }

    /** Number of regions (ids 0..regions()-1 of the map given to {@link #trace}). */
    public int regions() { return regions; }

    /** Stroke width in picture pixels for a picture printed at {@code pxPerMm}. */
    public static double strokeWidthPx(double pxPerMm) { return STROKE_MM * pxPerMm; }

    /** Traces the borders of {@code comp} (region id per pixel, 0..regions-1, 4-connected regions). */
    public static Outlines trace(int[] comp, int regions, int w, int h, Deadline deadline) {
        int vw = w + 1, nv = vw * (h + 1);
        // edges: H(x,y) between pixel (x,y-1) and (x,y), index y*w+x; V(x,y) between (x-1,y) and (x,y), index y*vw+x
        boolean[] hEdge = new boolean[(h + 1) * w], vEdge = new boolean[h * vw];
        byte[] degree = new byte[nv];
        for (int y = 0; y <= h; y++) {
            for (int x = 0; x < w; x++) {
                int a = y > 0 ? comp[(y - 1) * w + x] : -1, b = y < h ? comp[y * w + x] : -1;
                if (a != b) { hEdge[y * w + x] = true; degree[y * vw + x]++; degree[y * vw + x + 1]++; }
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x <= w; x++) {
                int a = x > 0 ? comp[y * w + x - 1] : -1, b = x < w ? comp[y * w + x] : -1;
                if (a != b) { vEdge[y * vw + x] = true; degree[y * vw + x]++; degree[(y + 1) * vw + x]++; }
            }
        }
        deadline.check("outlines");
        boolean[] fixed = new boolean[nv];
        for (int v = 0; v < nv; v++) fixed[v] = degree[v] != 0 && degree[v] != 2;
        fixed[0] = fixed[w] = fixed[h * vw] = fixed[h * vw + w] = true;
        Tracer t = new Tracer(comp, w, h, hEdge, vEdge, fixed);
        for (int y = 0; y <= h; y++) {
            if ((y & 63) == 0) deadline.check("outlines");
            for (int x = 0; x <= w; x++) {
                int v = y * vw + x;
                if (!fixed[v]) continue;
                int dir;
                while ((dir = t.anyEdge(x, y)) >= 0) t.walk(x, y, dir, false);
            }
        }
        for (int y = 0; y <= h; y++) { // rings: every vertex has degree 2
            for (int x = 0; x < w; x++) if (hEdge[y * w + x]) t.walk(x, y, 0, true);
        }
        deadline.check("outlines");
        return new Outlines(w, h, regions, Arrays.copyOf(t.verts, t.n), Arrays.copyOf(t.left, t.n),
                Arrays.copyOf(t.right, t.n), Arrays.copyOf(t.rings, t.n));
    }

    /** Walks border chains on the lattice, consuming edges. */
    private static final class Tracer {
        final int[] comp;
        final int w, h, vw;
        final boolean[] hEdge, vEdge, fixed;
        int[][] verts = new int[1024][];
        int[] left = new int[1024], right = new int[1024];
        boolean[] rings = new boolean[1024];
        int n;
        int[] buf = new int[256];

        Tracer(int[] comp, int w, int h, boolean[] hEdge, boolean[] vEdge, boolean[] fixed) {
            this.comp = comp; this.w = w; this.h = h; this.vw = w + 1;
            this.hEdge = hEdge; this.vEdge = vEdge; this.fixed = fixed;
        }

        int pixel(int x, int y) { return x < 0 || y < 0 || x >= w || y >= h ? -1 : comp[y * w + x]; }

        /** Direction of an unused edge at vertex (x,y): 0 right, 1 down, 2 left, 3 up; -1 if none. */
        int anyEdge(int x, int y) {
            if (x < w && hEdge[y * w + x]) return 0;
            if (y < h && vEdge[y * vw + x]) return 1;
            if (x > 0 && hEdge[y * w + x - 1]) return 2;
            if (y > 0 && vEdge[(y - 1) * vw + x]) return 3;
            return -1;
        }

        void walk(int x, int y, int dir, boolean isRing) {
            int k = 0;
            buf[k++] = y * vw + x;
            // the region on the left of the first step (y down: left of +x is up)
            int l, r;
            switch (dir) {
                case 0 -> { l = pixel(x, y - 1); r = pixel(x, y); }
                case 1 -> { l = pixel(x, y); r = pixel(x - 1, y); }
                case 2 -> { l = pixel(x - 1, y); r = pixel(x - 1, y - 1); }
                default -> { l = pixel(x - 1, y - 1); r = pixel(x, y - 1); }
            }
            while (dir >= 0) {
                switch (dir) {
                    case 0 -> { hEdge[y * w + x] = false; x++; }
                    case 1 -> { vEdge[y * vw + x] = false; y++; }
                    case 2 -> { hEdge[y * w + x - 1] = false; x--; }
                    default -> { vEdge[(y - 1) * vw + x] = false; y--; }
                }
                if (k == buf.length) buf = Arrays.copyOf(buf, k * 2);
                int v = y * vw + x;
                buf[k++] = v;
                if (fixed[v]) break;
                dir = next(x, y, dir);
            }
            if (n == verts.length) {
                verts = Arrays.copyOf(verts, n * 2); left = Arrays.copyOf(left, n * 2);
                right = Arrays.copyOf(right, n * 2); rings = Arrays.copyOf(rings, n * 2);
            }
            verts[n] = Arrays.copyOf(buf, k); left[n] = l; right[n] = r; rings[n] = isRing;
            n++;
        }

        /** At a degree-2 vertex: the other unused edge, never straight back. */
        int next(int x, int y, int came) {
            int back = (came + 2) & 3;
            for (int d = 0; d < 4; d++) {
                if (d == back) continue;
                boolean has = switch (d) {
                    case 0 -> x < w && hEdge[y * w + x];
                    case 1 -> y < h && vEdge[y * vw + x];
                    case 2 -> x > 0 && hEdge[y * w + x - 1];
                    default -> y > 0 && vEdge[(y - 1) * vw + x];
                };
                if (has) return d;
            }
            return -1;
        }
    }

    // ---- smoothing ----

    private void smooth(int c) {
        int[] v = chainVerts[c];
        int vw = w + 1;
        int n = v.length;
        boolean frame = leftRegion[c] < 0 || rightRegion[c] < 0;
        if (level[c] == EXACT || frame || n <= 2) {
            straight[c] = true;
            // exact lattice polyline, collinear runs joined
            double[] g = new double[2 + 6 * (n - 1)];
            g[0] = v[0] % vw; g[1] = v[0] / vw;
            int k = 2, px = v[0] % vw, py = v[0] / vw;
            for (int i = 1; i < n; i++) {
                int x = v[i] % vw, y = v[i] / vw;
                boolean lastOne = i == n - 1;
                if (!lastOne) {
                    int nx = v[i + 1] % vw, ny = v[i + 1] / vw;
                    if ((nx - x) == (x - px) && (ny - y) == (y - py)) { px = x; py = y; continue; }
                }
                g[k++] = x; g[k++] = y; g[k++] = x; g[k++] = y; g[k++] = x; g[k++] = y;
                px = x; py = y;
            }
            geometry[c] = Arrays.copyOf(g, k);
            return;
        }
        boolean isRing = ring[c];
        if (isRing) v = ChainCurves.rotateToCorner(v, vw);
        n = v.length;
        double[] px = new double[n + 1], py = new double[n + 1];
        int k = 0;
        // the midpoints of every pixel edge (pixel centres stay on their side)
        if (!isRing) { px[k] = v[0] % vw; py[k] = v[0] / vw; k++; }
        for (int i = 1; i < n; i++) {
            px[k] = (v[i - 1] % vw + v[i] % vw) / 2.0;
            py[k] = (v[i - 1] / vw + v[i] / vw) / 2.0;
            k++;
        }
        boolean curve = level[c] < POLYLINE;
        ChainCurves.gaussian(px, py, k, isRing, curve ? sigma / (1 << level[c]) : TIGHT_SIGMA);
        if (isRing) { px[k] = px[0]; py[k] = py[0]; k++; }
        else { px[k] = v[n - 1] % vw; py[k] = v[n - 1] / vw; k++; }
        boolean[] keep = new boolean[k];
        ChainCurves.douglasPeucker(px, py, 0, k - 1, keep, curve ? TOLERANCE : TIGHT_TOLERANCE);
        int q = 0;
        for (int i = 0; i < k; i++) if (keep[i]) q++;
        double[] qx = new double[q], qy = new double[q];
        for (int i = 0, j = 0; i < k; i++) if (keep[i]) { qx[j] = px[i]; qy[j] = py[i]; j++; }
        if (curve) {
            straight[c] = false;
            geometry[c] = ChainCurves.catmullRom(qx, qy, isRing);
        } else {
            straight[c] = true;
            double[] g = new double[2 + 6 * (q - 1)];
            g[0] = qx[0]; g[1] = qy[0];
            for (int i = 1, j = 2; i < q; i++, j += 6) {
                g[j] = g[j + 2] = g[j + 4] = qx[i];
                g[j + 1] = g[j + 3] = g[j + 5] = qy[i];
            }
            geometry[c] = g;
        }
    }

    /**
     * Tightens the borders of {@code region} that come within 2 px of the box x0..x1, y0..y1 (pixel columns and
     * rows; the whole region when x0 > x1; the borders of every region there when region < 0) one step towards the
     * pixel edges: smoothed, curves of half and a quarter of the smoothing, then the edge-midpoint polyline lightly
     * smoothed, then the exact pixel staircase ({@value #EXACT} steps in all). Both
     * neighbours follow: the geometry stays shared. Used where smoothing took the room of a number.
     * @return whether anything changed
     */
    public boolean tighten(int region, int x0, int y0, int x1, int y1) {
        boolean changed = false, all = x0 > x1, any = region < 0;
        int vw = w + 1;
        for (int c = 0; c < chainVerts.length; c++) {
            if (level[c] == EXACT || (!any && leftRegion[c] != region && rightRegion[c] != region)) continue;
            boolean near = all;
            for (int v : chainVerts[c]) {
                if (near) break;
                int x = v % vw, y = v / vw;
                near = x >= x0 - 2 && x <= x1 + 3 && y >= y0 - 2 && y <= y1 + 3;
            }
            if (!near) continue;
            level[c]++;
            smooth(c);
            changed = true;
        }
        return changed;
    }

    // ---- regions as closed loops ----

    private int[][] link() {
        int n = chainVerts.length;
        int[] count = new int[regions];
        for (int c = 0; c < n; c++) {
            if (leftRegion[c] >= 0) count[leftRegion[c]]++;
            if (rightRegion[c] >= 0) count[rightRegion[c]]++;
        }
        int[][] uses = new int[regions][];
        for (int r = 0; r < regions; r++) uses[r] = new int[count[r]];
        Arrays.fill(count, 0);
        for (int c = 0; c < n; c++) { // the region on the left walks the chain forward, the one on the right reversed
            if (leftRegion[c] >= 0) uses[leftRegion[c]][count[leftRegion[c]]++] = 2 * c;
            if (rightRegion[c] >= 0) uses[rightRegion[c]][count[rightRegion[c]]++] = 2 * c + 1;
        }
        int[][] loops = new int[regions][];
        for (int r = 0; r < regions; r++) {
            int[] u = uses[r];
            int m = u.length;
            long[] byStart = new long[m];
            for (int i = 0; i < m; i++) byStart[i] = ((long) startVertex(u[i]) << 32) | i;
            Arrays.sort(byStart);
            boolean[] used = new boolean[m];
            int[] out = new int[m * 2];
            int k = 0;
            for (int i = 0; i < m; i++) {
                if (used[i]) continue;
                int first = startVertex(u[i]), cur = i;
                while (true) {
                    used[cur] = true;
                    out[k++] = u[cur];
                    int end = endVertex(u[cur]);
                    if (end == first) break;
                    int nxt = find(byStart, end, used);
                    if (nxt < 0) break; // open (cannot happen on a valid map): close with a straight line
                    cur = nxt;
                }
                out[k++] = -1;
            }
            loops[r] = Arrays.copyOf(out, k);
        }
        return loops;
    }

    private int startVertex(int use) {
        int[] v = chainVerts[use >> 1];
        return (use & 1) == 0 ? v[0] : v[v.length - 1];
    }

    private int endVertex(int use) {
        int[] v = chainVerts[use >> 1];
        return (use & 1) == 0 ? v[v.length - 1] : v[0];
    }

    private static int find(long[] byStart, int vertex, boolean[] used) {
        int lo = 0, hi = byStart.length - 1, at = byStart.length;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if ((int) (byStart[mid] >>> 32) >= vertex) { at = mid; hi = mid - 1; } else lo = mid + 1;
        }
        for (int i = at; i < byStart.length && (int) (byStart[i] >>> 32) == vertex; i++) {
            int idx = (int) byStart[i];
            if (!used[idx]) return idx;
        }
        return -1;
    }

    // ---- emitting ----

    /** Every border between two regions once (the frame excluded). */
    public void draw(PathSink sink) {
        for (int c = 0; c < chainVerts.length; c++) {
            if (leftRegion[c] < 0 || rightRegion[c] < 0) continue;
            double[] g = geometry[c];
            sink.moveTo(g[0], g[1]);
            emit(c, false, sink);
            if (ring[c]) sink.closePath();
        }
    }

    /** The closed outline of one region: one closed subpath per boundary loop (outer and holes). */
    public void drawRegion(int region, PathSink sink) {
        int[] loop = regionLoops[region];
        boolean start = true;
        for (int use : loop) {
            if (use < 0) { sink.closePath(); start = true; continue; }
            int c = use >> 1;
            boolean rev = (use & 1) != 0;
            double[] g = geometry[c];
            if (start) {
                if (rev) sink.moveTo(g[g.length - 2], g[g.length - 1]);
                else sink.moveTo(g[0], g[1]);
                start = false;
            }
            emit(c, rev, sink);
        }
    }

    private void emit(int c, boolean reversed, PathSink sink) {
        double[] g = geometry[c];
        int segs = (g.length - 2) / 6;
        boolean line = straight[c];
        if (!reversed) {
            for (int s = 0, k = 2; s < segs; s++, k += 6) {
                if (line) sink.lineTo(g[k + 4], g[k + 5]);
                else sink.curveTo(g[k], g[k + 1], g[k + 2], g[k + 3], g[k + 4], g[k + 5]);
            }
        } else {
            for (int s = segs - 1; s >= 0; s--) {
                int k = 2 + 6 * s;
                double px = s == 0 ? g[0] : g[k - 2], py = s == 0 ? g[1] : g[k - 1];
                if (line) sink.lineTo(px, py);
                else sink.curveTo(g[k + 2], g[k + 3], g[k], g[k + 1], px, py);
            }
        }
    }
}
