package io.cbn.converter.output;

import org.apache.pdfbox.pdmodel.PDPageContentStream;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A {@link PathSink} that appends the path to a PDF content stream, in picture pixel units: the caller sets the
 * transformation from pixels to the page (y down to y up) and strokes the path afterwards.
 */
final class PdfPathSink implements PathSink {
    private final PDPageContentStream cs;

    PdfPathSink(PDPageContentStream cs) { this.cs = cs; }

    @Override public void moveTo(double x, double y) {
        try { cs.moveTo((float) x, (float) y); } catch (IOException e) { throw new UncheckedIOException(e); }
    }

    @Override public void lineTo(double x, double y) {
        try { cs.lineTo((float) x, (float) y); } catch (IOException e) { throw new UncheckedIOException(e); }
    }

    @Override public void curveTo(double c1x, double c1y, double c2x, double c2y, double x, double y) {
        try { cs.curveTo((float) c1x, (float) c1y, (float) c2x, (float) c2y, (float) x, (float) y); }
        catch (IOException e) { throw new UncheckedIOException(e); }
    }

    @Override public void closePath() {
        try { cs.closePath(); } catch (IOException e) { throw new UncheckedIOException(e); }
    }
}
