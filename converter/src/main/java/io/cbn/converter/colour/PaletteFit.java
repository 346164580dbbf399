package io.cbn.converter.colour;

/**
 * Re-fits each palette colour to the mean CIELAB of the source pixels it finally covers (after merging, a colour
 * paints pixels it was not chosen for), drops unused entries and renumbers by lightness, rewriting the labels.
 */
public final class PaletteFit {
    private PaletteFit() { }

    public static Palette refit(byte[] labels, ColourTable table, int k) {
        double[] sum = new double[k * 3];
        long[] cnt = new long[k];
        float[] lab = table.lab;
        int[] pi = table.pixelIndex;
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i] & 0xFF, ci = 3 * pi[i];
            cnt[c]++;
            sum[3 * c] += lab[ci]; sum[3 * c + 1] += lab[ci + 1]; sum[3 * c + 2] += lab[ci + 2];
        }
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
        for (int i = 0; i < labels.length; i++) labels[i] = (byte) remap[labels[i] & 0xFF];
        return new Palette(sorted);
    }
}
