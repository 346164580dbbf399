package io.cbn.converter;

import io.cbn.converter.colour.PaintSet;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --paint-set (issue 11 item 5): every colour used is one of the set, printed with the set's numbers and names. */
class PaintSetTest {
    @TempDir
    Path out;

    @Test
    void templateUsesOnlyPaintsOfTheSetWithTheirNumbers() throws Exception {
        PaintSet set = PaintSet.builtin("citadel-base");
        assertEquals(48, set.size());
        Settings s = Settings.defaults().withColors(12).withPaintSet(set);
        ConversionResult r = new Converter(s).convert(TestImages.file("webp_lossy_sunset_1mp.webp"), out, "sunset");
        assertEquals(Outcome.CREATED, r.outcome(), r.message());
        Outputs.assertWritten(r, out, "sunset");
        assertTrue(r.metrics().colours() <= 12, "at most the N asked for");
        Map<Integer, PaintSet.Paint> byNumber = new HashMap<>();
        Set<Integer> setRgb = new HashSet<>();
        for (PaintSet.Paint p : set.paints()) { byNumber.put(p.number(), p); setRgb.add(p.rgb()); }

        TemplateChecker.Report c = TemplateChecker.check(null, out.resolve("sunset-preview.png"), out.resolve("sunset.svg"));
        assertTrue(setRgb.containsAll(c.previewColours()), "every colour painted is a paint of the set: " + c.previewColours());
        assertEquals(1.0, c.fitRatio(), "labels fit with the set's numbers");
        assertEquals(0, c.digitsUnder2mm());

        String json = Files.readString(out.resolve("sunset-palette.json"));
        Matcher m = Pattern.compile("\"number\":(\\d+),\"hex\":\"#([0-9a-f]{6})\".*?\"paint\":\"([^\"]*)\",\"deltaE00\":([0-9.]+)").matcher(json);
        Set<Integer> numbers = new HashSet<>();
        int entries = 0;
        while (m.find()) {
            entries++;
            PaintSet.Paint p = byNumber.get(Integer.parseInt(m.group(1)));
            assertTrue(p != null, "number " + m.group(1) + " is a paint of the set");
            assertEquals(p.rgb(), Integer.parseInt(m.group(2), 16), "hex is the paint's");
            assertEquals(p.name(), m.group(3));
            assertTrue(Double.parseDouble(m.group(4)) >= 0);
            numbers.add(p.number());
        }
        assertEquals(r.metrics().colours(), entries, json);
        assertTrue(json.contains("\"worstDeltaE00\":"));
        for (String n : PrintTest.svgLabels(out.resolve("sunset.svg")))
            assertTrue(numbers.contains(Integer.parseInt(n)), "label " + n + " is a number of the palette");
        try (PDDocument doc = Loader.loadPDF(out.resolve("sunset.pdf").toFile())) {
            String text = new PDFTextStripper().getText(doc);
            for (int n : numbers) assertTrue(text.contains(byNumber.get(n).name().substring(0, Math.min(12, byNumber.get(n).name().length()))), "legend names paint " + n);
        }
    }

    @Test
    void threeDigitNumbersStillFitAndSameSetGivesSameBytes() throws Exception {
        String json = """
                {"name": "test set", "paints": [
                  {"number": 101, "name": "White", "hex": "#f4f4f0"},
                  {"number": 102, "name": "Sky \\"blue\\"", "hex": "#7fa8d0"},
                  {"number": 7, "name": "Grass", "hex": "#4c9a3c"},
                  {"number": 250, "name": "Earth", "hex": "#6b4a30"},
                  {"number": 999, "name": "Black", "hex": "#1e1d1c"},
                  {"number": 12, "name": "Red", "hex": "#c8302a"}
                ]}""";
        PaintSet set = PaintSet.parse("test", json);
        assertEquals("Sky \"blue\"", set.paints().get(1).name());
        assertEquals(set, PaintSet.parse("test", set.toCsv()), "CSV round trip");
        Settings s = Settings.defaults().withMaxSize(500).withPaintSet(set);
        ConversionResult a = new Converter(s).convert(TestImages.file("tiff_raw_balloons.tif"), out.resolve("a"), "b");
        ConversionResult b = new Converter(s).convert(TestImages.file("tiff_raw_balloons.tif"), out.resolve("b"), "b");
        assertEquals(Outcome.CREATED, a.outcome(), a.message());
        assertEquals(a.outputs(), b.outputs(), "deterministic");
        TemplateChecker.Report c = TemplateChecker.check(null, out.resolve("a/b-preview.png"), out.resolve("a/b.svg"));
        assertEquals(1.0, c.fitRatio());
        Set<Integer> allowed = Set.of(101, 102, 7, 250, 999, 12);
        for (String n : PrintTest.svgLabels(out.resolve("a/b.svg"))) assertTrue(allowed.contains(Integer.parseInt(n)), n);
        assertTrue(a.message().contains("worst dE00"), a.message());
    }

    @Test
    void numberingDoesNotLeakIntoLaterConversionsOnTheSameThread() throws Exception {
        Settings paints = Settings.defaults().withMaxSize(300).withPaintSet(PaintSet.builtin("citadel-layer"));
        assertEquals(Outcome.CREATED, new Converter(paints).convert(TestImages.file("png_gray8_camera.png"), out, "p").outcome());
        ConversionResult plain = new Converter(Settings.defaults().withMaxSize(300)).convert(TestImages.file("png_gray8_camera.png"), out, "q");
        String json = Files.readString(out.resolve("q-palette.json"));
        assertTrue(json.contains("{\"number\":1,") && !json.contains("\"paint\""), json);
        assertEquals(plain.metrics().colours(), PrintTest.svgLabels(out.resolve("q.svg")).stream().mapToInt(Integer::parseInt).max().orElse(0) >= 1 ? plain.metrics().colours() : -1);
    }

    @Test
    void badSetsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PaintSet.parse("x", "1,a,#ffffff\n1,b,#000000\n"), "number twice");
        assertThrows(IllegalArgumentException.class, () -> PaintSet.parse("x", "1,a,#ffffff\n"), "one paint");
        assertThrows(IllegalArgumentException.class, () -> PaintSet.parse("x", "1,a,#fff\n2,b,#000000\n"), "short hex");
        assertThrows(IllegalArgumentException.class, () -> PaintSet.parse("x", "0,a,#ffffff\n2,b,#000000\n"), "number 0");
        PaintSet quoted = PaintSet.parse("x", "number,name,hex\n1,\"Red, deep\",#aa0000\n2,Blue,0000aa\n");
        assertEquals(List.of("Red, deep", "Blue"), quoted.paints().stream().map(PaintSet.Paint::name).toList());
        assertFalse(PaintSet.builtin("citadel-base").toCsv().isBlank());
    }
}
