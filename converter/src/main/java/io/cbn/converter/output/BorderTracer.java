package io.cbn.converter.output;

import io.cbn.converter.Deadline;

/**
 * Turns the borders between regions into SVG path data: every unit edge between two pixels of different regions is
 * drawn exactly once (shared borders, so no gaps and no double lines), chained through vertices where exactly two
 * border edges meet, as "M x y" followed by relative h/v runs. The picture frame is not included (drawn as a rect).
 */
final class BorderTracer {
    private final int w, h;
    private final boolean[] hEdge; // H(x,y): between pixel (x,y-1) and (x,y), from vertex (x,y) to (x+1,y); index y*w+x
    private final boolean[] vEdge; // V(x,y): between pixel (x-1,y) and (x,y), from vertex (x,y) to (x,y+1); index y*(w+1)+x
    private final byte[] degree;   // per vertex y*(w+1)+x, original count of incident border edges

    private BorderTracer(int[] comp, int w, int h) {
        this.w = w;
        this.h = h;
        hEdge = new boolean[(h + 1) * w];
        vEdge = new boolean[h * (w + 1)];
        degree = new byte[(h + 1) * (w + 1)];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (y > 0 && comp[i] != comp[i - w]) {
                    hEdge[y * w + x] = true;
                    degree[y * (w + 1) + x]++;
                    degree[y * (w + 1) + x + 1]++;
                }
                if (x > 0 && comp[i] != comp[i - 1]) {
                    vEdge[y * (w + 1) + x] = true;
                    degree[y * (w + 1) + x]++;
                    degree[(y + 1) * (w + 1) + x]++;
                }
            }
        }
    }

    static String trace(int[] comp, int w, int h, Deadline deadline) {
        return new BorderTracer(comp, w, h).run(deadline);
    }

    private String run(Deadline deadline) {
        StringBuilder sb = new StringBuilder(w * h / 4);
        int vw = w + 1;
        for (int y = 0; y <= h; y++) {
            if ((y & 63) == 0) deadline.check("write svg");
            for (int x = 0; x <= w; x++) {
                int d = degree[y * vw + x];
                if (d == 0 || d == 2) continue;
                int dir;
                while ((dir = anyEdge(x, y)) >= 0) walk(sb, x, y, dir);
            }
        }
        for (int y = 0; y <= h; y++) { // closed loops: every vertex has degree 2
            if ((y & 63) == 0) deadline.check("write svg");
            for (int x = 0; x < w; x++) {
                if (hEdge[y * w + x]) walk(sb, x, y, 0);
            }
        }
        return sb.toString();
    }

    /** Direction of an unused edge at vertex (x,y): 0 right, 1 down, 2 left, 3 up; -1 if none. */
    private int anyEdge(int x, int y) {
        if (x < w && hEdge[y * w + x]) return 0;
        if (y < h && vEdge[y * (w + 1) + x]) return 1;
        if (x > 0 && hEdge[y * w + x - 1]) return 2;
        if (y > 0 && vEdge[(y - 1) * (w + 1) + x]) return 3;
        return -1;
    }

    private void walk(StringBuilder sb, int x, int y, int dir) {
        sb.append('M').append(x).append(' ').append(y);
        int runDir = -1, run = 0;
        while (dir >= 0) {
            switch (dir) { // consume the edge and move
                case 0 -> { hEdge[y * w + x] = false; x++; }
                case 1 -> { vEdge[y * (w + 1) + x] = false; y++; }
                case 2 -> { hEdge[y * w + x - 1] = false; x--; }
                default -> { vEdge[(y - 1) * (w + 1) + x] = false; y--; }
            }
            if (dir == runDir) run++;
            else { flush(sb, runDir, run); runDir = dir; run = 1; }
            dir = degree[y * (w + 1) + x] == 2 ? anyEdge(x, y) : -1;
        }
        flush(sb, runDir, run);
    }

    private static void flush(StringBuilder sb, int dir, int run) {
        switch (dir) {
            case 0 -> sb.append('h').append(run);
            case 1 -> sb.append('v').append(run);
            case 2 -> sb.append("h-").append(run);
            case 3 -> sb.append("v-").append(run);
            default -> { }
        }
    }
}
