package io.cbn.aggregator.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only regular files under the output root are served: no absolute paths, no "..", no symbolic link out. */
class OutputFilesTest {

    @TempDir
    Path dir;

    @Test
    void servesFilesUnderTheRootAndNothingElse() throws Exception {
        Path root = Files.createDirectories(dir.resolve("out"));
        Files.createDirectories(root.resolve("a"));
        Files.writeString(root.resolve("a/p.svg"), "<svg/>");
        Files.writeString(dir.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("a/link.svg"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("inside.svg"), root.resolve("a/p.svg"));

        assertEquals(root.resolve("a/p.svg").toRealPath(), OutputFiles.resolve(root, "a/p.svg").orElseThrow());
        assertEquals(root.resolve("a/p.svg").toRealPath(), OutputFiles.resolve(root, "inside.svg").orElseThrow());
        assertTrue(OutputFiles.resolve(root, "../secret.txt").isEmpty());
        assertTrue(OutputFiles.resolve(root, "a/../../secret.txt").isEmpty());
        assertTrue(OutputFiles.resolve(root, dir.resolve("secret.txt").toString()).isEmpty());
        assertTrue(OutputFiles.resolve(root, "a/link.svg").isEmpty(), "a link out of the root");
        assertTrue(OutputFiles.resolve(root, "a").isEmpty(), "a directory");
        assertTrue(OutputFiles.resolve(root, "a/missing.svg").isEmpty());
        assertTrue(OutputFiles.resolve(root, "").isEmpty());
        assertTrue(OutputFiles.resolve(root.toString(), null, 0).isEmpty());
    }
}
