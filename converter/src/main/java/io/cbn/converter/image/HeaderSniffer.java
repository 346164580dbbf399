package io.cbn.converter.image;

/**
 * Reads declared pixel dimensions straight from the first bytes of PNG, GIF and BMP files, so that decompression
 * bombs are rejected even when a decoder refuses (or would choke on) the header. Returns null for anything else.
 */
final class HeaderSniffer {
    private HeaderSniffer() { }

    /** @return {width, height} as declared (may be huge), or null when the format is not sniffed here */
    static long[] declaredSize(byte[] h, int n) {
        if (n >= 24 && (h[0] & 0xFF) == 0x89 && h[1] == 'P' && h[2] == 'N' && h[3] == 'G'
                && h[12] == 'I' && h[13] == 'H' && h[14] == 'D' && h[15] == 'R') {
            return new long[]{be32(h, 16), be32(h, 20)};
        }
        if (n >= 10 && h[0] == 'G' && h[1] == 'I' && h[2] == 'F' && h[3] == '8') {
            return new long[]{le16(h, 6), le16(h, 8)};
        }
        if (n >= 26 && h[0] == 'B' && h[1] == 'M') {
            long headerSize = le32(h, 14);
            if (headerSize == 12) return new long[]{le16(h, 18), le16(h, 20)};
            long w = Math.abs((long) (int) le32(h, 18)), hh = Math.abs((long) (int) le32(h, 22));
            return new long[]{w, hh};
        }
        return null;
    }

    private static long be32(byte[] b, int o) {
        return ((b[o] & 0xFFL) << 24) | ((b[o + 1] & 0xFFL) << 16) | ((b[o + 2] & 0xFFL) << 8) | (b[o + 3] & 0xFFL);
    }

    private static long le32(byte[] b, int o) {
        return ((b[o + 3] & 0xFFL) << 24) | ((b[o + 2] & 0xFFL) << 16) | ((b[o + 1] & 0xFFL) << 8) | (b[o] & 0xFFL);
    }

    private static long le16(byte[] b, int o) { return ((b[o + 1] & 0xFF) << 8) | (b[o] & 0xFF); }
}
