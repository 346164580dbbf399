package io.cbn.converter.output;

import java.util.Arrays;

/**
 * The curve maths of one border chain ({@link Outlines}; docs/design.md "One geometry"): Gaussian smoothing along the
 * chain, Douglas-Peucker simplification, cubic Béziers with Catmull-Rom tangents. Plain functions of point arrays.
 */
final class ChainCurves {
    /** Cosine of the turn beyond which a point is a corner (zero tangents): about 70 degrees. */
    private static final double CORNER_COS = 0.35;

    private ChainCurves() { }

    /**
     * Smooths the points 0..n-1 along the chain with a Gaussian of {@code sigma} points (about pixels); an open
     * chain's window shrinks towards its ends, so the end points stay where they are.
     */
    static void gaussian(double[] x, double[] y, int n, boolean ring, double sigma) {
        int half = (int) Math.ceil(3 * sigma);
        double[] wt = new double[half + 1];
        for (int j = 0; j <= half; j++) wt[j] = Math.exp(-j * j / (2 * sigma * sigma));
        double[] sx = new double[n], sy = new double[n];
        for (int i = 0; i < n; i++) {
            int hw = ring ? Math.min(half, n / 2 - 1) : Math.min(half, Math.min(i, n - 1 - i));
            double ax = 0, ay = 0, aw = 0;
            for (int j = -hw; j <= hw; j++) {
                int q = i + j;
                if (ring) q = ((q % n) + n) % n;
                double wj = wt[Math.abs(j)];
                ax += wj * x[q]; ay += wj * y[q]; aw += wj;
            }
            sx[i] = ax / aw; sy[i] = ay / aw;
        }
        System.arraycopy(sx, 0, x, 0, n);
        System.arraycopy(sy, 0, y, 0, n);
    }

    /** A ring's vertices (first == last) restarted at a corner, so its first straight run is whole. */
    static int[] rotateToCorner(int[] v, int vw) {
        int n = v.length - 1; // distinct vertices
        for (int i = 0; i < n; i++) {
            int prev = v[(i - 1 + n) % n], next = v[(i + 1) % n];
            if (v[i] - prev != next - v[i]) {
                if (i == 0) return v;
                int[] r = new int[n + 1];
                for (int j = 0; j <= n; j++) r[j] = v[(i + j) % n];
                return r;
            }
        }
        return v;
    }

    /** Marks in {@code keep} the points of a..b that Douglas-Peucker keeps within {@code tolerance} (pixels). */
    static void douglasPeucker(double[] x, double[] y, int a, int b, boolean[] keep, double tolerance) {
        keep[a] = keep[b] = true;
        int[] stack = new int[64];
        int sp = 0;
        stack[sp++] = a; stack[sp++] = b;
        double tol2 = tolerance * tolerance;
        while (sp > 0) {
            int e = stack[--sp], s = stack[--sp];
            if (e - s < 2) continue;
            double dx = x[e] - x[s], dy = y[e] - y[s], len2 = dx * dx + dy * dy;
            double best = -1;
            int at = -1;
            for (int i = s + 1; i < e; i++) {
                double ex = x[i] - x[s], ey = y[i] - y[s], d2;
                if (len2 == 0) d2 = ex * ex + ey * ey;
                else { double cr = ex * dy - ey * dx; d2 = cr * cr / len2; }
                if (d2 > best) { best = d2; at = i; }
            }
            if (best > tol2 || (len2 == 0 && at >= 0)) {
                keep[at] = true;
                if (sp + 4 > stack.length) stack = Arrays.copyOf(stack, stack.length * 2);
                stack[sp++] = s; stack[sp++] = at; stack[sp++] = at; stack[sp++] = e;
            }
        }
    }

    /** Cubic Béziers through the points with Catmull-Rom tangents; sharp turns are corners (zero tangents). */
    static double[] catmullRom(double[] x, double[] y, boolean closed) {
        int n = x.length; // closed: last == first
        double[] tx = new double[n], ty = new double[n];
        for (int i = 0; i < n; i++) {
            int pi, ni;
            if (closed) { pi = i == 0 ? n - 2 : i - 1; ni = i == n - 1 ? 1 : i + 1; }
            else { pi = Math.max(0, i - 1); ni = Math.min(n - 1, i + 1); }
            if (!closed && (i == 0 || i == n - 1)) { // end points: towards the neighbour, half strength
                tx[i] = (x[ni] - x[pi]) / 2; ty[i] = (y[ni] - y[pi]) / 2;
                continue;
            }
            double ax = x[i] - x[pi], ay = y[i] - y[pi], bx = x[ni] - x[i], by = y[ni] - y[i];
            double la = Math.hypot(ax, ay), lb = Math.hypot(bx, by);
            if (la == 0 || lb == 0 || (ax * bx + ay * by) / (la * lb) < CORNER_COS) { tx[i] = 0; ty[i] = 0; continue; }
            // tangent along the chord of the neighbours, scaled to the shorter side so curves do not overshoot
            double cx = x[ni] - x[pi], cy = y[ni] - y[pi], lc = Math.hypot(cx, cy);
            double s = Math.min(la, lb) / lc;
            tx[i] = cx * s; ty[i] = cy * s;
        }
        if (closed) { tx[n - 1] = tx[0]; ty[n - 1] = ty[0]; }
        double[] g = new double[2 + 6 * (n - 1)];
        g[0] = x[0]; g[1] = y[0];
        int k = 2;
        for (int i = 0; i + 1 < n; i++) {
            g[k++] = x[i] + tx[i] / 3; g[k++] = y[i] + ty[i] / 3;
            g[k++] = x[i + 1] - tx[i + 1] / 3; g[k++] = y[i + 1] - ty[i + 1] / 3;
            g[k++] = x[i + 1]; g[k++] = y[i + 1];
        }
        return g;
    }
}
