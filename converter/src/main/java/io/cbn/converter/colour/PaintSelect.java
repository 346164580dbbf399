package io.cbn.converter.colour;

import io.cbn.converter.Deadline;

import java.util.Arrays;

/**
 * Restricting a template to real paints (issue 11 item 5): picks the N paints of a set that serve the picture best,
 * by the mean CIEDE2000 from a strided pixel sample to its nearest chosen paint (greedy, then swap passes), and keeps
 * the palette to the paints the regions finally use. Paints are never re-fitted: the colour printed in the legend is
 * the tube's colour.
 */
public final class PaintSelect {
    private static final int SAMPLE = 4000, SWAP_ROUNDS = 2;

    private PaintSelect() { }

    /** The best {@code n} paints of {@code set} for this picture, in the set's number order. */
    public static Palette choose(ColourTable t, PaintSet set, int n, Deadline deadline) {
        int p = set.size();
        n = Math.min(n, p);
        int total = t.pixelIndex.length, step = Math.max(1, total / SAMPLE);
        int m = (total + step - 1) / step;
        double[] paintLab = new double[3 * p];
        for (int j = 0; j < p; j++) ColourMath.lab(set.paints().get(j).rgb(), paintLab, 3 * j);
        float[] d = new float[p * m]; // d[j*m+s]: CIEDE2000 from sample s to paint j
        for (int s = 0, i = 0; s < m; s++, i += step) {
            if ((s & 1023) == 0) deadline.check("paints");
            int ci = 3 * t.pixelIndex[i];
            double l = t.lab[ci], a = t.lab[ci + 1], b = t.lab[ci + 2];
            for (int j = 0; j < p; j++)
                d[j * m + s] = (float) ColourMath.ciede2000(l, a, b, paintLab[3 * j], paintLab[3 * j + 1], paintLab[3 * j + 2]);
        }
        boolean[] chosen = new boolean[p];
        float[] best = new float[m];
        Arrays.fill(best, Float.MAX_VALUE);
        for (int k = 0; k < n; k++) { // greedy: the paint that lowers the total error most
            int pick = -1;
            double pickCost = Double.MAX_VALUE;
            for (int j = 0; j < p; j++) {
                if (chosen[j]) continue;
                double c = 0;
                for (int s = 0, o = j * m; s < m; s++) c += Math.min(best[s], d[o + s]);
                if (c < pickCost) { pickCost = c; pick = j; }
            }
            chosen[pick] = true;
            for (int s = 0, o = pick * m; s < m; s++) best[s] = Math.min(best[s], d[o + s]);
        }
        for (int round = 0; round < SWAP_ROUNDS && n < p; round++) { // swap a chosen paint for a better unchosen one
            deadline.check("paints");
            boolean improved = false;
            for (int out = 0; out < p; out++) {
                if (!chosen[out]) continue;
                chosen[out] = false;
                float[] without = nearest(d, chosen, m, p);
                int pick = out;
                double pickCost = cost(without, d, out, m);
                for (int j = 0; j < p; j++) {
                    if (chosen[j] || j == out) continue;
                    double c = cost(without, d, j, m);
                    if (c < pickCost - 1e-6) { pickCost = c; pick = j; }
                }
                chosen[pick] = true;
                improved |= pick != out;
            }
            if (!improved) break;
        }
        Integer[] order = new Integer[n];
        for (int j = 0, q = 0; j < p; j++) if (chosen[j]) order[q++] = j;
        Arrays.sort(order, (x, y) -> Integer.compare(set.paints().get(x).number(), set.paints().get(y).number()));
        int[] rgb = new int[n], num = new int[n];
        String[] names = new String[n];
        for (int q = 0; q < n; q++) {
            PaintSet.Paint pt = set.paints().get(order[q]);
            rgb[q] = pt.rgb(); num[q] = pt.number(); names[q] = pt.name();
        }
        return Palette.ofPaints(rgb, num, names);
    }

    private static float[] nearest(float[] d, boolean[] chosen, int m, int p) {
        float[] b = new float[m];
        Arrays.fill(b, Float.MAX_VALUE);
        for (int j = 0; j < p; j++) if (chosen[j]) for (int s = 0, o = j * m; s < m; s++) b[s] = Math.min(b[s], d[o + s]);
        return b;
    }

    private static double cost(float[] base, float[] d, int j, int m) {
        double c = 0;
        for (int s = 0, o = j * m; s < m; s++) c += Math.min(base[s], d[o + s]);
        return c;
    }

    /** Drops the paints no pixel uses (keeping number order) and rewrites the labels to the new indices. */
    public static Palette compact(byte[] labels, Palette paints) {
        int k = paints.size();
        long[] cnt = new long[k];
        for (byte b : labels) cnt[b & 0xFF]++;
        int[] remap = new int[k], keep = new int[k];
        int used = 0;
        for (int c = 0; c < k; c++) if (cnt[c] > 0) { remap[c] = used; keep[used++] = c; }
        if (used == k) return paints;
        for (int i = 0; i < labels.length; i++) labels[i] = (byte) remap[labels[i] & 0xFF];
        return paints.paints(Arrays.copyOf(keep, used));
    }

    /**
     * Per entry, the CIEDE2000 between the colour the photo wanted there (the mean CIELAB of the source pixels the
     * entry paints, what a fitted palette would print) and the colour printed (the paint, or the fitted colour's sRGB).
     */
    public static double[] wantedDe00(byte[] labels, ColourTable t, Palette palette) {
        int k = palette.size();
        double[] sum = new double[3 * k];
        long[] cnt = new long[k];
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i] & 0xFF, ci = 3 * t.pixelIndex[i];
            cnt[c]++;
            sum[3 * c] += t.lab[ci]; sum[3 * c + 1] += t.lab[ci + 1]; sum[3 * c + 2] += t.lab[ci + 2];
        }
        double[] de = new double[k];
        for (int c = 0; c < k; c++)
            if (cnt[c] > 0) de[c] = palette.de00(sum[3 * c] / cnt[c], sum[3 * c + 1] / cnt[c], sum[3 * c + 2] / cnt[c], c);
        return de;
    }
}
