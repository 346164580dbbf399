package io.cbn.converter.regions;

import io.cbn.converter.Deadline;

import java.util.Arrays;

/**
 * 4-connected components of equal palette entry (exactly how TemplateCheck finds regions in the preview), with
 * size, palette entry and bounding box of each. Two-pass scanline labelling with union-find on provisional labels;
 * components are numbered in the order their first pixel appears in a row-major scan.
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
        int[] comp = new int[n];
        int[] parent = new int[Math.max(16, n / 8)];
        int next = 0;
        for (int y = 0; y < h; y++) {
            if ((y & 127) == 0) deadline.check("regions");
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int i = row + x;
                byte c = labels[i];
                boolean left = x > 0 && labels[i - 1] == c, up = y > 0 && labels[i - w] == c;
                if (left) {
                    int l = comp[i - 1];
                    comp[i] = l;
                    if (up) {
                        int u = comp[i - w];
                        if (u != l) union(parent, l, u);
                    }
                } else if (up) {
                    comp[i] = comp[i - w];
                } else {
                    if (next == parent.length) parent = Arrays.copyOf(parent, next * 2);
                    parent[next] = next;
                    comp[i] = next++;
                }
            }
        }
        // final ids in order of first appearance; sizes, colours, boxes
        int[] finalId = new int[next];
        Arrays.fill(finalId, -1);
        int count = 0;
        int cap = 1024;
        int[] size = new int[cap], colour = new int[cap], bx0 = new int[cap], by0 = new int[cap], bx1 = new int[cap], by1 = new int[cap];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int i = row + x, p = comp[i];
                int r = parent[p];
                if (r != p) {
                    while (parent[r] != r) r = parent[r];
                    parent[p] = r;
                }
                int id = finalId[r];
                if (id < 0) {
                    id = finalId[r] = count++;
                    if (id == cap) {
                        cap *= 2;
                        size = Arrays.copyOf(size, cap); colour = Arrays.copyOf(colour, cap);
                        bx0 = Arrays.copyOf(bx0, cap); by0 = Arrays.copyOf(by0, cap);
                        bx1 = Arrays.copyOf(bx1, cap); by1 = Arrays.copyOf(by1, cap);
                    }
                    colour[id] = labels[i] & 0xFF;
                    bx0[id] = x; bx1[id] = x; by0[id] = y; by1[id] = y;
                }
                comp[i] = id;
                size[id]++;
                if (x < bx0[id]) bx0[id] = x;
                if (x > bx1[id]) bx1[id] = x;
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
