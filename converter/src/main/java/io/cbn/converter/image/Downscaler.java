package io.cbn.converter.image;

import io.cbn.converter.Deadline;

/**
 * Area-average (box filter with fractional coverage) resampling of packed RGB pixels, separable: rows first, then
 * columns, in float. Used after a subsampled decode to reach the exact working size without aliasing.
 */
public final class Downscaler {
    private Downscaler() { }

    public static int[] areaAverage(int[] src, int sw, int sh, int tw, int th, Deadline deadline) {
        if (sw == tw && sh == th) return src;
        Taps hx = Taps.of(sw, tw), hy = Taps.of(sh, th);
        float[] mid = new float[tw * sh * 3];
        for (int y = 0; y < sh; y++) {
            if ((y & 63) == 0) deadline.check("resample");
            int row = y * sw, out = y * tw * 3;
            for (int x = 0; x < tw; x++) {
                float r = 0, g = 0, b = 0;
                int s0 = hx.start[x], n = hx.count[x], wo = hx.offset[x];
                for (int k = 0; k < n; k++) {
                    int p = src[row + s0 + k];
                    float wgt = hx.weight[wo + k];
                    r += ((p >> 16) & 255) * wgt;
                    g += ((p >> 8) & 255) * wgt;
                    b += (p & 255) * wgt;
                }
                mid[out++] = r; mid[out++] = g; mid[out++] = b;
            }
        }
        int[] dst = new int[tw * th];
        float[] acc = new float[tw * 3];
        for (int y = 0; y < th; y++) {
            if ((y & 63) == 0) deadline.check("resample");
            java.util.Arrays.fill(acc, 0f);
            int s0 = hy.start[y], n = hy.count[y], wo = hy.offset[y];
            for (int k = 0; k < n; k++) {
                float wgt = hy.weight[wo + k];
                int base = (s0 + k) * tw * 3;
                for (int i = 0; i < tw * 3; i++) acc[i] += mid[base + i] * wgt;
            }
            int o = y * tw;
            for (int x = 0, i = 0; x < tw; x++, i += 3) {
                int r = clamp(acc[i]), g = clamp(acc[i + 1]), b = clamp(acc[i + 2]);
                dst[o + x] = (r << 16) | (g << 8) | b;
            }
        }
        return dst;
    }

    private static int clamp(float v) {
        int i = (int) (v + 0.5f);
        return i < 0 ? 0 : Math.min(i, 255);
    }

    /** Per output index: first source index, tap count and normalised weights (flattened). */
    private static final class Taps {
        final int[] start, count, offset;
        final float[] weight;

        private Taps(int[] start, int[] count, int[] offset, float[] weight) {
            this.start = start; this.count = count; this.offset = offset; this.weight = weight;
        }

        static Taps of(int srcLen, int dstLen) {
            double scale = (double) srcLen / dstLen;
            int[] start = new int[dstLen], count = new int[dstLen], offset = new int[dstLen];
            int maxTaps = (int) Math.ceil(scale) + 2;
            float[] w = new float[dstLen * maxTaps];
            int used = 0;
            for (int i = 0; i < dstLen; i++) {
                double a = i * scale, b = Math.min(srcLen, (i + 1) * scale);
                int s = (int) Math.floor(a), e = Math.min(srcLen, (int) Math.ceil(b));
                if (scale <= 1) { // upscale never happens in practice; nearest keeps the class total
                    s = Math.min(srcLen - 1, (int) Math.floor((i + 0.5) * scale));
                    e = s + 1;
                }
                start[i] = s; count[i] = e - s; offset[i] = used;
                double total = 0;
                for (int k = s; k < e; k++) {
                    double cov = scale <= 1 ? 1 : Math.min(b, k + 1) - Math.max(a, k);
                    w[used + k - s] = (float) cov;
                    total += cov;
                }
                for (int k = 0; k < e - s; k++) w[used + k] = (float) (w[used + k] / total);
                used += e - s;
            }
            return new Taps(start, count, offset, w);
        }
    }
}
