package io.cbn.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cbn.converter.Reason;

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
}
