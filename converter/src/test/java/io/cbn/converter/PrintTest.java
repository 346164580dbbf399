package io.cbn.converter;

import io.cbn.converter.output.PdfLayout;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSName;
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

    private void check(String file, Settings s, boolean landscape, double pageWmm, double pageHmm) throws Exception {
        String base = file.replaceAll("\\..*", "");
        ConversionResult r = new Converter(s).convert(TestImages.file(file), out, base);
        assertEquals(Outcome.CREATED, r.outcome(), r.message());
        Outputs.assertWritten(r, out, base);
        int w = r.metrics().width(), h = r.metrics().height();
        assertEquals(landscape, w > h, "test photo orientation");
        List<String> numbers = svgLabels(out.resolve(base + ".svg"));
        assertEquals(r.metrics().regions(), numbers.size());

        try (PDDocument doc = Loader.loadPDF(out.resolve(base + ".pdf").toFile())) {
            assertEquals(2, doc.getNumberOfPages());
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
            assertTrue(ops.contains("S") && ops.contains("l"), "outlines are stroked vector paths");
            // page 2 is the preview: one image
            long images = 0;
            for (COSName n : p2.getResources().getXObjectNames()) if (p2.getResources().getXObject(n) instanceof PDImageXObject) images++;
            assertEquals(1, images, "preview image on page 2");

            // the picture at one scale inside the margins, numbers as text inside it
            PdfLayout lay = new PdfLayout(w, h, s.paper(), s.effectiveColors());
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
            assertTrue(all.contains("print at actual size"), all);
            assertTrue(all.contains("dE00"), "legend carries the colour error");
        }
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
