package io.cbn.converter;

import java.util.Map;

/**
 * Measurements of one conversion. Sizes of 0 mean "not reached" (e.g. rejected from the header).
 * {@code stageMs} keys: read, quantize, regions, labels, write, pdf (insertion-ordered; write holds the SVG, PNGs, JSON
 * and the file writes, pdf the making of NAME.pdf).
 */
public record Metrics(int sourceWidth, int sourceHeight, int width, int height, int colours, int regions,
                      int smallestRegionPx, double labelFit, double deltaE00Mean, double deltaE00P95,
                      long durationMs, Map<String, Long> stageMs) {
    public static Metrics none(long durationMs) {
        return new Metrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, durationMs, Map.of());
    }
}
