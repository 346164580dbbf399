package io.cbn.converter;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Full-size (1600 px) templates of calm sample photos, converted once: label fit and colour error re-measured from
 * the files (not from Metrics), palette and legend checked against the pixels.
 */
class QualityTest {
    private static final String[] PHOTOS = {"jpeg_large_baseline_kleiber_20mp.jpg", "jpeg_progressive_meadow_1.3mp.jpg",
            "jpeg_icc_forest_path_4mp.jpg", "jpeg_gray_pier_4mp.jpg"};
    private static final Settings SETTINGS = Settings.defaults();
    private static final Map<String, ConversionResult> RESULTS = new LinkedHashMap<>();
    private static final Map<String, TemplateChecker.Report> CHECKS = new LinkedHashMap<>();

    @TempDir
    static Path out;

    @BeforeAll
    static void convertOnce() throws Exception {
        for (String p : PHOTOS) {
            TemplateChecker.Checked c = TemplateChecker.convertAndCheck(p, SETTINGS, out);
            RESULTS.put(c.base(), c.result());
            CHECKS.put(c.base(), c.report());
        }
    }

    @Test
    void everyRegionCarriesExactlyOneFittingLegibleNumber() {
        CHECKS.forEach((base, c) -> {
            assertEquals(1.0, c.fitRatio(), base + ": " + c);
            assertEquals(c.regions(), c.labels(), base);
            assertEquals(c.regions(), c.fitting(), base);
            assertEquals(0, c.digitsUnder2mm(), base);
            assertTrue(c.minDigitMm() >= 2.0 - 1e-6, base + " min digit " + c.minDigitMm());
            Metrics m = RESULTS.get(base).metrics();
            assertEquals(Math.min(1600, Math.max(m.sourceWidth(), m.sourceHeight())), Math.max(c.width(), c.height()), base);
        });
    }

    @Test
    void colourErrorOnCalmPhotosIsAtMostFive() {
        CHECKS.forEach((base, c) -> {
            Metrics m = RESULTS.get(base).metrics();
            assertTrue(c.deMean() <= 5.0, base + " mean dE00 " + c.deMean());
            assertEquals(c.deMean(), m.deltaE00Mean(), 0.01, base + " reported mean");
            assertEquals(c.deP95(), m.deltaE00P95(), 0.02, base + " reported p95");
        });
    }

    @Test
    void metricsAgreeWithTheFiles() {
        CHECKS.forEach((base, c) -> {
            Metrics m = RESULTS.get(base).metrics();
            assertEquals(c.regions(), m.regions(), base);
            assertEquals(c.colours(), m.colours(), base);
            assertEquals(c.width(), m.width());
            assertEquals(c.height(), m.height());
            assertTrue(m.smallestRegionPx() > 0);
            assertEquals(java.util.List.of("read", "quantize", "regions", "labels", "outlines", "write", "pdf"), java.util.List.copyOf(m.stageMs().keySet()));
        });
    }

    @Test
    void paletteJsonMatchesThePreviewPixels() throws Exception {
        for (String base : RESULTS.keySet()) {
            String json = Files.readString(out.resolve(base + "-palette.json"));
            Matcher mm = Pattern.compile("\"number\":(\\d+),\"hex\":\"#([0-9a-f]{6})\",\"lab\":\\[([-0-9.]+),").matcher(json);
            Set<Integer> hex = new HashSet<>();
            int expectedNumber = 1;
            double lastL = -1;
            while (mm.find()) {
                assertEquals(expectedNumber++, Integer.parseInt(mm.group(1)), base + " numbers are 1..N");
                hex.add(Integer.parseInt(mm.group(2), 16));
                double l = Double.parseDouble(mm.group(3));
                assertTrue(l >= lastL, base + " ordered by lightness");
                lastL = l;
            }
            assertEquals(CHECKS.get(base).previewColours(), hex, base + " palette = preview colours");
            assertTrue(json.contains("\"share\":"));
        }
    }

    @Test
    void svgLegendSitsBelowThePictureAndIsNotLabelled() throws Exception {
        for (String base : RESULTS.keySet()) {
            var dbf = DocumentBuilderFactory.newInstance();
            dbf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            var doc = dbf.newDocumentBuilder().parse(out.resolve(base + ".svg").toFile());
            int h = CHECKS.get(base).height();
            NodeList texts = doc.getElementsByTagName("text");
            int legend = 0;
            for (int i = 0; i < texts.getLength(); i++) {
                Element t = (Element) texts.item(i);
                if (t.getAttribute("class").contains("legend")) {
                    legend++;
                    assertFalse((" " + t.getAttribute("class") + " ").contains(" label "));
                    assertTrue(Double.parseDouble(t.getAttribute("y")) > h, "legend below the picture");
                }
            }
            assertEquals(2 * CHECKS.get(base).colours(), legend, base + " number + hex per colour");
            assertTrue(Integer.parseInt(doc.getDocumentElement().getAttribute("height")) > h);
            assertTrue(doc.getElementsByTagName("path").getLength() >= 1, "outlines");
        }
    }

    @Test
    void templatePngIsTheSameDrawingWithLegend() throws Exception {
        for (String base : RESULTS.keySet()) {
            BufferedImage t = ImageIO.read(out.resolve(base + "-template.png").toFile());
            TemplateChecker.Report c = CHECKS.get(base);
            assertEquals(c.width(), t.getWidth());
            assertTrue(t.getHeight() > c.height(), "legend strip below");
            // mostly white paper with outlines: pixel check with tolerance
            int white = 0;
            for (int y = 0; y < c.height(); y += 4)
                for (int x = 0; x < c.width(); x += 4) if ((t.getRGB(x, y) & 0xFFFFFF) == 0xFFFFFF) white++;
            double share = white / (double) ((c.height() / 4) * (c.width() / 4));
            assertTrue(share > 0.6, base + " white share " + share);
        }
    }
}
