package io.cbn.converter.regions;

/**
 * The disc test of a brush opening (docs/design.md, "One geometry" and "Speed"): which pixels of a palette-entry map
 * lie under some disc of radius R (offsets x,y with x^2 + y^2 <= R^2) that lies wholly inside one entry and inside the
 * picture. {@link BrushOpening} hands the others over or keeps them.
 * <p>
 * Computed on bit rows, 64 pixels to a long: a disc centred on (x,y) lies in one entry when the column x from y-r to
 * y+r is one entry (the vertical "same as below" bits) and each of its rows y+dy lies in a horizontal run of that entry
 * reaching hw(dy) = floor(sqrt(R^2 - dy^2)) pixels either side (the run bits of that half-width); the covered pixels
 * are those eroded centres dilated by the same disc, row by row. Equal, bit for bit, to testing every disc
 * (DiscCoverTest compares the two); about a tenth of that test's work on a 1 MP photo (bench/README.md, session 8).
 */
final class DiscCover {
    private DiscCover() { }

    /**
     * @return the covered pixels, {@code h} rows of {@code words(w)} longs (bit x % 64 of word x / 64 is pixel x);
     *     bits past the row's end are 0
     */
    static long[] covered(byte[] labels, int w, int h, double radiusPx) {
        int r = (int) Math.floor(radiusPx);
        int ww = words(w);
        int[] hw = new int[r + 1];
        for (int dy = 0; dy <= r; dy++) hw[dy] = (int) Math.floor(Math.sqrt(radiusPx * radiusPx + 1e-9 - dy * dy));
        // the distinct half-widths, ascending (hw falls with |dy|), and which one each |dy| uses
        int[] levels = new int[r + 1], level = new int[r + 1];
        int nl = 0;
        for (int dy = r; dy >= 0; dy--) {
            if (nl == 0 || levels[nl - 1] != hw[dy]) levels[nl++] = hw[dy];
            level[dy] = nl - 1;
        }
        long[][] runs = new long[nl][h * ww];
        long[] down = new long[h * ww];
        for (int y = 0; y < h; y++) {
            int row = y * w, base = y * ww, s = 0;
            boolean below = y < h - 1;
            for (int x = 0; x < w; x++) {
                byte c = labels[row + x];
                if (below && c == labels[row + x + w]) down[base + (x >>> 6)] |= 1L << x;
                if (x < w - 1 && c == labels[row + x + 1]) continue;
                for (int t = 0; t < nl; t++) setRange(runs[t], base, s + levels[t], x - levels[t]);
                s = x + 1;
            }
        }
        long[] eroded = new long[h * ww];
        boolean any = false;
        for (int y = r; y < h - r; y++) {
            for (int q = 0; q < ww; q++) {
                long acc = -1L;
                for (int d = -r; d < r && acc != 0; d++) acc &= down[(y + d) * ww + q];
                for (int d = -r; d <= r && acc != 0; d++) acc &= runs[level[Math.abs(d)]][(y + d) * ww + q];
                eroded[y * ww + q] = acc;
                any |= acc != 0;
            }
        }
        runs = null; down = null;
        long[] covered = new long[h * ww];
        if (!any) return covered;
        // each eroded row dilated horizontally by every half-width
        long[][] dil = new long[nl][h * ww];
        long[] acc = new long[ww], sh = new long[ww];
        for (int y = 0; y < h; y++) {
            int base = y * ww;
            boolean rowAny = false;
            for (int q = 0; q < ww && !rowAny; q++) rowAny = eroded[base + q] != 0;
            if (!rowAny) continue;
            System.arraycopy(eroded, base, acc, 0, ww);
            int t = 0;
            for (int k = 0; t < nl; k++) {
                if (k > 0) {
                    shiftUp(eroded, base, ww, k, sh);
                    for (int q = 0; q < ww; q++) acc[q] |= sh[q];
                    shiftDown(eroded, base, ww, k, sh);
                    for (int q = 0; q < ww; q++) acc[q] |= sh[q];
                }
                if (levels[t] == k) System.arraycopy(acc, 0, dil[t++], base, ww);
            }
        }
        long last = (w & 63) == 0 ? -1L : (1L << (w & 63)) - 1;
        for (int y = 0; y < h; y++) {
            int lo = Math.max(-r, -y), hi = Math.min(r, h - 1 - y);
            for (int q = 0; q < ww; q++) {
                long a = 0;
                for (int d = lo; d <= hi; d++) a |= dil[level[Math.abs(d)]][(y + d) * ww + q];
                covered[y * ww + q] = q == ww - 1 ? a & last : a;
            }
        }
        return covered;
    }

    /** Longs per row of {@code w} pixels. */
    static int words(int w) { return (w + 63) >>> 6; }

    /** Sets bits lo..hi (inclusive) of the row at {@code base}; nothing when lo > hi. */
    private static void setRange(long[] bits, int base, int lo, int hi) {
        if (lo > hi) return;
        int a = lo >>> 6, b = hi >>> 6;
        long first = -1L << lo, lastMask = -1L >>> (63 - (hi & 63));
        if (a == b) { bits[base + a] |= first & lastMask; return; }
        bits[base + a] |= first;
        for (int q = a + 1; q < b; q++) bits[base + q] = -1L;
        bits[base + b] |= lastMask;
    }

    /** out = the row at {@code base} moved k pixels towards higher x (bit x of out = bit x - k of the row). */
    private static void shiftUp(long[] src, int base, int ww, int k, long[] out) {
        int qs = k >>> 6, s = k & 63;
        for (int q = ww - 1; q >= 0; q--) {
            int i = q - qs;
            long v = i >= 0 ? src[base + i] << s : 0;
            if (s != 0 && i - 1 >= 0) v |= src[base + i - 1] >>> (64 - s);
            out[q] = v;
        }
    }

    /** out = the row at {@code base} moved k pixels towards lower x (bit x of out = bit x + k of the row). */
    private static void shiftDown(long[] src, int base, int ww, int k, long[] out) {
        int qs = k >>> 6, s = k & 63;
        for (int q = 0; q < ww; q++) {
            int i = q + qs;
            long v = i < ww ? src[base + i] >>> s : 0;
            if (s != 0 && i + 1 < ww) v |= src[base + i + 1] << (64 - s);
            out[q] = v;
        }
    }
}
