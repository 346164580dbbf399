package io.cbn.converter;

import io.cbn.converter.colour.PaintSet;
import io.cbn.converter.output.PdfLayout;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSNumber;
import org.apache.pdfbox.pdfparser.PDFStreamParser;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.PDFTextStripperByArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NAME.pdf read back with PDFBox (issue 11 item 4): paper size and orientation, the picture inside the margins,
 * every region's number as real text inside the picture, no raster on the outline page, the preview on page 2.
 */
class PrintTest {
    private static final double PT = 72 / 25.4;

    @TempDir
    Path out;

    @Test
    void landscapeA4() throws Exception {
        check("tiff_raw_balloons.tif", Settings.defaults(), true, 297, 210);
    }

    @Test
    void portraitA3() throws Exception {
        check("jpeg_cmyk_multichunk_icc_10mp.jpg", Settings.defaults().withMaxSize(800).withPaper(Paper.A3), false, 297, 420);
    }

    @Test
    void squareLetterIsPortrait() throws Exception {
        check("png_rgb_icc_astronaut.png", Settings.defaults().withPaper(Paper.parse("letter")), false, 215.9, 279.4);
    }

    @Test
    void wideA4KeepsTheLegendOnPageOne() throws Exception {
        PdfLayout lay = check("jpeg_large_baseline_kleiber_20mp.jpg", Settings.defaults().withMaxSize(1000), true, 297, 210);
        assertTrue(lay.legendBelow, "a 16:9 picture is limited by the page's width: the legend fits below it");
    }

    @Test
    void presetDigitsArePrintTrue() throws Exception {
        check("jpeg_gray_pier_4mp.jpg", Settings.defaults().withMaxSize(1000).withDetail(Detail.parse("easy")), true, 297, 210);
    }

    @Test
    void legendWithPaintNamesAndHex() throws Exception {
        PaintSet set = PaintSet.builtin("citadel-base");
        Settings s = Settings.defaults().withMaxSize(800).withPaintSet(set).withColors(12);
        check("jpeg_progressive_meadow_1.3mp.jpg", s, true, 297, 210);
        String base = "jpeg_progressive_meadow_1";
        String json = Files.readString(out.resolve(base + "-palette.json"));
        Matcher m = Pattern.compile("\\{\"number\":(\\d+),\"hex\":\"(#[0-9a-f]{6})\"[^}]*\"paint\":\"([^\"]+)\",\"deltaE00\":([0-9.]+)").matcher(json);
        try (PDDocument doc = Loader.loadPDF(out.resolve(base + ".pdf").toFile())) {
            PDFTextStripper strip = new PDFTextStripper();
            strip.setStartPage(doc.getNumberOfPages() == 3 ? 3 : 1);
            strip.setEndPage(doc.getNumberOfPages() == 3 ? 3 : 1);
            String legend = strip.getText(doc);
            int rows = 0;
            for (; m.find(); rows++) {
                // one legend row: swatch (a filled rectangle), number, hex, paint name, dE00 wanted-to-paint
                // the PDF rounds the exact value to 1 decimal, the JSON to 2: from the JSON's 8.25 the PDF may show 8.2 or 8.3
                double de = Double.parseDouble(m.group(4));
                String row = Pattern.quote(m.group(1)) + "\\s+" + Pattern.quote(m.group(2)) + "\\s+" + Pattern.quote(m.group(3))
                        + "\\s+dE00 (" + Pattern.quote(String.format(java.util.Locale.ROOT, "%.1f", de - 0.0049)) + "|"
                        + Pattern.quote(String.format(java.util.Locale.ROOT, "%.1f", de + 0.0049)) + ")";
                assertTrue(Pattern.compile(row).matcher(legend).find(), "legend row " + row + " in:\n" + legend);
                assertTrue(set.paints().stream().anyMatch(p -> p.name().equals(m.group(3)) && Integer.toString(p.number()).equals(m.group(1))),
                        "legend shows the set's own number and name: " + m.group(0));
            }
            assertTrue(rows >= 2, "palette rows " + rows);
            PDPage page = doc.getPage(doc.getNumberOfPages() == 3 ? 2 : 0);
            assertTrue(operators(page).stream().filter(o -> o.equals("B") || o.equals("f")).count() >= rows, "a filled swatch per row");
        }
    }

    private PdfLayout check(String file, Settings s, boolean landscape, double pageWmm, double pageHmm) throws Exception {
        String base = file.replaceAll("\\..*", "");
        ConversionResult r = new Converter(s).convert(TestImages.file(file), out, base);
        assertEquals(Outcome.CREATED, r.outcome(), r.message());
        Outputs.assertWritten(r, out, base);
        int w = r.metrics().width(), h = r.metrics().height();
        assertEquals(landscape, w > h, "test photo orientation");
        List<String> numbers = svgLabels(out.resolve(base + ".svg"));
        assertEquals(r.metrics().regions(), numbers.size());

        try (PDDocument doc = Loader.loadPDF(out.resolve(base + ".pdf").toFile())) {
            PdfLayout lay = new PdfLayout(w, h, s.paper(), s.effectiveColors());
            assertEquals(lay.legendBelow ? 2 : 3, doc.getNumberOfPages(), "template, preview (and the legend when it did not fit below)");
            PDPage p1 = doc.getPage(0), p2 = doc.getPage(1);
            PDRectangle box = p1.getMediaBox();
            assertEquals(pageWmm * PT, box.getWidth(), 0.5, "page width");
            assertEquals(pageHmm * PT, box.getHeight(), 0.5, "page height");
            assertEquals(box.getWidth(), p2.getMediaBox().getWidth(), 0.01);

            // no raster on the outline page: no image XObject, no inline image
            for (COSName n : p1.getResources().getXObjectNames())
                assertFalse(p1.getResources().getXObject(n) instanceof PDImageXObject, "image on the outline page: " + n);
            List<String> ops = operators(p1);
            assertFalse(ops.contains("BI"), "inline image on the outline page");
            assertTrue(ops.contains("S") && (ops.contains("l") || ops.contains("c")), "outlines are stroked vector paths");
            // page 2 is the preview: one image
            long images = 0;
            for (COSName n : p2.getResources().getXObjectNames()) if (p2.getResources().getXObject(n) instanceof PDImageXObject) images++;
            assertEquals(1, images, "preview image on page 2");

            // the picture at one scale inside the margins, numbers as text inside it
            assertTrue(lay.picWmm <= pageWmm - 2 * Paper.MARGIN_MM + 1e-6 && lay.picHmm <= pageHmm - 2 * Paper.MARGIN_MM + 1e-6);
            List<Object> tokens = new PDFStreamParser(p1).parse();
            int cm = -1;
            for (int i = 0; i < tokens.size() && cm < 0; i++) if (tokens.get(i) instanceof Operator o && o.getName().equals("cm")) cm = i;
            assertTrue(cm >= 6, "the picture is drawn through one transform");
            double a = ((org.apache.pdfbox.cos.COSNumber) tokens.get(cm - 6)).floatValue(), d = ((org.apache.pdfbox.cos.COSNumber) tokens.get(cm - 3)).floatValue();
            assertEquals(a, -d, 1e-4, "one scale in both directions");
            double mmPerPx = a / PT;
            assertTrue(w * mmPerPx <= pageWmm - 2 * Paper.MARGIN_MM + 0.01 && h * mmPerPx <= pageHmm - 2 * Paper.MARGIN_MM + 0.01,
                    "true scale inside the margins: " + mmPerPx + " mm/px");
            assertEquals(lay.mmPerPx, mmPerPx, 1e-4);
            // the outlines are stroked as the SVG strokes them: the same grey, the same printed width
            float[] grey = null;
            double width = -1;
            for (int i = cm + 1; i < tokens.size() && (grey == null || width < 0); i++) {
                if (!(tokens.get(i) instanceof Operator o)) continue;
                if ((o.getName().equals("RG") || o.getName().equals("SC")) && grey == null) { // DeviceRGB: RG, or CS then SC
                    grey = new float[3];
                    for (int c = 0; c < 3; c++) grey[c] = ((COSNumber) tokens.get(i - 3 + c)).floatValue();
                }
                if (o.getName().equals("w") && width < 0) width = ((COSNumber) tokens.get(i - 1)).floatValue();
            }
            Matcher stroke = Pattern.compile("class=\"outline\"[^>]*stroke=\"#([0-9a-fA-F]{6})\"")
                    .matcher(Files.readString(out.resolve(base + ".svg")));
            assertTrue(stroke.find(), "the SVG's outline stroke");
            int svgGrey = Integer.parseInt(stroke.group(1), 16);
            assertNotNull(grey, "a stroking colour for the outlines");
            for (int c = 0; c < 3; c++)
                assertEquals((svgGrey >> (16 - 8 * c)) & 0xff, grey[c] * 255, 0.6, "the PDF's outline grey is the SVG's (#" + stroke.group(1) + ")");
            assertEquals(0.25, width * mmPerPx, 0.01, "outline stroke printed 0.25 mm wide");
            String scale = String.format(java.util.Locale.ROOT, "1 px = %.3f mm", lay.mmPerPx);
            assertTrue(shownStrings(doc).stream().anyMatch(t -> t.contains(scale)), "footer states the scale: " + scale);
            double minDigit = minDigitMm(doc, lay);
            // a preset's digits are print-true (2 mm); default templates size them with the long side across 297 mm
            // (TemplateCheck's rule), so on the page they are 2 mm x (printed long side / 297 mm)
            double want = s.detail() != null ? 2.0 : 2.0 * Math.min(1.0, lay.mmPerPx * Math.max(w, h) / 297.0);
            assertTrue(minDigit >= want - 1e-3, "every number printed at least " + want + " mm high at 100%: smallest digit " + minDigit + " mm");
            assertTrue(lay.picXmm >= Paper.MARGIN_MM - 1e-9 && lay.picXmm + lay.picWmm <= pageWmm - Paper.MARGIN_MM + 1e-9);
            assertTrue(lay.picYmm >= Paper.MARGIN_MM - 1e-9 && lay.legendYmm + lay.rows * 5.5 <= pageHmm - Paper.MARGIN_MM + 1e-9);
            PDFTextStripperByArea area = new PDFTextStripperByArea();
            area.addRegion("picture", new Rectangle2D.Double(lay.picXmm * PT, lay.picYmm * PT, lay.picWmm * PT, lay.picHmm * PT));
            area.extractRegions(p1);
            String text = area.getTextForRegion("picture");
            assertEquals(digitCounts(String.join("", numbers)), digitCounts(text), "every region's number is text in the picture");
            List<String> shown = shownStrings(doc);
            List<String> expected = new ArrayList<>(numbers);
            assertTrue(shown.containsAll(expected), "each label is one text run");

            String all = new PDFTextStripper().getText(doc);
            assertTrue(shown.stream().anyMatch(t -> t.contains("print at actual size")), "footer: print at 100%");
            assertTrue(all.contains("dE00"), "legend carries the colour error");
            return lay;
        }
    }

    /**
     * The smallest printed digit on page 1, in mm: for every digit shown inside the picture, its glyph's height from
     * Helvetica's metrics (read from PDFBox's AFM file, not from the writer) times its font size on the page.
     */
    private static double minDigitMm(PDDocument doc, PdfLayout lay) throws IOException {
        Map<Character, Double> height = new TreeMap<>();
        try (java.io.InputStream in = PDDocument.class.getResourceAsStream("/org/apache/pdfbox/resources/afm/Helvetica.afm")) {
            for (org.apache.fontbox.afm.CharMetric c : new org.apache.fontbox.afm.AFMParser(in).parse().getCharMetrics())
                if (c.getCharacterCode() >= '0' && c.getCharacterCode() <= '9')
                    height.put((char) c.getCharacterCode(), (double) (c.getBoundingBox().getUpperRightY() - c.getBoundingBox().getLowerLeftY()) / 1000);
        }
        assertEquals(10, height.size());
        double[] min = {Double.MAX_VALUE};
        int[] digits = {0};
        PDFTextStripper s = new PDFTextStripper() {
            @Override
            protected void writeString(String text, List<org.apache.pdfbox.text.TextPosition> positions) {
                for (org.apache.pdfbox.text.TextPosition t : positions) {
                    String u = t.getUnicode();
                    if (u.length() != 1 || !Character.isDigit(u.charAt(0)) || !t.getFont().getName().equals("Helvetica")) continue;
                    double xMm = t.getXDirAdj() / PT, yMm = t.getYDirAdj() / PT; // baseline, from the top left
                    if (xMm < lay.picXmm || xMm > lay.picXmm + lay.picWmm || yMm < lay.picYmm || yMm > lay.picYmm + lay.picHmm) continue;
                    // the text rendering matrix: font size x text matrix x transform, in pt (getFontSizeInPt is whole points)
                    min[0] = Math.min(min[0], height.get(u.charAt(0)) * t.getTextMatrix().getScalingFactorY() / PT);
                    digits[0]++;
                }
            }
        };
        s.setStartPage(1);
        s.setEndPage(1);
        s.getText(doc);
        assertTrue(digits[0] > 0, "digits found");
        return min[0];
    }

    static List<String> svgLabels(Path svg) throws IOException {
        Matcher m = Pattern.compile("<text class=\"label\"[^>]*>(\\d+)</text>").matcher(Files.readString(svg));
        List<String> out = new ArrayList<>();
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static Map<Character, Integer> digitCounts(String s) {
        Map<Character, Integer> m = new TreeMap<>();
        for (char c : s.toCharArray()) if (Character.isDigit(c)) m.merge(c, 1, Integer::sum);
        return m;
    }

    private static List<String> operators(PDPage page) throws IOException {
        List<String> ops = new ArrayList<>();
        for (Object t : new PDFStreamParser(page).parse()) if (t instanceof Operator o) ops.add(o.getName());
        return ops;
    }

    /** Every string shown on page 1, one per text-showing operator. */
    private static List<String> shownStrings(PDDocument doc) throws IOException {
        List<String> out = new ArrayList<>();
        List<Object> tokens = new PDFStreamParser(doc.getPage(0)).parse();
        for (int i = 1; i < tokens.size(); i++)
            if (tokens.get(i) instanceof Operator o && o.getName().equals("Tj") && tokens.get(i - 1) instanceof org.apache.pdfbox.cos.COSString str)
                out.add(str.getString());
        return out;
    }
}
