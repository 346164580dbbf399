package io.cbn.converter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Hostile and broken inputs end REJECTED or FAILED with the right reason and a message naming the file, without
 * allocating what they declare: this class runs in its own surefire execution with -Xmx256m.
 */
class MalformedInputTest {
    /** Expected reason per malformed/bomb file of the manifest. */
    private static final Map<String, Reason> EXPECTED = Map.ofEntries(
            entry("bad_png_zlib.png", Reason.DECODE_ERROR),                  // corrupt IDAT
            entry("bad_png_huge_iccp_chunk.png", Reason.TOO_SMALL),          // 1x1 by its header, rejected before decoding
            entry("bad_png_ztxt_bomb.png", Reason.TOO_SMALL),                // 1x1 by its header, text bomb never inflated
            entry("bad_jpeg_progressive_truncated.jpeg", Reason.DECODE_ERROR), // scan script never completes
            entry("bad_jpeg_sos_before_sof.jpg", Reason.DECODE_ERROR),
            entry("bad_jpeg_exif_maxuint32.jpg", Reason.DECODE_ERROR),
            entry("bomb_gif_65535x66601.gif", Reason.TOO_LARGE),
            entry("bomb_bmp_3000000x2000000.bmp", Reason.TOO_LARGE),
            entry("bad_tiff_ifd_loop.tif", Reason.TOO_SMALL),                // 20x20
            entry("bad_webp_empty.webp", Reason.UNSUPPORTED_FORMAT));        // zero bytes

    private final Converter converter = new Converter(Settings.defaults().withMaxSize(256));

    @TempDir
    Path out;

    static Stream<Arguments> malformed() {
        var entries = TestImages.ofKind("malformed");
        assertFalse(entries.isEmpty(), "manifest lists no malformed files");
        return entries.stream().map(e -> Arguments.of(e.file()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedFilesEndWithTheRightReason(String name) {
        Reason expected = EXPECTED.get(name);
        if (expected == null) fail("no expected reason recorded for manifest entry " + name);
        ConversionResult r = converter.convert(TestImages.file(name), out, "x");
        assertEquals(expected, r.reason(), r.message());
        assertEquals(expected.outcome(), r.outcome());
        assertTrue(r.message().startsWith(name + ": ") && r.message().length() > name.length() + 5, r.message());
        assertTrue(r.outputs().isEmpty());
    }

    @Test
    void bombsAreRejectedFromTheHeaderQuickly() {
        for (String bomb : new String[]{"bomb_gif_65535x66601.gif", "bomb_bmp_3000000x2000000.bmp"}) {
            long t = System.nanoTime();
            ConversionResult r = converter.convert(TestImages.file(bomb), out, "x");
            assertEquals(Reason.TOO_LARGE, r.reason());
            assertTrue(r.message().contains("declares"), r.message());
            assertTrue(System.nanoTime() - t < 2_000_000_000L, "header check must not decode");
            assertEquals(0, r.metrics().width());
        }
    }

    @Test
    void decoderMessageIsCarried() {
        ConversionResult r = converter.convert(TestImages.file("bad_png_zlib.png"), out, "x");
        assertTrue(r.message().contains("Error reading PNG image data"), r.message());
    }

    @Test
    void missingFileIsSourceMissing() {
        ConversionResult r = converter.convert(out.resolve("nope.jpg"), out, "x");
        assertEquals(Reason.SOURCE_MISSING, r.reason());
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.message().startsWith("nope.jpg: "), r.message());
    }

    @Test
    void notAnImageByContentIsUnsupported() throws Exception {
        Path fake = Files.writeString(out.resolve("photo.jpg"), "this is text, not a JPEG\n".repeat(20));
        assertEquals(Reason.UNSUPPORTED_FORMAT, converter.convert(fake, out, "x").reason());
        assertEquals(Reason.UNSUPPORTED_FORMAT, converter.convert(out, out, "x").reason(), "a directory");
    }

    @Test
    void realImageWithWrongExtensionIsDecodedByContent() throws Exception {
        Path png = TestImages.file("png_gray8_camera.png");
        Path disguised = Files.copy(png, out.resolve("camera.webp"));
        assertEquals(Outcome.CREATED, converter.convert(disguised, out.resolve("o"), "camera").outcome());
    }

    @Test
    void oneColourImageIsBlank() throws Exception {
        Path f = out.resolve("blank.png");
        BufferedImage img = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0x3366aa));
        g.fillRect(0, 0, 300, 200);
        g.dispose();
        ImageIO.write(img, "png", f.toFile());
        ConversionResult r = converter.convert(f, out, "blank");
        assertEquals(Reason.BLANK_IMAGE, r.reason(), r.message());
        assertEquals(Outcome.REJECTED, r.outcome());
    }

    @Test
    void limitsFromSettings() {
        Path jpg = TestImages.file("jpeg_progressive_meadow_1.3mp.jpg"); // 1280x1024
        Settings d = Settings.defaults();
        Settings fewPixels = new Settings(16, 256, 0, 1_000_000, d.maxBytes(), 64, d.timeout());
        assertEquals(Reason.TOO_LARGE, new Converter(fewPixels).convert(jpg, out, "x").reason());
        Settings fewBytes = new Settings(16, 256, 0, d.maxPixels(), 100_000, 64, d.timeout());
        ConversionResult r = new Converter(fewBytes).convert(jpg, out, "x");
        assertEquals(Reason.TOO_LARGE, r.reason());
        assertTrue(r.message().contains("bytes"), r.message());
        Settings bigMinSide = new Settings(16, 256, 0, d.maxPixels(), d.maxBytes(), 1100, d.timeout());
        assertEquals(Reason.TOO_SMALL, new Converter(bigMinSide).convert(jpg, out, "x").reason());
    }

    @Test
    void sourceSizeTemplateThatCanNotFitTheHeapIsTooLargeNotOutOfMemory() {
        // 20 MP at source size needs ~1 GB of working memory; this class runs with -Xmx256m
        ConversionResult r = new Converter(Settings.defaults().withMaxSize(0))
                .convert(TestImages.file("jpeg_large_baseline_kleiber_20mp.jpg"), out, "x");
        assertEquals(Reason.TOO_LARGE, r.reason(), r.message());
        assertTrue(r.message().contains("use a smaller maxSize"), r.message());
    }

    @Test
    void timeLimitGivesTimeout() {
        Settings d = Settings.defaults();
        Settings tiny = new Settings(16, 1600, 0, d.maxPixels(), d.maxBytes(), 64, Duration.ofMillis(1));
        ConversionResult r = new Converter(tiny).convert(TestImages.file("jpeg_icc_forest_path_4mp.jpg"), out, "x");
        assertEquals(Reason.TIMEOUT, r.reason(), r.message());
        assertEquals(Outcome.FAILED, r.outcome());
    }

    @Test
    void unwritableOutputIsIoError() throws Exception {
        Path blocker = Files.writeString(out.resolve("file-not-dir"), "x");
        ConversionResult r = converter.convert(TestImages.file("png_gray8_camera.png"), blocker.resolve("sub"), "cam");
        assertEquals(Reason.IO_ERROR, r.reason(), r.message());
        assertEquals(Outcome.FAILED, r.outcome());
    }

    @Test
    void invalidArgumentsAreInternalErrorNotExceptions() {
        ConversionResult r = converter.convert(TestImages.file("png_gray8_camera.png"), out, "../escape");
        assertEquals(Reason.INTERNAL_ERROR, r.reason());
        assertEquals(Reason.INTERNAL_ERROR, converter.convert(null, out, "x").reason());
    }
}
