package io.cbn.converter.output;

import io.cbn.converter.colour.ColourMath;
import io.cbn.converter.colour.Palette;
import io.cbn.converter.regions.LabelGeometry;
import io.cbn.converter.regions.LabelPlacer.Label;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.graphics.color.PDIndexed;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceRGB;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.util.Matrix;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.zip.Deflater;

/**
 * NAME.pdf, the print-ready template (issue 11 item 4). Page 1: the outlines as vector paths, one number per region
 * as real text (Helvetica, so a reader can search and copy it), centred on the label like the SVG's, and the legend
 * (swatch, number, hex, paint name, the CIEDE2000 between the colour the photo wanted and the colour printed). Page 2:
 * the colour preview, same place and scale. The picture is printed at {@link PdfLayout}'s true scale inside the
 * margins. Page 1's outlines come only from the outline geometry (through {@link PathSink}); page 2 is the preview
 * raster (docs/design.md, "One geometry"). Same input, same bytes.
 */
public final class PdfWriter {
    private static final float PT_PER_MM = 72f / 25.4f;
    private static final float LEGEND_PT = 7f;
    /**
     * Helvetica's shortest digit ("7", 0.688 em; the others 0.703-0.722 em) drawn at least as high as the label box
     * (0.72 x font size, docs/design.md "One geometry"): every printed digit is then at least the 2 mm the label was
     * sized for. The digits stay inside the box's width (0.556 em x this = 0.58 < 0.6 font sizes per digit).
     */
    static final float DIGIT_SCALE = 0.72f / 0.688f;

    static {
        org.apache.pdfbox.pdmodel.font.FontMappers.set(new StandardFontsOnly()); // Helvetica by name only: no font files
    }

    private PdfWriter() { }

    /**
     * Loads PDFBox and its standard-font metrics (about 0.5 s in a fresh JVM) on a daemon thread, so that a short-lived
     * process such as {@code cbn convert} pays for it while its first image decodes rather than after.
     */
    public static void warmUpInBackground() {
        Thread t = new Thread(() -> {
            try (PDDocument doc = new PDDocument()) {
                PDType1Font f = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
                new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
                f.getStringWidth("0123456789");
                doc.addPage(new PDPage());
                doc.save(java.io.OutputStream.nullOutputStream());
            } catch (IOException | RuntimeException e) {
                // only a warm-up: the real PDF reports its own errors
            }
        }, "pdf-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /**
     * @param outline emits the outlines in picture pixel coordinates (y down) to the sink it is given
     * @param preview the colour preview: w x h palette entries (the preview PNG's pixels)
     * @param wantedDe00 per palette entry, the CIEDE2000 between the colour wanted and the colour printed
     */
    public static byte[] write(Consumer<PathSink> outline, int w, int h, List<Label> labels, Palette palette,
                               double[] wantedDe00, byte[] preview, PdfLayout layout, String title) {
        try (PDDocument doc = new PDDocument()) {
            doc.setDocumentId(0L); // fixed /ID: identical bytes on rerun
            PDDocumentInformation info = new PDDocumentInformation();
            info.setTitle(title);
            info.setCreator("cbn");
            doc.setDocumentInformation(info);
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            PDRectangle size = new PDRectangle((float) (layout.pageWmm * PT_PER_MM), (float) (layout.pageHmm * PT_PER_MM));
            float pageH = size.getHeight();
            float s = (float) (layout.mmPerPx * PT_PER_MM); // pt per picture px
            float x0 = (float) (layout.picXmm * PT_PER_MM), yTop = pageH - (float) (layout.picYmm * PT_PER_MM);

            PDPage outlines = new PDPage(size);
            doc.addPage(outlines);
            // the page's content is written to memory and deflated at BEST_SPEED here: PDFBox's own stream compression
            // took 3-5x as long as everything else on this page for a 1600x900 template
            PDAppearanceStream resources = new PDAppearanceStream(doc);
            resources.setResources(new PDResources());
            ByteArrayOutputStream content = new ByteArrayOutputStream(1 << 20);
            try (PDPageContentStream cs = new PDPageContentStream(doc, resources, content)) {
                cs.saveGraphicsState();
                cs.transform(new Matrix(s, 0, 0, -s, x0, yTop)); // picture px, y down
                // the SVG's and the PNG's stroke: one grey, one width, round ends (docs/design.md, "One geometry")
                cs.setStrokingColor(rgb(Outlines.STROKE_GREY));
                cs.setLineWidth((float) (Outlines.STROKE_MM / layout.mmPerPx));
                cs.setLineCapStyle(1);
                cs.setLineJoinStyle(1);
                outline.accept(new PdfPathSink(cs));
                cs.addRect(0, 0, w, h);
                cs.stroke();
                cs.restoreGraphicsState();

                cs.setNonStrokingColor(rgb(0x303030));
                cs.beginText();
                float lastSize = -1;
                for (Label l : labels) {
                    String text = Integer.toString(l.number());
                    float fs = (float) (l.fontSize() * s) * DIGIT_SCALE;
                    if (fs != lastSize) { cs.setFont(font, fs); lastSize = fs; }
                    float tw = font.getStringWidth(text) / 1000f * fs;
                    float cx = x0 + (float) l.x() * s, cy = yTop - (float) l.y() * s;
                    // baseline on the box's bottom: the "7" fills the box, the other digits rise 0.02 font sizes above it
                    cs.setTextMatrix(Matrix.getTranslateInstance(cx - tw / 2, cy - 0.36f * (float) (l.fontSize() * s)));
                    cs.showText(text);
                }
                cs.endText();
                if (layout.legendBelow) legend(cs, font, bold, palette, wantedDe00, layout, pageH);
                double minDigitMm = Double.MAX_VALUE;
                for (Label l : labels) minDigitMm = Math.min(minDigitMm, LabelGeometry.boxHeight(l.fontSize()) * layout.mmPerPx);
                footer(cs, font, layout, pageH, String.format(Locale.ROOT,
                        "%s  |  %s %s  |  1 px = %.3f mm, print at actual size (100%%, not \"fit to page\")  |  smallest number %.2f mm high%s",
                        safe(font, title), layout.paper.label(), layout.landscape ? "landscape" : "portrait", layout.mmPerPx,
                        labels.isEmpty() ? 0 : Math.floor(minDigitMm * 100) / 100, layout.legendBelow ? "" : "  |  colours: page 3"));
            }
            outlines.setResources(resources.getResources());
            outlines.setContents(new PDStream(flateStream(doc, content.toByteArray())));

            PDPage colours = new PDPage(size);
            doc.addPage(colours);
            PDImageXObject img = image(doc, preview, palette, w, h);
            try (PDPageContentStream cs = new PDPageContentStream(doc, colours, PDPageContentStream.AppendMode.OVERWRITE, true)) {
                cs.drawImage(img, x0, yTop - h * s, w * s, h * s);
                footer(cs, font, layout, pageH, safe(font, title) + "  |  colour preview");
            }
            if (!layout.legendBelow) {
                // the legend below would have shrunk the picture (and its numbers): it gets a page of its own
                PDPage legendPage = new PDPage(size);
                doc.addPage(legendPage);
                try (PDPageContentStream cs = new PDPageContentStream(doc, legendPage, PDPageContentStream.AppendMode.OVERWRITE, true)) {
                    cs.setNonStrokingColor(rgb(0x505050));
                    text(cs, font, (float) (io.cbn.converter.Paper.MARGIN_MM * PT_PER_MM), pageH - (float) (io.cbn.converter.Paper.MARGIN_MM * PT_PER_MM) - LEGEND_PT,
                            safe(font, title) + "  |  colours");
                    legend(cs, font, bold, palette, wantedDe00, layout, pageH - (float) (PdfLayout.ROW_MM * PT_PER_MM));
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void legend(PDPageContentStream cs, PDType1Font font, PDType1Font bold, Palette palette,
                               double[] wantedDe00, PdfLayout lg, float pageH) throws IOException {
        float sw = (float) (PdfLayout.SWATCH_MM * PT_PER_MM);
        for (int i = 0; i < palette.size(); i++) {
            float x = (float) ((io.cbn.converter.Paper.MARGIN_MM + (i % lg.cols) * PdfLayout.ENTRY_MM) * PT_PER_MM);
            float top = pageH - (float) ((lg.legendYmm + (i / lg.cols) * PdfLayout.ROW_MM) * PT_PER_MM);
            cs.setNonStrokingColor(rgb(palette.rgb(i)));
            cs.setStrokingColor(rgb(SvgWriter.FRAME_GREY)); // the legend frame, as in the SVG
            cs.setLineWidth(0.5f);
            cs.addRect(x, top - sw, sw, sw);
            cs.fillAndStroke();
            float base = top - sw / 2 - 0.36f * LEGEND_PT;
            cs.setNonStrokingColor(rgb(0x000000));
            text(cs, bold, x + sw + 1.2f * PT_PER_MM, base, Integer.toString(palette.printedNumber(i)));
            text(cs, font, x + sw + 6.5f * PT_PER_MM, base, ColourMath.hex(palette.rgb(i)));
            String name = palette.name(i) == null ? "" : fit(font, safe(font, palette.name(i)), 25.5f * PT_PER_MM);
            text(cs, font, x + sw + 17f * PT_PER_MM, base, name);
            text(cs, font, x + sw + 44f * PT_PER_MM, base, String.format(Locale.ROOT, "dE00 %.1f", wantedDe00[i]));
        }
    }

    private static void footer(PDPageContentStream cs, PDType1Font font, PdfLayout lg, float pageH, String text) throws IOException {
        cs.setNonStrokingColor(rgb(0x505050));
        if (lg.footerBeside) {
            // turned 90 degrees, reading upwards, just right of the picture
            float x = (float) ((lg.picXmm + lg.picWmm + 1) * PT_PER_MM) + LEGEND_PT;
            float y = pageH - (float) ((lg.picYmm + lg.picHmm) * PT_PER_MM);
            String t = fit(font, text, (float) (lg.picHmm * PT_PER_MM));
            cs.beginText();
            cs.setFont(font, LEGEND_PT);
            cs.setTextMatrix(new Matrix(0, 1, -1, 0, x, y));
            cs.showText(t);
            cs.endText();
            return;
        }
        float y = pageH - (float) (lg.footYmm * PT_PER_MM) - LEGEND_PT;
        float x = (float) (io.cbn.converter.Paper.MARGIN_MM * PT_PER_MM);
        float max = (float) ((lg.pageWmm - 2 * io.cbn.converter.Paper.MARGIN_MM) * PT_PER_MM);
        text(cs, font, x, y, fit(font, text, max));
    }

    private static void text(PDPageContentStream cs, PDType1Font font, float x, float y, String s) throws IOException {
        if (s.isEmpty()) return;
        cs.beginText();
        cs.setFont(font, LEGEND_PT);
        cs.newLineAtOffset(x, y);
        cs.showText(s);
        cs.endText();
    }

    /** The text, shortened with "..." to fit maxPt at the legend size. */
    private static String fit(PDType1Font font, String s, float maxPt) throws IOException {
        if (font.getStringWidth(s) / 1000f * LEGEND_PT <= maxPt) return s;
        while (!s.isEmpty() && font.getStringWidth(s + "...") / 1000f * LEGEND_PT > maxPt) s = s.substring(0, s.length() - 1);
        return s + "...";
    }

    /** The text with every character the standard font can not encode (WinAnsi) replaced by '?'. */
    static String safe(PDType1Font font, String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            String c = new String(Character.toChars(cp));
            try {
                font.encode(c);
                sb.append(c);
            } catch (IOException | IllegalArgumentException e) {
                sb.append('?');
            }
        });
        return sb.toString();
    }

    /** The preview as an 8-bit indexed image over the palette (one byte a pixel), deflated at BEST_SPEED. */
    private static PDImageXObject image(PDDocument doc, byte[] labels, Palette palette, int w, int h) throws IOException {
        byte[] lookup = new byte[3 * palette.size()];
        for (int i = 0; i < palette.size(); i++) {
            int c = palette.rgb(i);
            lookup[3 * i] = (byte) (c >> 16); lookup[3 * i + 1] = (byte) (c >> 8); lookup[3 * i + 2] = (byte) c;
        }
        COSArray cs = new COSArray();
        cs.add(COSName.INDEXED);
        cs.add(COSName.DEVICERGB);
        cs.add(COSInteger.get(palette.size() - 1));
        cs.add(new COSString(lookup));
        return new PDImageXObject(doc, new ByteArrayInputStream(deflate(labels)), COSName.FLATE_DECODE, w, h, 8, new PDIndexed(cs));
    }

    /** A stream holding data deflated at BEST_SPEED, with its /Filter. */
    private static COSStream flateStream(PDDocument doc, byte[] raw) throws IOException {
        COSStream stream = doc.getDocument().createCOSStream();
        try (java.io.OutputStream o = stream.createRawOutputStream()) {
            o.write(deflate(raw));
        }
        stream.setItem(COSName.FILTER, COSName.FLATE_DECODE);
        return stream;
    }

    private static byte[] deflate(byte[] raw) {
        Deflater z = new Deflater(Deflater.BEST_SPEED);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, raw.length / 6));
        try {
            z.setInput(raw);
            z.finish();
            byte[] buf = new byte[64 * 1024];
            while (!z.finished()) out.write(buf, 0, z.deflate(buf));
        } finally {
            z.end();
        }
        return out.toByteArray();
    }

    private static org.apache.pdfbox.pdmodel.graphics.color.PDColor rgb(int c) {
        return new org.apache.pdfbox.pdmodel.graphics.color.PDColor(
                new float[]{((c >> 16) & 255) / 255f, ((c >> 8) & 255) / 255f, (c & 255) / 255f}, PDDeviceRGB.INSTANCE);
    }
}
