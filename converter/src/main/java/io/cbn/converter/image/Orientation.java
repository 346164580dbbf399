package io.cbn.converter.image;

/** Applies an EXIF orientation (1..8) to packed pixels, so the result is upright as a viewer would show it. */
final class Orientation {
    private Orientation() { }

    static boolean swapsAxes(int o) { return o >= 5 && o <= 8; }

    /** @return the transformed pixels; width/height swap for orientations 5..8 */
    static int[] apply(int[] src, int w, int h, int o) {
        if (o <= 1 || o > 8) return src;
        int[] dst = new int[src.length];
        int dw = swapsAxes(o) ? h : w;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int nx, ny;
                switch (o) {
                    case 2 -> { nx = w - 1 - x; ny = y; }
                    case 3 -> { nx = w - 1 - x; ny = h - 1 - y; }
                    case 4 -> { nx = x; ny = h - 1 - y; }
                    case 5 -> { nx = y; ny = x; }
                    case 6 -> { nx = h - 1 - y; ny = x; }
                    case 7 -> { nx = h - 1 - y; ny = w - 1 - x; }
                    default -> { nx = y; ny = w - 1 - x; } // 8
                }
                dst[ny * dw + nx] = src[row + x];
            }
        }
        return dst;
    }
}
