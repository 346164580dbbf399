package io.cbn.converter.regions;

import io.cbn.converter.Deadline;

import java.util.Arrays;

/**
 * 4-connected components of equal palette entry (exactly how TemplateCheck finds regions in the preview), with
 * size, palette entry and bounding box of each. Two-pass labelling over runs (maximal horizontal spans of one entry,
 * so large regions cost per run, not per pixel) with union-find on provisional labels; components are numbered in the
 * order their first pixel appears in a row-major scan.
 */
public final class Components {
    public final int count;
    public final int[] comp;
    public final int[] size;
    public final int[] colour;
    public final int[] x0, y0, x1, y1;

    private Components(int count, int[] comp, int[] size, int[] colour, int[] x0, int[] y0, int[] x1, int[] y1) {
        this.count = count; this.comp = comp; this.size = size; this.colour = colour;
        this.x0 = x0; this.y0 = y0; this.x1 = x1; this.y1 = y1;
    }

    public static Components label(byte[] labels, int w, int h, Deadline deadline) {
        int n = w * h;
        // pass 1: runs of equal entries per row; a run takes the id of the first same-entry run above it that it
        // overlaps (4-connectivity: shared columns) and is unioned with the others
        int[] runX = new int[Math.max(16, n / 4)], runEnd = new int[runX.length], runId = new int[runX.length];
        int[] rowStart = new int[h + 1];
        int[] parent = new int[Math.max(16, n / 8)];
        int runs = 0, next = 0;
        for (int y = 0; y < h; y++) {
            if ((y & 127) == 0) deadline.check("regions");
            int row = y * w, above = y > 0 ? rowStart[y - 1] : 0, aboveEnd = runs; // the previous row's runs
            rowStart[y] = runs;
            for (int x = 0; x < w; ) {
                byte c = labels[row + x];
                int end = x + 1;
                while (end < w && labels[row + end] == c) end++;
                while (above < aboveEnd && runEnd[above] <= x) above++; // runs above that end before this one
                int id = -1;
                for (int a = above; a < aboveEnd && runX[a] < end; a++) {
                    if (labels[row - w + runX[a]] != c) continue;
                    if (id < 0) id = runId[a];
                    else if (runId[a] != id) union(parent, id, runId[a]);
                }
                if (id < 0) {
                    if (next == parent.length) parent = Arrays.copyOf(parent, next * 2);
                    parent[next] = next;
                    id = next++;
                }
                if (runs == runX.length) {
                    runX = Arrays.copyOf(runX, runs * 2); runEnd = Arrays.copyOf(runEnd, runs * 2); runId = Arrays.copyOf(runId, runs * 2);
                }
                runX[runs] = x; runEnd[runs] = end; runId[runs] = id;
                runs++;
                x = end;
            }
        }
        rowStart[h] = runs;
        // pass 2: final ids in order of first appearance (row-major); sizes, colours, boxes
        int[] comp = new int[n];
        int[] finalId = new int[next];
        Arrays.fill(finalId, -1);
        int count = 0;
        int cap = 1024;
        int[] size = new int[cap], colour = new int[cap], bx0 = new int[cap], by0 = new int[cap], bx1 = new int[cap], by1 = new int[cap];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int k = rowStart[y]; k < rowStart[y + 1]; k++) {
                int p = runId[k], r = parent[p];
                if (r != p) {
                    while (parent[r] != r) r = parent[r];
                    parent[p] = r;
                }
                int x0 = runX[k], x1 = runEnd[k] - 1;
                int id = finalId[r];
                if (id < 0) {
                    id = finalId[r] = count++;
                    if (id == cap) {
                        cap *= 2;
                        size = Arrays.copyOf(size, cap); colour = Arrays.copyOf(colour, cap);
                        bx0 = Arrays.copyOf(bx0, cap); by0 = Arrays.copyOf(by0, cap);
                        bx1 = Arrays.copyOf(bx1, cap); by1 = Arrays.copyOf(by1, cap);
                    }
                    colour[id] = labels[row + x0] & 0xFF;
                    bx0[id] = x0; bx1[id] = x1; by0[id] = y; by1[id] = y;
                }
                Arrays.fill(comp, row + x0, row + x1 + 1, id);
                size[id] += x1 - x0 + 1;
                if (x0 < bx0[id]) bx0[id] = x0;
                if (x1 > bx1[id]) bx1[id] = x1;
                by1[id] = y;
            }
        }
        return new Components(count, comp, Arrays.copyOf(size, count), Arrays.copyOf(colour, count),
                Arrays.copyOf(bx0, count), Arrays.copyOf(by0, count), Arrays.copyOf(bx1, count), Arrays.copyOf(by1, count));
    }

    private static void union(int[] parent, int a, int b) {
        while (parent[a] != a) a = parent[a] = parent[parent[a]];
        while (parent[b] != b) b = parent[b] = parent[parent[b]];
        if (a < b) parent[b] = a;
        else if (b < a) parent[a] = b;
    }
}
