package io.cbn.converter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Same input and settings give byte-identical outputs, also when converted concurrently with other files. */
class DeterminismTest {
    @TempDir
    Path out;

    @Test
    void twoRunsGiveIdenticalBytes() throws Exception {
        Converter c = new Converter(Settings.defaults().withMaxSize(700));
        Path src = TestImages.file("jpeg_progressive_meadow_1.3mp.jpg");
        ConversionResult a = c.convert(src, out.resolve("a"), "meadow");
        ConversionResult b = c.convert(src, out.resolve("b"), "meadow");
        assertEquals(Outcome.CREATED, a.outcome(), a.message());
        assertEquals(a.outputs(), b.outputs(), "names, sizes and sha256 identical");
    }

    @Test
    void concurrentConversionsMatchSequentialOnes() throws Exception {
        Converter c = new Converter(Settings.defaults().withMaxSize(400));
        List<String> files = List.of("tiff_raw_balloons.tif", "png_rgb_icc_astronaut.png", "webp_lossy_alpha_rose.webp");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<ConversionResult>> par = files.stream()
                    .map(f -> pool.submit(() -> c.convert(TestImages.file(f), out.resolve("par"), f))).toList();
            for (int i = 0; i < files.size(); i++) {
                ConversionResult seq = c.convert(TestImages.file(files.get(i)), out.resolve("seq"), files.get(i));
                assertEquals(Outcome.CREATED, seq.outcome(), seq.message());
                assertEquals(seq.outputs(), par.get(i).get().outputs(), files.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
