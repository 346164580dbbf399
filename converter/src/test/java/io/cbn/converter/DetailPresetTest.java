package io.cbn.converter;

import io.cbn.converter.output.PdfLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --detail easy|medium|hard (issue 11 item 6): colours and the smallest region in printed mm. */
class DetailPresetTest {
    @TempDir
    Path out;

    @Test
    void presetsSetColoursAndSmallestRegion() throws Exception {
        Path src = TestImages.file("jpeg_exif_orient6_landscape.jpg");
        int[] regions = new int[3];
        int i = 0;
        for (Detail d : Detail.values()) {
            Settings s = Settings.defaults().withMaxSize(900).withDetail(d);
            assertEquals(d.colours, s.effectiveColors());
            ConversionResult r = new Converter(s).convert(src, out, d.label());
            assertEquals(Outcome.CREATED, r.outcome(), r.message());
            Metrics m = r.metrics();
            assertTrue(m.colours() <= d.colours, d + " colours " + m.colours());
            double pxPerMm = new PdfLayout(m.width(), m.height(), Paper.A4, d.colours).pxPerMm();
            assertTrue(m.smallestRegionPx() >= d.minRegionPx(pxPerMm), d + ": smallest region " + m.smallestRegionPx()
                    + " px, preset " + d.minRegionPx(pxPerMm) + " px (" + d.minRegionMm + " mm)");
            TemplateChecker.Report c = TemplateChecker.check(null, out.resolve(d.label() + "-preview.png"), out.resolve(d.label() + ".svg"));
            assertEquals(1.0, c.fitRatio(), d.toString());
            // print-true: every number at least 2 mm high on NAME.pdf
            java.util.regex.Matcher fs = java.util.regex.Pattern.compile("<text class=\"label\"[^>]*font-size=\"([0-9.]+)\"")
                    .matcher(java.nio.file.Files.readString(out.resolve(d.label() + ".svg")));
            double minFs = Double.MAX_VALUE;
            while (fs.find()) minFs = Math.min(minFs, Double.parseDouble(fs.group(1)));
            PdfLayout lay = new PdfLayout(m.width(), m.height(), Paper.A4, d.colours);
            assertTrue(0.72 * minFs * lay.mmPerPx >= 2.0 - 1e-6, d + ": smallest printed digit " + 0.72 * minFs * lay.mmPerPx + " mm");
            regions[i++] = m.regions();
        }
        assertTrue(regions[0] < regions[1] && regions[1] < regions[2], "easy < medium < hard regions: " + java.util.Arrays.toString(regions));
    }

    @Test
    void parsingAndDefaults() {
        assertNull(Detail.parse(null));
        assertEquals(Detail.HARD, Detail.parse("Hard"));
        assertThrows(IllegalArgumentException.class, () -> Detail.parse("extreme"));
        assertEquals(Paper.A4, Paper.parse(null));
        assertEquals(Paper.LETTER, Paper.parse("Letter"));
        assertThrows(IllegalArgumentException.class, () -> Paper.parse("A5"));
        Settings d = Settings.defaults();
        assertEquals(Paper.A4, d.paper());
        assertNull(d.detail());
        assertEquals(16, d.effectiveColors());
        assertEquals(0, d.effectiveMinRegionPx(5));
        assertEquals(12, Settings.defaults().withDetail(Detail.EASY).withColors(40).effectiveColors(), "a preset replaces --colors");
    }
}
