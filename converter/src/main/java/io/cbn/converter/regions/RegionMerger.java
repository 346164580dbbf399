package io.cbn.converter.regions;

import io.cbn.converter.Deadline;
import io.cbn.converter.colour.ColourTable;
import io.cbn.converter.colour.Palette;

import java.util.Arrays;

/**
 * Removes every region that is too small to paint or can not hold a legible number, smallest first, until every
 * region is legible. A removed region is dissolved into its neighbours by seeded region growing: starting from its
 * border, neighbours grow into it pixel by pixel, each pixel going to the adjacent neighbour whose palette colour is
 * closest (CIELAB) to the pixel's own source colour. So a sliver between two areas is split between them, and every
 * pixel keeps the least colour cost its surroundings allow; neighbours only grow, so a legible region stays legible.
 * Neighbours of the same colour that come to touch are joined (in the picture they are one 4-connected region).
 * Union-find over regions; neighbour lists are appended to and compacted lazily.
 */
public final class RegionMerger {
    private static final System.Logger LOG = System.getLogger(RegionMerger.class.getName());

    private final int w, h;
    private final int[] comp;
    private final float[] pixelLab;
    private final int[] pixelIndex;
    private final Palette palette;
    private final Deadline deadline;
    private final int minPaintPx;
    private final int[] cellsW;
    private final int cellsH;

    private final int[] parent, size, colour, bx0, by0, bx1, by1;
    private final boolean[] done, dead, queued;
    /** Whole mode: a removed region goes entirely to one neighbour (the cheapest by colour), see {@link #mergeWhole}. */
    private boolean whole;
    private int[] regionPixels = new int[256], growPixel = new int[256], growRegion = new int[256];
    private static final int BUCKETS = 600;
    private final int[][] buckets = new int[BUCKETS][];
    private final int[] bucketSize = new int[BUCKETS];
    private int growSize, growBucket, nextEntry, epoch, seedId = -1, seedRoot;
    private final int[] mark;
    private final int[][] nb, nbLen;
    private final int[] nbCnt;
    private final int[] scratch, touched, colCount;
    private long[] heap;
    private int heapSize;

    private RegionMerger(byte[] labels, int w, int h, Components c, ColourTable table, Palette palette,
                         LabelGeometry geo, int minRegionPx, Deadline deadline) {
        this.w = w;
        this.h = h;
        this.comp = c.comp;
        this.pixelLab = table.lab;
        this.pixelIndex = table.pixelIndex;
        this.palette = palette;
        this.deadline = deadline;
        int n = c.count;
        parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        size = c.size.clone(); colour = c.colour.clone();
        bx0 = c.x0.clone(); by0 = c.y0.clone(); bx1 = c.x1.clone(); by1 = c.y1.clone();
        done = new boolean[n];
        dead = new boolean[n];
        queued = new boolean[n];
        mark = new int[comp.length];
        for (int i = 0; i < BUCKETS; i++) buckets[i] = new int[4];
        cellsW = new int[palette.size()];
        for (int k = 0; k < cellsW.length; k++)
            cellsW[k] = LabelGeometry.cells(LabelGeometry.boxWidth(geo.minFontSize, Palette.digits(k)));
        cellsH = LabelGeometry.cells(LabelGeometry.boxHeight(geo.minFontSize));
        this.minPaintPx = Math.max(minRegionPx, 1);
        scratch = new int[n];
        touched = new int[n];
        colCount = new int[w];
        nbCnt = new int[n];
        nb = new int[n][];
        nbLen = new int[n][];
        buildAdjacency(h, n);
    }

    /**
     * Merges until every region is legible; rewrites {@code labels} (palette entry per pixel) in place.
     * @return number of merges
     */
    public static int mergeAll(byte[] labels, int w, int h, Components c, ColourTable table, Palette palette,
                               LabelGeometry geo, int minRegionPx, Deadline deadline) {
        RegionMerger m = new RegionMerger(labels, w, h, c, table, palette, geo, minRegionPx, deadline);
        int merges = m.run();
        for (int i = 0; i < labels.length; i++) labels[i] = (byte) m.colour[m.find(m.comp[i])];
        LOG.log(System.Logger.Level.DEBUG, "{0} regions, {1} merges", c.count, merges);
        return merges;
    }

    /**
     * As {@link #mergeAll}, but every removed region goes whole to the one neighbour whose palette colour costs its
     * pixels least (sum of squared CIELAB distances to their source colours). Used after the brush openings on a photo
     * without headroom ({@link PaintableRegions}) and in the converter's label rounds: the opened regions are unions of brush discs, and so is any union of them, so merging keeps every region
     * paintable with the brush, where growing neighbours pixel by pixel into a region can leave thin fingers.
     */
    public static int mergeWhole(byte[] labels, int w, int h, Components c, ColourTable table, Palette palette,
                                 LabelGeometry geo, int minRegionPx, Deadline deadline) {
        RegionMerger m = new RegionMerger(labels, w, h, c, table, palette, geo, minRegionPx, deadline);
        m.whole = true;
        int merges = m.run();
        for (int i = 0; i < labels.length; i++) labels[i] = (byte) m.colour[m.find(m.comp[i])];
        return merges;
    }

    private void buildAdjacency(int h, int n) {
        LongIntMap pairs = new LongIntMap(Math.max(1024, n * 4));
        for (int y = 0; y < h; y++) {
            if ((y & 127) == 0) deadline.check("regions");
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int i = row + x, a = comp[i];
                if (x + 1 < w && comp[i + 1] != a) pairs.add(key(a, comp[i + 1]));
                if (y + 1 < h && comp[i + w] != a) pairs.add(key(a, comp[i + w]));
            }
        }
        int[] deg = new int[n];
        pairs.forEach((k, v) -> { deg[(int) (k >>> 32)]++; deg[(int) k]++; });
        for (int r = 0; r < n; r++) { nb[r] = new int[Math.max(2, deg[r])]; nbLen[r] = new int[Math.max(2, deg[r])]; }
        pairs.forEach((k, v) -> { append((int) (k >>> 32), (int) k, v); append((int) k, (int) (k >>> 32), v); });
    }

    private static long key(int a, int b) {
        return a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
    }

    private void append(int r, int other, int len) {
        int k = nbCnt[r];
        if (k == nb[r].length) { nb[r] = Arrays.copyOf(nb[r], k * 2); nbLen[r] = Arrays.copyOf(nbLen[r], k * 2); }
        nb[r][k] = other; nbLen[r][k] = len; nbCnt[r] = k + 1;
    }

    private int run() {
        int n = parent.length;
        heap = new long[n + 16];
        for (int r = 0; r < n; r++) { heap[heapSize++] = ((long) size[r] << 32) | r; queued[r] = true; }
        for (int i = heapSize / 2 - 1; i >= 0; i--) siftDown(i);
        int merges = 0, pops = 0;
        while (heapSize > 0) {
            long e = pop();
            int r = (int) e, s = (int) (e >>> 32);
            queued[r] = false;
            if (parent[r] != r || done[r] || dead[r]) continue;
            if (size[r] != s) { push(size[r], r); continue; } // grew since queued: back in line at its size
            if ((++pops & 1023) == 0) deadline.check("regions");
            if (legible(r)) { done[r] = true; continue; }
            if (compact(r) == 0) { done[r] = true; continue; } // the whole picture: nothing to merge into
            dissolve(r);
            merges++;
        }
        return merges;
    }

    /** Resolves r's neighbour list to current roots, summing border lengths; returns the entry count. */
    private int compact(int r) {
        int[] ids = nb[r], lens = nbLen[r];
        int cnt = nbCnt[r], nt = 0;
        for (int j = 0; j < cnt; j++) {
            int c = find(ids[j]);
            if (c == r || dead[c]) continue;
            if (scratch[c] == 0) touched[nt++] = c;
            scratch[c] += lens[j];
        }
        for (int j = 0; j < nt; j++) {
            int c = touched[j];
            ids[j] = c; lens[j] = scratch[c]; scratch[c] = 0;
        }
        nbCnt[r] = nt;
        return nt;
    }

    /** Hands every pixel of region r to a neighbour by seeded region growing, then updates borders and joins. */
    private void dissolve(int r) {
        int n = collectPixels(r);
        int[] px = regionPixels;
        dead[r] = true;
        growSize = 0;
        growBucket = 0;
        nextEntry = 0;
        seedId = -1; // roots may have changed since the last dissolve
        epoch++;
        for (int j = 0; j < n; j++) {
            comp[px[j]] = -1 - r; // "still r, unassigned": never a region id
            mark[px[j]] = epoch;
        }
        if (whole) {
            int best = cheapestNeighbour(r, px, n);
            for (int j = 0; j < n; j++) assign(px[j], best);
        } else
        for (int j = 0; j < n; j++) {
            int p = px[j], x = p % w;
            if (x > 0) seed(p, p - 1);
            if (x < w - 1) seed(p, p + 1);
            if (p >= w) seed(p, p - w);
            if (p + w < comp.length) seed(p, p + w);
        }
        while (growSize > 0) {
            int e = popGrow(), p = growPixel[e], q = growRegion[e];
            if (comp[p] >= 0) continue;
            int root = assign(p, q);
            int y = p / w, x = p - y * w; // one division
            if (x > 0 && comp[p - 1] < 0) offer(p - 1, root);
            if (x < w - 1 && comp[p + 1] < 0) offer(p + 1, root);
            if (y > 0 && comp[p - w] < 0) offer(p - w, root);
            if (y < h - 1 && comp[p + w] < 0) offer(p + w, root);
        }
        // borders of the grown pixels: among themselves (right/down, counted once) and with the outside
        for (int j = 0; j < n; j++) {
            int p = px[j], x = p % w;
            if (x + 1 < w) border(p, p + 1);
            if (p + w < comp.length) border(p, p + w);
            if (x > 0 && mark[p - 1] != epoch) border(p - 1, p);
            if (p >= w && mark[p - w] != epoch) border(p - w, p);
        }
        int grown = 0;
        for (int j = 0; j < n; j++) { // re-queue each grown, still illegible region once with its new size
            int root = find(comp[px[j]]);
            if (done[root] || scratch[root] != 0) continue;
            scratch[root] = 1;
            touched[grown++] = root;
        }
        for (int j = 0; j < grown; j++) {
            scratch[touched[j]] = 0;
            if (!queued[touched[j]]) push(size[touched[j]], touched[j]);
        }
    }

    private int assign(int p, int q) {
        comp[p] = q;
        int root = find(q);
        size[root]++;
        int y = p / w, x = p - y * w; // one division
        bx0[root] = Math.min(bx0[root], x); bx1[root] = Math.max(bx1[root], x);
        by0[root] = Math.min(by0[root], y); by1[root] = Math.max(by1[root], y);
        return root;
    }

    /** The live neighbour of r (after {@link #compact}) whose colour costs r's pixels least; ties: first listed. */
    private int cheapestNeighbour(int r, int[] px, int n) {
        int best = -1;
        double bestCost = Double.MAX_VALUE;
        for (int j = 0; j < nbCnt[r]; j++) {
            int c = nb[r][j];
            double cost = 0;
            for (int k = 0; k < n && cost < bestCost; k++) {
                int ci = 3 * pixelIndex[px[k]];
                cost += palette.dist2(pixelLab[ci], pixelLab[ci + 1], pixelLab[ci + 2], colour[c]);
            }
            if (cost < bestCost) { bestCost = cost; best = c; }
        }
        return best;
    }

    private int collectPixels(int r) {
        int n = 0;
        int lastId = -1;
        boolean lastIn = false;
        for (int y = by0[r]; y <= by1[r]; y++) {
            for (int x = bx0[r], i = y * w + x; x <= bx1[r]; x++, i++) {
                int id = comp[i];
                if (id != lastId) { lastId = id; lastIn = find(id) == r; }
                if (!lastIn) continue;
                if (n == regionPixels.length) regionPixels = Arrays.copyOf(regionPixels, n * 2);
                regionPixels[n++] = i;
            }
        }
        return n;
    }

    /** Pixel p (being dissolved) touches q: if q is already in a live region, p may grow from it. */
    private void seed(int p, int q) {
        int id = comp[q];
        if (id < 0) return;
        if (id != seedId) { seedId = id; seedRoot = find(id); }
        offer(p, seedRoot);
    }

    /**
     * Queues "pixel p may join region" at its colour cost. A bucket queue (half a CIELAB unit per bucket) instead
     * of a heap: growing order is by cost as in seeded region growing, at O(1) per step.
     */
    private void offer(int p, int region) {
        int ci = 3 * pixelIndex[p];
        double d2 = palette.dist2(pixelLab[ci], pixelLab[ci + 1], pixelLab[ci + 2], colour[region]);
        int bucket = Math.max(growBucket, Math.min(BUCKETS - 1, (int) (Math.sqrt(d2) * 2)));
        int e = nextEntry++;
        if (e >= growPixel.length) { growPixel = Arrays.copyOf(growPixel, e * 2); growRegion = Arrays.copyOf(growRegion, e * 2); }
        growPixel[e] = p;
        growRegion[e] = region;
        int[] q = buckets[bucket];
        int n = bucketSize[bucket];
        if (n == q.length) q = buckets[bucket] = Arrays.copyOf(q, n * 2);
        q[n] = e;
        bucketSize[bucket] = n + 1;
        growSize++;
    }

    /** Next queued entry in cost order (last in first out within a bucket). */
    private int popGrow() {
        while (bucketSize[growBucket] == 0) growBucket++;
        growSize--;
        return buckets[growBucket][--bucketSize[growBucket]];
    }

    /** Records a unit border between pixels p and q if they are in different regions; joins equal colours. */
    private void border(int p, int q) {
        int a = find(comp[p]), b = find(comp[q]);
        if (a == b) return;
        if (colour[a] == colour[b]) { union(a, b, colour[a]); return; }
        append(a, b, 1);
        append(b, a, 1);
    }

    private int union(int a, int b, int newColour) {
        if (a == b) { colour[a] = newColour; return a; }
        int root = size[a] >= size[b] ? a : b, other = root == a ? b : a;
        if (nbCnt[root] < nbCnt[other]) { // keep the longer list's array, append the shorter
            int[] ti = nb[root], tl = nbLen[root]; int tc = nbCnt[root];
            nb[root] = nb[other]; nbLen[root] = nbLen[other]; nbCnt[root] = nbCnt[other];
            nb[other] = ti; nbLen[other] = tl; nbCnt[other] = tc;
        }
        for (int j = 0; j < nbCnt[other]; j++) append(root, nb[other][j], nbLen[other][j]);
        nb[other] = null; nbLen[other] = null; nbCnt[other] = 0;
        parent[other] = root;
        size[root] += size[other];
        bx0[root] = Math.min(bx0[root], bx0[other]); by0[root] = Math.min(by0[root], by0[other]);
        bx1[root] = Math.max(bx1[root], bx1[other]); by1[root] = Math.max(by1[root], by1[other]);
        colour[root] = newColour;
        done[root] = done[root] || done[other];
        return root;
    }

    private int find(int x) {
        int root = x;
        while (parent[root] != root) root = parent[root];
        while (parent[x] != root) { int next = parent[x]; parent[x] = root; x = next; } // full path compression
        return root;
    }

    /** Big enough to paint, and some cellsW x cellsH block of pixels lies inside the region. */
    private boolean legible(int r) {
        int nw = cellsW[colour[r]], nh = cellsH;
        if (size[r] < Math.max(minPaintPx, nw * nh)) return false;
        int x0 = bx0[r], x1 = bx1[r], y0 = by0[r], y1 = by1[r];
        if (x1 - x0 + 1 < nw || y1 - y0 + 1 < nh) return false;
        Arrays.fill(colCount, x0, x1 + 1, 0);
        int lastId = -1;
        boolean lastIn = false;
        for (int y = y0; y <= y1; y++) {
            int run = 0, row = y * w;
            for (int x = x0; x <= x1; x++) {
                int id = comp[row + x];
                if (id != lastId) { lastId = id; lastIn = find(id) == r; }
                run = lastIn ? run + 1 : 0;
                if (run >= nw) {
                    if (++colCount[x] >= nh) return true;
                } else {
                    colCount[x] = 0;
                }
            }
        }
        return false;
    }

    private void push(int s, int r) {
        queued[r] = true;
        if (heapSize == heap.length) heap = Arrays.copyOf(heap, heap.length * 2);
        heap[heapSize] = ((long) s << 32) | r;
        int i = heapSize++;
        while (i > 0) {
            int p = (i - 1) / 2;
            if (heap[p] <= heap[i]) break;
            long t = heap[p]; heap[p] = heap[i]; heap[i] = t;
            i = p;
        }
    }

    private long pop() {
        long top = heap[0];
        heap[0] = heap[--heapSize];
        siftDown(0);
        return top;
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1, r = l + 1, m = i;
            if (l < heapSize && heap[l] < heap[m]) m = l;
            if (r < heapSize && heap[r] < heap[m]) m = r;
            if (m == i) return;
            long t = heap[m]; heap[m] = heap[i]; heap[i] = t;
            i = m;
        }
    }
}
