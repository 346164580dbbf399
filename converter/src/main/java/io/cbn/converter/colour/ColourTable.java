package io.cbn.converter.colour;

import io.cbn.converter.Deadline;

/**
 * The distinct colours of an image (open-addressing hash on packed RGB), with per-colour pixel counts and CIELAB,
 * and each pixel's index into them. Colour work (Lab, nearest centre, colour error) is done once per distinct colour.
 */
public final class ColourTable {
    public final int size;
    public final int[] rgb;
    public final int[] count;
    /** CIELAB, 3 floats per distinct colour. */
    public final float[] lab;
    /** Per pixel: index of its colour. */
    public final int[] pixelIndex;

    private ColourTable(int size, int[] rgb, int[] count, float[] lab, int[] pixelIndex) {
        this.size = size; this.rgb = rgb; this.count = count; this.lab = lab; this.pixelIndex = pixelIndex;
    }

    public static ColourTable build(int[] px, Deadline deadline) {
        int cap = 1 << 16;
        int[] keys = new int[cap], vals = new int[cap];
        int[] rgb = new int[4096], count = new int[4096];
        int n = 0;
        int[] index = new int[px.length];
        for (int i = 0; i < px.length; i++) {
            if ((i & 0xFFFFF) == 0) deadline.check("colour table");
            int key = (px[i] & 0xFFFFFF) + 1;
            int mask = cap - 1, slot = mix(key) & mask;
            while (true) {
                int k = keys[slot];
                if (k == key) { int v = vals[slot]; count[v]++; index[i] = v; break; }
                if (k == 0) {
                    if (n == rgb.length) { rgb = java.util.Arrays.copyOf(rgb, n * 2); count = java.util.Arrays.copyOf(count, n * 2); }
                    keys[slot] = key; vals[slot] = n; rgb[n] = key - 1; count[n] = 1; index[i] = n; n++;
                    if (n * 2 > cap) {
                        cap <<= 1;
                        int[] nk = new int[cap], nv = new int[cap];
                        for (int j = 0; j < keys.length; j++) {
                            if (keys[j] == 0) continue;
                            int s = mix(keys[j]) & (cap - 1);
                            while (nk[s] != 0) s = (s + 1) & (cap - 1);
                            nk[s] = keys[j]; nv[s] = vals[j];
                        }
                        keys = nk; vals = nv;
                    }
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        float[] lab = new float[n * 3];
        double[] tmp = new double[3];
        for (int c = 0; c < n; c++) {
            ColourMath.lab(rgb[c], tmp, 0);
            lab[3 * c] = (float) tmp[0]; lab[3 * c + 1] = (float) tmp[1]; lab[3 * c + 2] = (float) tmp[2];
        }
        return new ColourTable(n, java.util.Arrays.copyOf(rgb, n), java.util.Arrays.copyOf(count, n), lab, index);
    }

    private static int mix(int k) {
        int h = k * 0x9E3779B1;
        return h ^ (h >>> 15);
    }
}
