package io.cbn.converter.colour;

/**
 * Re-fits each palette colour to the source pixels it finally covers (after merging, a colour paints pixels it was
 * not chosen for): their mean CIELAB, optionally tuned further for the least mean CIEDE2000. Drops unused entries and
 * renumbers by lightness, rewriting the labels.
 */
public final class PaletteFit {
    private PaletteFit() { }

    public static Palette refit(byte[] labels, ColourTable table, int k) { return refit(labels, table, k, false); }

    /**
     * @param tune also move each colour from the mean (best for squared CIELAB error) towards the colour with the
     *             least mean CIEDE2000 to the pixels it covers (the reported error), by pattern search on a sample
     */
    public static Palette refit(byte[] labels, ColourTable table, int k, boolean tune) {
        double[] sum = new double[k * 3];
        long[] cnt = new long[k];
        float[] lab = table.lab;
        int[] pi = table.pixelIndex;
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i] & 0xFF, ci = 3 * pi[i];
            cnt[c]++;
            sum[3 * c] += lab[ci]; sum[3 * c + 1] += lab[ci + 1]; sum[3 * c + 2] += lab[ci + 2];
        }
        if (tune) tuneForCiede2000(labels, table, k, sum, cnt);
        int used = 0;
        for (long c : cnt) if (c > 0) used++;
        double[] means = new double[used * 3];
        int[] oldOf = new int[used];
        for (int c = 0, j = 0; c < k; c++) {
            if (cnt[c] == 0) continue;
            for (int q = 0; q < 3; q++) means[3 * j + q] = sum[3 * c + q] / cnt[c];
            oldOf[j++] = c;
        }
        double[] sorted = Quantizer.sortByLightness(means);
        int[] remap = new int[k];
        for (int j = 0; j < used; j++) {
            for (int s = 0; s < used; s++) {
                if (sorted[3 * s] == means[3 * j] && sorted[3 * s + 1] == means[3 * j + 1] && sorted[3 * s + 2] == means[3 * j + 2]) {
                    remap[oldOf[j]] = s;
                    break;
                }
            }
        }
        boolean same = true; // every used entry keeps its number (the usual case): the labels stay as they are
        for (int c = 0; c < k; c++) same &= cnt[c] == 0 || remap[c] == c;
        if (!same) for (int i = 0; i < labels.length; i++) labels[i] = (byte) remap[labels[i] & 0xFF];
        return new Palette(sorted);
    }

    private static final int SAMPLES_PER_COLOUR = 400;

    /** Replaces sum[c]/cnt[c] (the mean) by a pattern-search optimum of mean CIEDE2000 over a strided pixel sample. */
    private static void tuneForCiede2000(byte[] labels, ColourTable t, int k, double[] sum, long[] cnt) {
        int[][] samples = new int[k][];
        int[] n = new int[k];
        for (int c = 0; c < k; c++) samples[c] = new int[cnt[c] == 0 ? 0 : (int) Math.min(SAMPLES_PER_COLOUR, cnt[c])];
        long[] seen = new long[k];
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i] & 0xFF;
            // stride per colour: keep every (cnt/SAMPLES)-th pixel of this colour
            long s = seen[c]++;
            if (n[c] < samples[c].length && s * samples[c].length / cnt[c] >= n[c]) samples[c][n[c]++] = t.pixelIndex[i];
        }
        for (int c = 0; c < k; c++) {
            if (cnt[c] == 0) continue;
            double[] x = {sum[3 * c] / cnt[c], sum[3 * c + 1] / cnt[c], sum[3 * c + 2] / cnt[c]};
            double best = meanDe(t, samples[c], n[c], x);
            int lastQ = -1, lastDir = 0; // the last accepted move, while nothing has moved since
            for (double step = 2.0; step >= 0.25; step /= 2) {
                boolean improved = true;
                lastQ = -1;
                for (int round = 0; improved && round < 4; round++) {
                    improved = false;
                    for (int q = 0; q < 3; q++) {
                        for (int dir = -1; dir <= 1; dir += 2) {
                            x[q] += dir * step;
                            // undoing the last accepted move returns to the point it left, worse by more than 1e-9
                            // (up to rounding in the last bit of x[q], which moves the mean by ~1e-14): rejected
                            // without evaluating, the same arithmetic on x as the evaluated rejection
                            if (q == lastQ && dir == -lastDir) { x[q] -= dir * step; continue; }
                            double e = meanDe(t, samples[c], n[c], x);
                            if (e < best - 1e-9) { best = e; improved = true; lastQ = q; lastDir = dir; }
                            else x[q] -= dir * step;
                        }
                    }
                }
            }
            for (int q = 0; q < 3; q++) sum[3 * c + q] = x[q] * cnt[c];
        }
    }

    private static double meanDe(ColourTable t, int[] idx, int n, double[] x) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            int ci = 3 * idx[j];
            s += ColourMath.ciede2000(t.lab[ci], t.lab[ci + 1], t.lab[ci + 2], x[0], x[1], x[2]);
        }
        return s / Math.max(1, n);
    }
}
