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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    private static int[] blobs(int w, int h, long seed) {
        int[] comp = new int[w * h];
        Random r = new Random(seed);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) comp[y * w + x] = ((x / 7) + (y / 5) * 3 + (r.nextInt(9) == 0 ? 1 : 0)) % 5;
        return comp;
    }

    @Test
    void smoothedRegionsTileThePictureWithoutGaps() {
        int w = 60, h = 40;
        int[] comp = blobs(w, h, 3);
        Outlines o = Outlines.trace(comp, 5, w, h, Deadline.after(Duration.ofMinutes(1)));
        byte[] none = new byte[w * h];
        Arrays.fill(none, (byte) 99);
        byte[] painted = RasterRenderer.paint(o, new int[]{0, 1, 2, 3, 4}, none);
        for (int i = 0; i < painted.length; i++) assertTrue(painted[i] != 99, "pixel " + i + " in no region");
        int same = 0;
        for (int i = 0; i < painted.length; i++) if (painted[i] == comp[i]) same++;
        assertTrue(same > 0.8 * painted.length, "smoothing keeps the regions where they were: " + same);
    }

    @Test
    void fullyTightenedOutlinesAreExactlyThePixels() {
        int w = 60, h = 40;
        int[] comp = blobs(w, h, 5);
        Outlines o = Outlines.trace(comp, 5, w, h, Deadline.after(Duration.ofMinutes(1)));
        for (int k = 0; k < Outlines.EXACT; k++) assertTrue(o.tighten(-1, 1, 0, 0, 0), "step " + (k + 1) + " changes borders");
        assertFalse(o.tighten(-1, 1, 0, 0, 0), "nothing left to tighten");
        byte[] painted = RasterRenderer.paint(o, new int[]{0, 1, 2, 3, 4}, new byte[w * h]);
        for (int i = 0; i < painted.length; i++) assertEquals(comp[i], painted[i], "pixel " + i);
    }

    @Test
    void bordersAreDrawnOnceBetweenFixedJunctions() {
        int w = 60, h = 40;
        int[] comp = blobs(w, h, 7);
        Outlines o = Outlines.trace(comp, 5, w, h, Deadline.after(Duration.ofMinutes(1)));
        List<double[]> ends = new ArrayList<>();
        double[] len = new double[1];
        o.draw(new PathSink() {
            double x, y;
            public void moveTo(double nx, double ny) { ends.add(new double[]{nx, ny}); x = nx; y = ny; }
            public void lineTo(double nx, double ny) { len[0] += Math.hypot(nx - x, ny - y); x = nx; y = ny; }
            public void curveTo(double a, double b, double c, double d, double nx, double ny) { lineTo(nx, ny); }
            public void closePath() { }
        });
        double regionsLen = 0;
        for (int r = 0; r < o.regions(); r++) {
            double[] l = new double[1];
            o.drawRegion(r, new PathSink() {
                double x, y, sx, sy;
                public void moveTo(double nx, double ny) { x = sx = nx; y = sy = ny; }
                public void lineTo(double nx, double ny) { l[0] += Math.hypot(nx - x, ny - y); x = nx; y = ny; }
                public void curveTo(double a, double b, double c, double d, double nx, double ny) { lineTo(nx, ny); }
                public void closePath() { lineTo(sx, sy); }
            });
            regionsLen += l[0];
        }
        assertEquals(regionsLen - 2 * (w + h), 2 * len[0], 1e-6, "each inner border once in draw, twice in the regions");
        // open chains start at junctions: lattice points
        for (double[] e : ends)
            if (e[0] == Math.rint(e[0]) && e[1] == Math.rint(e[1])) return;
        throw new AssertionError("no chain starts at a junction");
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

    @Test
    void atomicWriterWritesAllTogetherReplacingInOrder() throws Exception {
        Files.writeString(dir.resolve("b.txt"), "old");
        var files = new java.util.LinkedHashMap<String, byte[]>();
        files.put("b.txt", "bee".getBytes());
        files.put("a.txt", "a".getBytes());
        files.put("c.bin", new byte[100_000]);
        var written = AtomicFileWriter.writeAll(dir, files);
        assertEquals(java.util.List.of("b.txt", "a.txt", "c.bin"), written.stream().map(io.cbn.converter.OutputFile::name).toList());
        assertEquals("bee", Files.readString(dir.resolve("b.txt")));
        assertEquals(100_000, written.get(2).bytes());
        assertEquals(AtomicFileWriter.sha256(new byte[100_000]), written.get(2).sha256());
        try (var s = Files.list(dir)) { assertEquals(3, s.count(), "no temp files left"); }
        if (Files.getFileStore(dir).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class))
            for (String name : files.keySet())
                assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))));
    }

    @Test
    void atomicWriterLeavesNoTempFileWhenARenameFails() throws Exception {
        Files.createDirectories(dir.resolve("taken.txt").resolve("child")); // a non-empty directory cannot be replaced
        var files = new java.util.LinkedHashMap<String, byte[]>();
        files.put("ok.txt", "x".getBytes());
        files.put("taken.txt", "y".getBytes());
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> AtomicFileWriter.writeAll(dir, files));
        try (var s = Files.list(dir)) {
            assertEquals(java.util.List.of("ok.txt", "taken.txt"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
