package io.cbn.worker.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cbn.converter.Reason;
import io.cbn.schemas.ImageJob;

class JobPathsTest {

    @TempDir
    Path tmp;

    @Test
    void outputsGoUnderTheParentOfTheRelativePathWithTheExtensionDropped() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/a/b"));
        Files.writeString(src.resolve("photo.v2.JPG"), "x");
        JobPaths p = JobPaths.resolve(Jobs.job(tmp.resolve("src"), "a/./b/photo.v2.JPG", tmp.resolve("out")));
        assertEquals(tmp.resolve("out/a/b"), p.outDir());
        assertEquals("a/b", p.outputPrefix());
        assertEquals("photo.v2", p.baseName());
        assertEquals("a/b/photo.v2.svg", p.outputPath("photo.v2.svg"));
        assertEquals(src.resolve("photo.v2.JPG").toRealPath(), p.source());
    }

    @Test
    void aFileAtTheRootHasAnEmptyPrefix() throws Exception {
        JobPaths p = JobPaths.resolve(Jobs.job(tmp, "x.png", tmp.resolve("out")));
        assertEquals("", p.outputPrefix());
        assertEquals("x-preview.png", p.outputPath("x-preview.png"));
        assertEquals(tmp.resolve("x.png"), p.source());
    }

    @Test
    void twoImagesOfOneNameInOneFolderKeepTheirExtensions() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/d"));
        for (String f : new String[] {"a.jpg", "a.PNG", "b.jpg", "b.xmp", ".hidden", "noext"}) Files.writeString(src.resolve(f), "x");
        assertEquals("a.jpg", JobPaths.resolve(Jobs.job(tmp.resolve("src"), "d/a.jpg", tmp.resolve("out"))).baseName());
        assertEquals("a.PNG", JobPaths.resolve(Jobs.job(tmp.resolve("src"), "d/a.PNG", tmp.resolve("out"))).baseName());
        assertEquals("b", JobPaths.resolve(Jobs.job(tmp.resolve("src"), "d/b.jpg", tmp.resolve("out"))).baseName(), "a sidecar is no image");
        assertEquals(".hidden", JobPaths.resolve(Jobs.job(tmp.resolve("src"), "d/.hidden", tmp.resolve("out"))).baseName());
        assertEquals("noext", JobPaths.resolve(Jobs.job(tmp.resolve("src"), "d/noext", tmp.resolve("out"))).baseName());
    }

    @Test
    void escapesAreRejected() {
        for (String rel : new String[] {"../x.jpg", "a/../../x.jpg", "/etc/passwd", ".", "a/.."}) {
            JobPathException e = assertThrows(JobPathException.class,
                    () -> JobPaths.resolve(Jobs.job(tmp.resolve("src"), rel, tmp.resolve("out"))), rel);
            assertEquals(Reason.PATH_ESCAPES_ROOT, e.reason(), rel);
        }
    }

    /** A Latin-1 name ({@code caf\xe9.png}) the platform cannot decode: opened by its bytes, outputs by its escaped form. */
    @Test
    void aNameThatIsNotUtf8IsOpenedByItsBytes() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/d"));
        byte[] name = {'c', 'a', 'f', (byte) 0xE9, '.', 'p', 'n', 'g'};
        Path file = JobPaths.pathOf(concat(src.toString().getBytes(StandardCharsets.UTF_8), "/".getBytes(StandardCharsets.UTF_8), name));
        Files.write(file, new byte[] {1, 2, 3});
        ImageJob job = Jobs.job(tmp.resolve("src"), "d/caf%E9.png", tmp.resolve("out"));
        job.setRelativePathBytes(ByteBuffer.wrap(concat("d/".getBytes(StandardCharsets.UTF_8), name)));
        JobPaths p = JobPaths.resolve(job);
        assertTrue(Files.isRegularFile(p.source()), "the converter reads the file itself: " + p.source());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(p.source()));
        assertEquals("caf%E9", p.baseName());
        assertEquals("d/caf%E9.svg", p.outputPath("caf%E9.svg"));
        assertEquals(tmp.resolve("out/d"), p.outDir());

        // without the bytes the escaped text names no file: the converter would report it missing, as before
        assertFalse(Files.exists(JobPaths.resolve(Jobs.job(tmp.resolve("src"), "d/caf%E9.png", tmp.resolve("out"))).source()));
    }

    @Test
    void latin1PairsOfOneNameKeepTheirExtensionsToo() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        byte[] jpg = {'c', 'a', 'f', (byte) 0xE9, '.', 'j', 'p', 'g'};
        byte[] png = {'c', 'a', 'f', (byte) 0xE9, '.', 'p', 'n', 'g'};
        for (byte[] n : new byte[][] {jpg, png}) {
            Files.write(JobPaths.pathOf(concat(src.toString().getBytes(StandardCharsets.UTF_8), "/".getBytes(StandardCharsets.UTF_8), n)), new byte[] {1});
        }
        ImageJob job = Jobs.job(src, "caf%E9.png", tmp.resolve("out"));
        job.setRelativePathBytes(ByteBuffer.wrap(png));
        assertEquals("caf%E9.png", JobPaths.resolve(job).baseName());
    }

    @Test
    void aUtf8NameResolves() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("na\u00efve.png"), "x");
        JobPaths p = JobPaths.resolve(Jobs.job(src, "na\u00efve.png", tmp.resolve("out")));
        assertTrue(Files.isRegularFile(p.source()));
        assertEquals("na\u00efve", p.baseName());
    }

    @Test
    void aJpgAndAnUpperCaseJpgOfOneNameKeepTheirWholeNames() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.jpg"), "1");
        Files.writeString(src.resolve("a.JPG"), "2");
        Files.writeString(src.resolve("b.jpg"), "3");
        assertEquals("a.jpg", JobPaths.resolve(Jobs.job(src, "a.jpg", tmp.resolve("out"))).baseName());
        assertEquals("a.JPG", JobPaths.resolve(Jobs.job(src, "a.JPG", tmp.resolve("out"))).baseName());
        assertEquals("b", JobPaths.resolve(Jobs.job(src, "b.jpg", tmp.resolve("out"))).baseName());
    }

    /** Two roots of one run holding the same relative path: each root's outputs under its own subfolder. */
    @Test
    void aPerRootSubfolderKeepsOutputPathsRelativeToTheRunsOutputRoot() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a/photos/x"));
        Path b = Files.createDirectories(tmp.resolve("b/photos/x"));
        Files.writeString(a.resolve("p.jpg"), "1");
        Files.writeString(b.resolve("p.jpg"), "2");
        Path out = tmp.resolve("out");
        JobPaths pa = JobPaths.resolve(Jobs.job(tmp.resolve("a/photos"), "x/p.jpg", Path.of(out + "/./photos-1")));
        JobPaths pb = JobPaths.resolve(Jobs.job(tmp.resolve("b/photos"), "x/p.jpg", Path.of(out + "/./photos-2")));
        assertEquals(out, pa.outputRoot(), "the run's output root (writability probe, attempt markers)");
        assertEquals(out.resolve("photos-1/x"), pa.outDir());
        assertEquals(out.resolve("photos-2/x"), pb.outDir());
        assertEquals("photos-1/x/p.svg", pa.outputPath("p.svg"));
        assertEquals("photos-2/x/p.svg", pb.outputPath("p.svg"));
        ImageJob bad = Jobs.job(tmp.resolve("a/photos"), "x/p.jpg", out);
        bad.setOutputRoot(out + "/./../elsewhere");
        JobPathException e = assertThrows(JobPathException.class, () -> JobPaths.resolve(bad));
        assertEquals(Reason.INTERNAL_ERROR, e.reason());
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
