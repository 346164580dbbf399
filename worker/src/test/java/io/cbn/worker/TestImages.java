package io.cbn.worker;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared test corpus (system property {@code cbn.images}); tests fail, never skip, when it is absent. */
public final class TestImages {

    private TestImages() {
    }

    public static Path dir() {
        String dir = System.getProperty("cbn.images");
        if (dir == null || dir.isBlank()) fail("system property cbn.images (the shared test corpus) is not set");
        Path p = Path.of(dir);
        if (!Files.isDirectory(p)) fail("the shared test corpus is missing: " + p + " (system property cbn.images)");
        return p;
    }

    public static Path image(String name) {
        Path p = dir().resolve(name);
        assertTrue(Files.isRegularFile(p), "corpus image missing: " + p);
        return p;
    }
}
