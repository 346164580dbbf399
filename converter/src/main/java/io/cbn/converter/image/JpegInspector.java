package io.cbn.converter.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Walks a JPEG's marker structure without decoding pixels: finds the EXIF orientation (IFD0 tag 0x0112) and
 * detects truncation that the JDK decoder hides (it fills missing data silently): a stream that ends without EOI,
 * or a progressive scan script that never completes (DC or AC coefficients left without their final Al=0 pass).
 * Every length read from the file is bounds-checked; a hostile EXIF count can not cause an allocation.
 */
final class JpegInspector {
    /** Result of the walk: orientation 1..8 (1 when absent) and a truncation problem, or null when complete. */
    record Report(int orientation, String problem) { }

    private JpegInspector() { }

    static Report inspect(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return walk(new Bytes(in));
        }
    }

    private static Report walk(Bytes in) throws IOException {
        if (in.read() != 0xFF || in.read() != 0xD8) return new Report(1, "missing SOI marker");
        int orientation = 1;
        boolean progressive = false;
        int[] componentIds = new int[0];
        int[] dcAl = null;          // per component: lowest Al reached for DC (Integer.MAX_VALUE = none)
        int[][] acAl = null;        // per component, per coefficient 1..63
        int scans = 0;
        int m = nextMarker(in);
        while (true) {
            if (m < 0) return new Report(orientation, "truncated: stream ends without EOI marker");
            if (m == 0xD9) break;
            if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) { m = nextMarker(in); continue; }
            int len = (in.read() << 8) | in.read();
            if (len < 2) return new Report(orientation, "truncated or corrupt segment length");
            byte[] seg = in.readNBytes(len - 2);
            if (seg.length != len - 2) return new Report(orientation, "truncated: stream ends inside a segment");
            if (m == 0xE1 && orientation == 1) orientation = exifOrientation(seg);
            if (m == 0xC0 || m == 0xC1 || m == 0xC2) {
                progressive = m == 0xC2;
                int n = seg.length > 5 ? seg[5] & 0xFF : 0;
                componentIds = new int[n];
                for (int i = 0; i < n && 6 + 3 * i < seg.length; i++) componentIds[i] = seg[6 + 3 * i] & 0xFF;
                dcAl = new int[n];
                Arrays.fill(dcAl, Integer.MAX_VALUE);
                acAl = new int[n][64];
                for (int[] a : acAl) Arrays.fill(a, Integer.MAX_VALUE);
            }
            if (m == 0xDA) {
                scans++;
                if (progressive && dcAl != null) recordScan(seg, componentIds, dcAl, acAl);
                m = skipEntropyData(in);
            } else {
                m = nextMarker(in);
            }
        }
        if (scans == 0) return new Report(orientation, "no image scan before EOI");
        if (progressive && dcAl != null) {
            for (int i = 0; i < dcAl.length; i++) {
                if (dcAl[i] != 0) return new Report(orientation, "truncated: progressive DC scans incomplete for component " + componentIds[i]);
                for (int k = 1; k < 64; k++)
                    if (acAl[i][k] != 0) return new Report(orientation, "truncated: progressive AC scans incomplete for component " + componentIds[i]);
            }
        }
        return new Report(orientation, null);
    }

    /** Skips bytes up to the next marker and returns its code, or -1 at end of stream. */
    private static int nextMarker(Bytes in) throws IOException {
        int c = in.read();
        while (c >= 0 && c != 0xFF) c = in.read();
        if (c < 0) return -1;
        int m;
        do { m = in.read(); } while (m == 0xFF);
        return m;
    }

    /** Reads entropy-coded bytes (stuffed 0xFF00 and RSTn belong to them) and returns the next marker code, or -1. */
    private static int skipEntropyData(Bytes in) throws IOException {
        while (true) {
            if (!in.skipTo0xFF()) return -1;
            int d;
            do { d = in.read(); } while (d == 0xFF);
            if (d < 0) return -1;
            if (d != 0 && !(d >= 0xD0 && d <= 0xD7)) return d;
        }
    }

    /**
     * The file through a plain buffer: the entropy-coded data (nearly all of a JPEG) is scanned for 0xFF in the array
     * itself rather than a byte per call of a synchronized {@code BufferedInputStream.read} (70 ms to 5 ms on 20 MP).
     */
    private static final class Bytes {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos, lim;

        Bytes(InputStream in) { this.in = in; }

        private boolean fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            pos = 0;
            lim = Math.max(n, 0);
            return n > 0;
        }

        int read() throws IOException {
            if (pos == lim && !fill()) return -1;
            return buf[pos++] & 0xFF;
        }

        /** Consumes bytes up to and including the next 0xFF; false at end of stream. */
        boolean skipTo0xFF() throws IOException {
            while (true) {
                byte[] b = buf;
                for (int i = pos, n = lim; i < n; i++) {
                    if (b[i] == (byte) 0xFF) { pos = i + 1; return true; }
                }
                if (!fill()) return false;
            }
        }

        byte[] readNBytes(int n) throws IOException {
            byte[] out = new byte[n];
            int got = 0;
            while (got < n) {
                if (pos == lim && !fill()) return Arrays.copyOf(out, got);
                int k = Math.min(n - got, lim - pos);
                System.arraycopy(buf, pos, out, got, k);
                pos += k;
                got += k;
            }
            return out;
        }
    }

    private static void recordScan(byte[] seg, int[] ids, int[] dcAl, int[][] acAl) {
        if (seg.length < 1) return;
        int ns = seg[0] & 0xFF;
        int p = 1 + 2 * ns;
        if (p + 2 >= seg.length) return;
        int ss = seg[p] & 0xFF, se = seg[p + 1] & 0xFF, al = seg[p + 2] & 0x0F;
        for (int s = 0; s < ns; s++) {
            int id = seg[1 + 2 * s] & 0xFF;
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] != id) continue;
                if (ss == 0) dcAl[i] = Math.min(dcAl[i], al);
                for (int k = Math.max(1, ss); k <= Math.min(63, se); k++) acAl[i][k] = Math.min(acAl[i][k], al);
            }
        }
    }

    /** Orientation from an APP1 segment body ("Exif\0\0" + TIFF), 1 when absent or malformed. */
    static int exifOrientation(byte[] s) {
        if (s.length < 14 || s[0] != 'E' || s[1] != 'x' || s[2] != 'i' || s[3] != 'f' || s[4] != 0 || s[5] != 0) return 1;
        int t = 6;
        boolean le;
        if (s[t] == 'I' && s[t + 1] == 'I') le = true;
        else if (s[t] == 'M' && s[t + 1] == 'M') le = false;
        else return 1;
        long ifd = u32(s, t + 4, le);
        if (ifd < 8 || t + ifd + 2 > s.length) return 1;
        int p = (int) (t + ifd);
        int count = u16(s, p, le);
        p += 2;
        for (int i = 0; i < count && p + 12 <= s.length; i++, p += 12) {
            if (u16(s, p, le) == 0x0112) {
                int type = u16(s, p + 2, le);
                int v = type == 3 ? u16(s, p + 8, le) : type == 4 ? (int) u32(s, p + 8, le) : 1;
                return v >= 1 && v <= 8 ? v : 1;
            }
        }
        return 1;
    }

    private static int u16(byte[] b, int o, boolean le) {
        return le ? (b[o] & 0xFF) | ((b[o + 1] & 0xFF) << 8) : ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF);
    }

    private static long u32(byte[] b, int o, boolean le) {
        if (o + 4 > b.length) return -1;
        return le ? (b[o] & 0xFFL) | ((b[o + 1] & 0xFFL) << 8) | ((b[o + 2] & 0xFFL) << 16) | ((b[o + 3] & 0xFFL) << 24)
                : ((b[o] & 0xFFL) << 24) | ((b[o + 1] & 0xFFL) << 16) | ((b[o + 2] & 0xFFL) << 8) | (b[o + 3] & 0xFFL);
    }
}
