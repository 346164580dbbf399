package io.cbn.converter.output;

/**
 * Receives vector outline geometry in picture pixel coordinates (origin top left, y down). The one
 * geometry of a template is emitted to every writer through this interface, so the SVG, the PDF and
 * the rasterised preview draw the same lines (docs/design.md, "One geometry").
 */
public interface PathSink {
    void moveTo(double x, double y);

    void lineTo(double x, double y);

    /** Cubic Bézier from the current point through control points 1 and 2 to (x, y). */
    void curveTo(double c1x, double c1y, double c2x, double c2y, double x, double y);

    void closePath();
}
