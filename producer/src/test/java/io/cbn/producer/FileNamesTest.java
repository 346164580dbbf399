package io.cbn.producer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cbn.schemas.JobIds;

class FileNamesTest {

    @TempDir
    Path tmp;

    @Test
    void escapeIsReadableAndUndone() {
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xE9, '%', '.', 'p', 'n', 'g'};
        assertFalse(FileNames.isUtf8(latin1));
        assertEquals("caf%E9%25.png", FileNames.escape(latin1));
        assertArrayEquals(latin1, FileNames.unescape(FileNames.escape(latin1)));
        byte[] mixed = "é/".getBytes(StandardCharsets.UTF_8);
        byte[] withBad = new byte[mixed.length + 2];
        System.arraycopy(mixed, 0, withBad, 0, mixed.length);
        withBad[mixed.length] = (byte) 0xC3; // a truncated sequence
        withBad[mixed.length + 1] = 'x';
        assertEquals("é/%C3x", FileNames.escape(withBad), "valid stretches stay readable");
        assertArrayEquals(withBad, FileNames.unescape("é/%C3x"));
    }

    @Test
    void jobIdsOfUtf8NamesAreUnchangedAndBytesNamesGetTheirOwn() {
        assertEquals(JobIds.jobId("r", "/src", "naïve.png"), FileNames.jobId("r", "/src", "naïve.png".getBytes(StandardCharsets.UTF_8)));
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xE9, '.', 'p', 'n', 'g'};
        assertNotEquals(JobIds.jobId("r", "/src", "caf%E9.png"), FileNames.jobId("r", "/src", latin1),
                "a file literally named caf%E9.png is another job");
    }

    @Test
    void theWalkerEnqueuesALatin1NameByItsBytes() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        byte[] latin1 = {'d', '/', 'c', 'a', 'f', (byte) 0xE9, '.', 'p', 'n', 'g'};
        Files.createDirectories(root.resolve("d"));
        byte[] full = (root + "/").getBytes(StandardCharsets.UTF_8);
        byte[] path = new byte[full.length + latin1.length];
        System.arraycopy(full, 0, path, 0, full.length);
        System.arraycopy(latin1, 0, path, full.length, latin1.length);
        Files.write(FileNames.pathOf(path), new byte[] {7, 7, 7});
        Files.writeString(root.resolve("d/ok.png"), "x");
        List<SourceFile> found = new ArrayList<>();
        WalkStats stats = new WalkStats();
        new SourceWalker(new PathFilter(List.of(), List.of()), false, stats, System.err).walk(root, found::add);
        assertEquals(2, found.size(), "no walk error: " + stats.walkErrorLines());
        SourceFile cafe = found.stream().filter(f -> f.relativePathBytes() != null).findFirst().orElseThrow();
        assertEquals("d/caf%E9.png", cafe.relativePath());
        assertArrayEquals(latin1, cafe.relativePathBytes());
        assertEquals(3, cafe.sizeBytes());
        SourceFile ok = found.stream().filter(f -> f.relativePathBytes() == null).findFirst().orElseThrow();
        assertEquals("d/ok.png", ok.relativePath());
        assertNull(ok.relativePathBytes());
        assertTrue(Files.exists(FileNames.pathOf(path)));
    }

    @Test
    void severalRootsGetOneSubfolderEachAndOneRootNone() {
        assertEquals(List.of("/out"), List.copyOf(OutputLayout.outputRoots(List.of(Path.of("/a/photos")), "/out").values()));
        assertEquals(List.of("/out/./photos-1", "/out/./photos-2", "/out/./scans"), List.copyOf(OutputLayout.outputRoots(
                List.of(Path.of("/a/photos"), Path.of("/b/photos"), Path.of("/c/scans")), "/out").values()));
    }
}
