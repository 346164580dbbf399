package io.cbn.converter;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every photo and artwork of the corpus manifest: CREATED when both sides are at least 64 px, else REJECTED
 * TOO_SMALL (decided from the manifest's data). Templates are made at a 320 px long side to keep the suite fast;
 * each is re-checked independently (regions from the preview, labels from the SVG).
 */
class CorpusConversionTest {
    private static final Settings SETTINGS = Settings.defaults().withMaxSize(320);
    private static final Converter CONVERTER = new Converter(SETTINGS);

    @TempDir
    static Path out;

    static Stream<Arguments> photosAndArtwork() {
        var entries = TestImages.ofKind("photo", "artwork");
        assertFalse(entries.isEmpty(), "manifest lists no photo/artwork");
        return entries.stream().map(e -> Arguments.of(e.file(), e));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("photosAndArtwork")
    void validImagesAreCreatedAndTooSmallOnesRejected(String name, TestImages.Entry e) throws Exception {
        Path source = TestImages.file(name);
        String base = name.substring(0, name.lastIndexOf('.'));
        ConversionResult r = CONVERTER.convert(source, out, base);
        if (!e.fitsMinSide(Settings.DEFAULT_MIN_SIDE)) {
            assertEquals(Outcome.REJECTED, r.outcome(), r.message());
            assertEquals(Reason.TOO_SMALL, r.reason(), r.message());
            assertTrue(r.message().startsWith(name + ":"), "message names the file: " + r.message());
            assertTrue(r.outputs().isEmpty());
            return;
        }
        assertEquals(Outcome.CREATED, r.outcome(), r.message());
        Outputs.assertWritten(r, out, base);
        Metrics m = r.metrics();
        int longSrc = Math.max(e.width(), e.height()), shortSrc = Math.min(e.width(), e.height());
        assertEquals(longSrc, Math.max(m.sourceWidth(), m.sourceHeight()), "source long side");
        assertEquals(shortSrc, Math.min(m.sourceWidth(), m.sourceHeight()), "source short side");
        assertEquals(Math.min(320, longSrc), Math.max(m.width(), m.height()), "template long side (never upscaled)");
        assertEquals(Math.round((double) shortSrc * Math.min(320, longSrc) / longSrc), Math.min(m.width(), m.height()), 1.0);

        TemplateChecker.Report c = TemplateChecker.check(null, out.resolve(base + "-preview.png"), out.resolve(base + ".svg"));
        assertEquals("0 0 " + m.width() + " " + m.height(), c.viewBox());
        assertEquals(m.width(), c.width());
        assertEquals(m.height(), c.height());
        assertEquals(1.0, c.fitRatio(), "every region holds exactly one fitting number: " + c);
        assertEquals(0, c.unlabelled());
        assertEquals(0, c.doubly());
        assertEquals(0, c.digitsUnder2mm());
        assertEquals(c.regions(), c.labels());
        assertEquals(m.regions(), c.regions(), "reported regions");
        assertEquals(1.0, m.labelFit());
        assertTrue(c.colours() <= 16 && c.colours() == m.colours(), "colours " + c.colours() + " vs " + m.colours());
        if (e.properties().contains("frames=")) assertTrue(r.qaFlags().contains("ANIMATED_FIRST_FRAME"), r.qaFlags().toString());
        else assertFalse(r.qaFlags().contains("ANIMATED_FIRST_FRAME"));
    }
}
