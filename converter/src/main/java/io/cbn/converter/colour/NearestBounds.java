package io.cbn.converter.colour;

import java.util.Arrays;

/**
 * Hamerly's bounds for passes of "each point to its nearest centre" while the centres move a little between passes
 * (k-means; docs/design.md "Speed"): per point an upper bound on the distance to its centre and a lower bound on the
 * distance to any other, per centre half the gap to the nearest other centre. A point whose bounds prove its centre
 * strictly nearest (by more than {@value #SLACK}, far above the rounding) keeps it without a scan; any other is scanned
 * exactly as {@link Quantizer#nearest} scans, so every answer is that function's, bit for bit (LloydBoundsTest).
 */
final class NearestBounds {
    /** Margin (CIELAB units) by which the bounds must separate: far above the rounding of a few hundred additions. */
    static final double SLACK = 1e-6;

    private final float[] pts;
    private final int k;
    private final int[] as;
    private final double[] up, low, moved, half;
    private double maxMoved;
    private boolean first = true;

    NearestBounds(float[] pts, int m, int k) {
        this.pts = pts; this.k = k;
        as = new int[m]; up = new double[m]; low = new double[m];
        moved = new double[k]; half = new double[k];
    }

    /** Call before each pass over the points, with the centres of that pass. */
    void startPass(double[] c) {
        if (first) return;
        maxMoved = 0;
        for (double v : moved) maxMoved = Math.max(maxMoved, v);
        Arrays.fill(half, Double.MAX_VALUE);
        for (int a = 0; a < k; a++)
            for (int b = a + 1; b < k; b++) {
                double dl = c[3 * a] - c[3 * b], da = c[3 * a + 1] - c[3 * b + 1], db = c[3 * a + 2] - c[3 * b + 2];
                double d = Math.sqrt(dl * dl + da * da + db * db) / 2;
                half[a] = Math.min(half[a], d);
                half[b] = Math.min(half[b], d);
            }
        for (int a = 0; a < k; a++) if (half[a] == Double.MAX_VALUE) half[a] = 0;
    }

    /** The nearest centre of point i (the first of equals), as {@link Quantizer#nearest} gives it. */
    int nearest(int i, double[] c) {
        if (first) return scan(i, c);
        int b = as[i];
        up[i] += moved[b];
        low[i] -= maxMoved;
        double bound = Math.max(low[i], half[b]) - SLACK;
        if (up[i] < bound) return b;
        double dl = pts[3 * i] - c[3 * b], da = pts[3 * i + 1] - c[3 * b + 1], db = pts[3 * i + 2] - c[3 * b + 2];
        up[i] = Math.sqrt(dl * dl + da * da + db * db);
        return up[i] < bound ? b : scan(i, c);
    }

    /** The centre point i was last given (before the first pass: 0). */
    int assigned(int i) { return as[i]; }

    /** Call after the centres moved from {@code before} to {@code after}, once per pass. */
    void centresMoved(double[] before, double[] after) {
        for (int j = 0; j < k; j++) {
            double dl = after[3 * j] - before[3 * j], da = after[3 * j + 1] - before[3 * j + 1], db = after[3 * j + 2] - before[3 * j + 2];
            moved[j] = Math.sqrt(dl * dl + da * da + db * db);
        }
        first = false;
    }

    /** The full scan: nearest (first of equals) and second nearest, both exact. */
    private int scan(int i, double[] c) {
        double l = pts[3 * i], a = pts[3 * i + 1], b = pts[3 * i + 2];
        int best = 0;
        double bd = Double.MAX_VALUE, second = Double.MAX_VALUE;
        for (int j = 0; j < k; j++) {
            double dl = l - c[3 * j], da = a - c[3 * j + 1], db = b - c[3 * j + 2];
            double d = dl * dl + da * da + db * db;
            if (d < bd) { second = bd; bd = d; best = j; }
            else if (d < second) second = d;
        }
        as[i] = best;
        up[i] = Math.sqrt(bd);
        low[i] = Math.sqrt(second);
        return best;
    }
}
