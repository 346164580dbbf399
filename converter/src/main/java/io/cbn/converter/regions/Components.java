package io.cbn.converter.regions;

import io.cbn.converter.Deadline;

/**
 * 4-connected components of equal palette entry (exactly how TemplateCheck finds regions in the preview), with
 * size, palette entry and bounding box of each.
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
        java.util.Arrays.fill(comp, -1);
        int[] stack = new int[Math.max(16, n / 4)];
        int cap = 1024, count = 0;
        int[] size = new int[cap], colour = new int[cap], bx0 = new int[cap], by0 = new int[cap], bx1 = new int[cap], by1 = new int[cap];
        for (int s = 0; s < n; s++) {
            if (comp[s] >= 0) continue;
            if ((count & 1023) == 0) deadline.check("regions");
            if (count == cap) {
                cap *= 2;
                size = java.util.Arrays.copyOf(size, cap); colour = java.util.Arrays.copyOf(colour, cap);
                bx0 = java.util.Arrays.copyOf(bx0, cap); by0 = java.util.Arrays.copyOf(by0, cap);
                bx1 = java.util.Arrays.copyOf(bx1, cap); by1 = java.util.Arrays.copyOf(by1, cap);
            }
            byte c = labels[s];
            int id = count++;
            int top = 0, sz = 0, minX = w, minY = h, maxX = -1, maxY = -1;
            stack[top++] = s;
            comp[s] = id;
            while (top > 0) {
                int i = stack[--top], x = i % w, y = i / w;
                sz++;
                if (x < minX) minX = x;
                if (x > maxX) maxX = x;
                if (y < minY) minY = y;
                if (y > maxY) maxY = y;
                if (top + 4 > stack.length) stack = java.util.Arrays.copyOf(stack, stack.length * 2);
                if (x > 0 && comp[i - 1] < 0 && labels[i - 1] == c) { comp[i - 1] = id; stack[top++] = i - 1; }
                if (x < w - 1 && comp[i + 1] < 0 && labels[i + 1] == c) { comp[i + 1] = id; stack[top++] = i + 1; }
                if (y > 0 && comp[i - w] < 0 && labels[i - w] == c) { comp[i - w] = id; stack[top++] = i - w; }
                if (y < h - 1 && comp[i + w] < 0 && labels[i + w] == c) { comp[i + w] = id; stack[top++] = i + w; }
            }
            size[id] = sz; colour[id] = c & 0xFF; bx0[id] = minX; by0[id] = minY; bx1[id] = maxX; by1[id] = maxY;
        }
        return new Components(count, comp, java.util.Arrays.copyOf(size, count), java.util.Arrays.copyOf(colour, count),
                java.util.Arrays.copyOf(bx0, count), java.util.Arrays.copyOf(by0, count),
                java.util.Arrays.copyOf(bx1, count), java.util.Arrays.copyOf(by1, count));
    }
}
