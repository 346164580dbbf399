package io.cbn.converter.output;

import io.cbn.converter.Deadline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputFormatsTest {
    @TempDir
    Path dir;

    @Test
    void indexedPngRoundTripsThroughImageIO() throws Exception {
        int w = 37, h = 23;
        byte[] px = new byte[w * h];
        Random r = new Random(1);
        for (int i = 0; i < px.length; i++) px[i] = (byte) r.nextInt(5);
        int[] pal = {0x000000, 0xff0000, 0x00ff00, 0x0000ff, 0x123456};
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(PngEncoder.encodeIndexed(px, w, h, pal)));
        assertEquals(w, img.getWidth());
        assertEquals(h, img.getHeight());
        for (int i = 0; i < px.length; i++) assertEquals(pal[px[i]], img.getRGB(i % w, i / w) & 0xFFFFFF);
    }

    @Test
    void bordersAreTracedOnceEachWithNoGaps() {
        int w = 60, h = 40;
        int[] comp = new int[w * h];
        Random r = new Random(3);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) comp[y * w + x] = ((x / 7) + (y / 5) * 3 + (r.nextInt(9) == 0 ? 1 : 0)) % 5;
        String d = BorderTracer.trace(comp, w, h, Deadline.after(Duration.ofMinutes(1)));
        Set<String> edges = new HashSet<>();
        Matcher m = Pattern.compile("M(\\d+) (\\d+)|([hv])(-?\\d+)").matcher(d);
        int x = 0, y = 0, drawn = 0;
        while (m.find()) {
            if (m.group(1) != null) { x = Integer.parseInt(m.group(1)); y = Integer.parseInt(m.group(2)); continue; }
            int n = Integer.parseInt(m.group(4)), step = Integer.signum(n);
            for (int k = 0; k < Math.abs(n); k++, drawn++) {
                int nx = m.group(3).equals("h") ? x + step : x, ny = m.group(3).equals("v") ? y + step : y;
                String e = Math.min(x, nx) + "," + Math.min(y, ny) + (nx != x ? "h" : "v");
                assertTrue(edges.add(e), "edge drawn twice: " + e);
                x = nx; y = ny;
            }
        }
        int expected = 0;
        for (int yy = 0; yy < h; yy++)
            for (int xx = 0; xx < w; xx++) {
                if (xx > 0 && comp[yy * w + xx] != comp[yy * w + xx - 1]) { expected++; assertTrue(edges.contains(xx + "," + yy + "v")); }
                if (yy > 0 && comp[yy * w + xx] != comp[(yy - 1) * w + xx]) { expected++; assertTrue(edges.contains(xx + "," + yy + "h")); }
            }
        assertEquals(expected, drawn, "exactly the borders between different regions");
    }

    @Test
    void atomicWriterReplacesAndHashes() throws Exception {
        var first = AtomicFileWriter.write(dir, "a.txt", "one".getBytes());
        var second = AtomicFileWriter.write(dir, "a.txt", "second".getBytes());
        assertEquals(3, first.bytes());
        assertEquals(6, second.bytes());
        assertEquals("second", Files.readString(dir.resolve("a.txt")));
        assertEquals(64, second.sha256().length());
        try (var s = Files.list(dir)) { assertEquals(1, s.count(), "no temp files left"); }
    }
}
