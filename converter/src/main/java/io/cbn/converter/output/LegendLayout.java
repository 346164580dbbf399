package io.cbn.converter.output;

/**
 * Where the palette legend goes, shared by the SVG and the raster template: a strip BELOW the picture (y >= H), in
 * rows of swatches each with its number inside and its hex beside. The picture keeps the whole viewBox, so the legend
 * never covers a region; the SVG makes room for the strip by a viewport taller than the viewBox.
 */
final class LegendLayout {
    final int width, pictureHeight, entries, cols, rows;
    final double fontSize, swatch, entryWidth, gap, margin, height;

    LegendLayout(int width, int pictureHeight, int entries, double minFontSize) {
        this.width = width;
        this.pictureHeight = pictureHeight;
        this.entries = entries;
        this.fontSize = Math.max(minFontSize, width / 60.0);
        this.swatch = fontSize * 1.6;
        this.gap = fontSize * 0.5;
        this.margin = fontSize;
        this.entryWidth = swatch + fontSize * 0.6 * 8 + fontSize * 1.2;
        this.cols = Math.max(1, Math.min(entries, (int) ((width - 2 * margin) / entryWidth)));
        this.rows = (entries + cols - 1) / cols;
        this.height = Math.ceil(2 * margin + rows * swatch + (rows - 1) * gap);
    }

    double swatchX(int i) { return margin + (i % cols) * entryWidth; }

    double swatchY(int i) { return pictureHeight + margin + (i / cols) * (swatch + gap); }

    double hexX(int i) { return swatchX(i) + swatch + fontSize * 0.4; }

    int totalHeight() { return pictureHeight + (int) height; }
}
