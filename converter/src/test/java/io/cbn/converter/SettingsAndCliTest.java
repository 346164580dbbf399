package io.cbn.converter;

import io.cbn.converter.cli.ConvertCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings validation and the convert CLI's exit codes and output lines. */
class SettingsAndCliTest {
    @TempDir
    Path out;

    @Test
    void settingsAreValidated() {
        Settings d = Settings.defaults();
        assertEquals(16, d.colors());
        assertEquals(1600, d.maxSize());
        assertEquals(0, d.minRegionPx());
        assertThrows(IllegalArgumentException.class, () -> d.withColors(1));
        assertThrows(IllegalArgumentException.class, () -> d.withColors(65));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxSize(-1));
        assertThrows(IllegalArgumentException.class, () -> d.withMinRegionPx(-5));
        assertThrows(IllegalArgumentException.class, () -> new Settings(16, 0, 0, 0, 1, 64, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Settings(16, 0, 0, 1, 1, 64, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new Settings(16, 0, 0, 1, 1, 0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Converter(null));
    }

    @Test
    void fewerColoursAreHonoured() throws Exception {
        ConversionResult r = new Converter(Settings.defaults().withMaxSize(300).withColors(5))
                .convert(TestImages.file("tiff_raw_balloons.tif"), out, "b5");
        assertEquals(Outcome.CREATED, r.outcome(), r.message());
        assertTrue(r.metrics().colours() <= 5);
        TemplateChecker.Report c = TemplateChecker.check(null, out.resolve("b5-preview.png"), out.resolve("b5.svg"));
        assertTrue(c.colours() <= 5);
        assertEquals(1.0, c.fitRatio());
    }

    @Test
    void cliExitsZeroWhenAllCreated() throws Exception {
        String stdout = capture(() -> assertEquals(0, ConvertCommand.run(TestImages.file("png_gray8_camera.png").toString(),
                TestImages.file("gif_person_jim.gif").toString(), "--out", out.toString(), "--max-size", "200", "--threads", "2")));
        assertEquals(2, stdout.lines().count(), stdout);
        assertTrue(stdout.lines().allMatch(l -> l.startsWith("CREATED") && l.contains("labelFit=100.0%") && l.contains("dE00=")), stdout);
        assertTrue(Files.exists(out.resolve("png_gray8_camera.svg")));
        assertTrue(Files.exists(out.resolve("gif_person_jim-palette.json")));
    }

    @Test
    void cliTakesPaperPresetAndPaintSet() throws Exception {
        String stdout = capture(() -> assertEquals(0, ConvertCommand.run(TestImages.file("tiff_raw_balloons.tif").toString(),
                "--out", out.toString(), "--max-size", "400", "--paper", "letter", "--detail", "easy", "--paint-set", "citadel-base")));
        assertTrue(stdout.startsWith("CREATED"), stdout);
        assertTrue(Files.size(out.resolve("tiff_raw_balloons.pdf")) > 1000);
        assertTrue(Files.readString(out.resolve("tiff_raw_balloons-palette.json")).contains("\"paint\":"));
        Path csv = out.resolve("mine.csv");
        Files.writeString(csv, "number,name,hex\n3,Light,#eeeeee\n5,Dark,#222222\n");
        assertEquals(0, ConvertCommand.run(TestImages.file("png_gray8_camera.png").toString(), "--out", out.resolve("m").toString(),
                "--max-size", "200", "--paint-set", csv.toString()));
        assertEquals(2, ConvertCommand.run(TestImages.file("png_gray8_camera.png").toString(), "--out", out.toString(), "--paper", "A5"));
        assertEquals(2, ConvertCommand.run(TestImages.file("png_gray8_camera.png").toString(), "--out", out.toString(), "--detail", "expert"));
        assertEquals(2, ConvertCommand.run(TestImages.file("png_gray8_camera.png").toString(), "--out", out.toString(), "--paint-set", "no/such.csv"));
    }

    /** a.png next to a.jpg, and photo.png in two folders: four templates, none overwriting another. */
    @Test
    void cliNeverWritesTwoFilesTemplatesUnderOneName(@TempDir Path src) throws Exception {
        Files.createDirectories(src.resolve("x"));
        Files.createDirectories(src.resolve("y"));
        Files.copy(TestImages.file("jpeg_tiny_lizard_128.jpg"), src.resolve("x/a.jpg"));
        Files.copy(TestImages.file("png_gray8_camera.png"), src.resolve("x/a.png"));
        Files.copy(TestImages.file("png_gray8_camera.png"), src.resolve("x/photo.png"));
        Files.copy(TestImages.file("gif_person_jim.gif"), src.resolve("y/photo.gif"));
        capture(() -> assertEquals(0, ConvertCommand.run(src.resolve("x/a.jpg").toString(), src.resolve("x/a.png").toString(),
                src.resolve("x/photo.png").toString(), src.resolve("y/photo.gif").toString(), "--out", out.toString(), "--max-size", "200")));
        for (String base : new String[]{"a.jpg", "a.png", "photo", "photo~2"})
            assertTrue(Files.exists(out.resolve(base + ".svg")) && Files.exists(out.resolve(base + "-preview.png")), base);
        assertEquals(4, Files.list(out).filter(p -> p.toString().endsWith(".svg")).count());
        assertEquals("photo", OutputNames.baseName(src.resolve("x/photo.png")), "no sibling of the same name");
    }

    @Test
    void cliExitsOneWhenAnyFileIsNotCreated() throws Exception {
        String stdout = capture(() -> assertEquals(1, ConvertCommand.run(TestImages.file("png_gray8_camera.png").toString(),
                TestImages.file("bad_png_zlib.png").toString(), "--out", out.toString(), "--max-size", "200")));
        assertTrue(stdout.contains("FAILED") && stdout.contains("DECODE_ERROR"), stdout);
    }

    @Test
    void cliExitsTwoOnUsageErrors() throws Exception {
        capture(() -> {
            assertEquals(2, ConvertCommand.run(TestImages.file("png_gray8_camera.png").toString()));            // no --out
            assertEquals(2, ConvertCommand.run("--out", out.toString()));                                         // no FILE
            assertEquals(2, ConvertCommand.run("x.png", "--out", out.toString(), "--colors", "1"));              // invalid
            assertEquals(2, ConvertCommand.run("x.png", "--out", out.toString(), "--threads", "0"));
            assertEquals(2, ConvertCommand.run("x.png", "--out", out.toString(), "--bogus"));
        });
    }

    @Test
    void cliNamesTheOptionAsTypedInItsError() throws Exception {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(err, true, "UTF-8")) {
            System.setErr(ps);
            assertEquals(2, ConvertCommand.run("x.png", "--out", out.toString(), "--colors", "100"));
            assertEquals(2, ConvertCommand.run("x.png", "--out", out.toString(), "--max-size", "-1"));
        } finally {
            System.setErr(oldErr);
        }
        String text = err.toString("UTF-8");
        assertTrue(text.contains("--colors must be 2..64, got 100"), text);   // the same words as cbn enqueue's
        assertTrue(text.contains("--max-size must be >= 0, got -1"), text);
    }

    private interface Body { void run() throws Exception; }

    private static String capture(Body body) throws Exception {
        PrintStream old = System.out, oldErr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(buf, true, "UTF-8")) {
            System.setOut(ps);
            System.setErr(new PrintStream(new ByteArrayOutputStream()));
            body.run();
        } finally {
            System.setOut(old);
            System.setErr(oldErr);
        }
        return buf.toString("UTF-8");
    }
}
