package io.cbn.converter.regions;

import io.cbn.converter.Deadline;
import io.cbn.converter.colour.ColourTable;
import io.cbn.converter.colour.Palette;

import java.util.Arrays;

/**
 * Merges every region that is too small to paint or can not hold a legible number into a neighbour, smallest
 * first, until every region is legible. The target is the neighbour of least colour cost: the CIELAB distance from
 * the mean colour of the region's source pixels to the neighbour's palette colour, weighted towards the longest
 * shared border. A merged region takes the neighbour's colour; any other neighbour of that same colour touching it
 * joins too (in the final picture they are one 4-connected region). Union-find over regions; neighbour lists are
 * concatenated on merge and compacted lazily.
 */
public final class RegionMerger {
    private static final System.Logger LOG = System.getLogger(RegionMerger.class.getName());

    private final int w;
    private final int[] comp;
    private final Palette palette;
    private final Deadline deadline;
    private final int minPaintPx;
    private final int[] cellsW;
    private final int cellsH;

    private final int[] parent, size, colour, bx0, by0, bx1, by1;
    private final double[] sumL, sumA, sumB;
    private final boolean[] done;
    private final int[][] nb, nbLen;
    private final int[] nbCnt;
    private final int[] scratch, touched, colCount;
    private long[] heap;
    private int heapSize;

    private RegionMerger(byte[] labels, int w, int h, Components c, ColourTable table, Palette palette,
                         LabelGeometry geo, int minRegionPx, Deadline deadline) {
        this.w = w;
        this.comp = c.comp;
        this.palette = palette;
        this.deadline = deadline;
        int n = c.count;
        parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        size = c.size.clone(); colour = c.colour.clone();
        bx0 = c.x0.clone(); by0 = c.y0.clone(); bx1 = c.x1.clone(); by1 = c.y1.clone();
        sumL = new double[n]; sumA = new double[n]; sumB = new double[n];
        float[] lab = table.lab;
        int[] pi = table.pixelIndex;
        for (int i = 0; i < comp.length; i++) {
            int r = comp[i], ci = 3 * pi[i];
            sumL[r] += lab[ci]; sumA[r] += lab[ci + 1]; sumB[r] += lab[ci + 2];
        }
        done = new boolean[n];
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
        for (int r = 0; r < n; r++) heap[heapSize++] = ((long) size[r] << 32) | r;
        for (int i = heapSize / 2 - 1; i >= 0; i--) siftDown(i);
        int merges = 0, pops = 0;
        while (heapSize > 0) {
            long e = pop();
            int r = (int) e, s = (int) (e >>> 32);
            if (parent[r] != r || done[r]) continue;
            if (size[r] != s) { push(size[r], r); continue; }
            if ((++pops & 1023) == 0) deadline.check("regions");
            if (legible(r)) { done[r] = true; continue; }
            int k = compact(r);
            if (k == 0) { done[r] = true; continue; }
            int t = target(r, k);
            int[] sameColour = new int[k];
            int same = 0;
            for (int j = 0; j < k; j++) {
                int c = nb[r][j];
                if (c != t && colour[c] == colour[t]) sameColour[same++] = c;
            }
            int root = union(r, t, colour[t]);
            for (int j = 0; j < same; j++) root = union(root, find(sameColour[j]), colour[root]);
            merges++;
            if (!done[root]) push(size[root], root);
        }
        return merges;
    }

    /** Least colour cost neighbour: distance from the region's mean colour, scaled by 2 - share of border. */
    private int target(int r, int k) {
        double ml = sumL[r] / size[r], ma = sumA[r] / size[r], mb = sumB[r] / size[r];
        long total = 0;
        for (int j = 0; j < k; j++) total += nbLen[r][j];
        int best = -1;
        double bestCost = Double.MAX_VALUE;
        for (int j = 0; j < k; j++) {
            int c = nb[r][j];
            double share = (double) nbLen[r][j] / total;
            double cost = Math.sqrt(palette.dist2(ml, ma, mb, colour[c])) * (2 - share);
            if (cost < bestCost || (cost == bestCost && c < best)) { bestCost = cost; best = c; }
        }
        return best;
    }

    /** Resolves r's neighbour list to current roots, summing border lengths; returns the entry count. */
    private int compact(int r) {
        int[] ids = nb[r], lens = nbLen[r];
        int cnt = nbCnt[r], nt = 0;
        for (int j = 0; j < cnt; j++) {
            int c = find(ids[j]);
            if (c == r) continue;
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
        sumL[root] += sumL[other]; sumA[root] += sumA[other]; sumB[root] += sumB[other];
        bx0[root] = Math.min(bx0[root], bx0[other]); by0[root] = Math.min(by0[root], by0[other]);
        bx1[root] = Math.max(bx1[root], bx1[other]); by1[root] = Math.max(by1[root], by1[other]);
        colour[root] = newColour;
        done[root] = done[root] || done[other];
        return root;
    }

    private int find(int x) {
        while (parent[x] != x) { parent[x] = parent[parent[x]]; x = parent[x]; }
        return x;
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
