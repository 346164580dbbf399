package io.cbn.converter;

import java.util.Map;

/**
 * Measurements of one conversion. Sizes of 0 mean "not reached" (e.g. rejected from the header).
 * {@code stageMs} keys: read, quantize, regions, labels, outlines, write, pdf (insertion-ordered; write holds the SVG, PNGs, JSON
 * and the file writes, pdf the making of NAME.pdf). {@code worstDeltaE00}: over the template's colours, the largest
 * CIEDE2000 between the colour its regions wanted and the colour printed (the paint, with a paint set), as in
 * NAME-palette.json; null when no template was made.
 */
public record Metrics(int sourceWidth, int sourceHeight, int width, int height, int colours, int regions,
                      int smallestRegionPx, double labelFit, double deltaE00Mean, double deltaE00P95,
                      long durationMs, Map<String, Long> stageMs, Double worstDeltaE00) {
    public Metrics(int sourceWidth, int sourceHeight, int width, int height, int colours, int regions,
                   int smallestRegionPx, double labelFit, double deltaE00Mean, double deltaE00P95,
                   long durationMs, Map<String, Long> stageMs) {
        this(sourceWidth, sourceHeight, width, height, colours, regions, smallestRegionPx, labelFit, deltaE00Mean,
                deltaE00P95, durationMs, stageMs, null);
    }

    public static Metrics none(long durationMs) {
        return new Metrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, durationMs, Map.of());
    }
}
