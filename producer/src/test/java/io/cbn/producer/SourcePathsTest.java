package io.cbn.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcePathsTest {

    @TempDir
    Path tmp;

    private Path a;
    private Path b;

    @BeforeEach
    void dirs() throws IOException {
        a = Files.createDirectories(tmp.resolve("a"));
        b = Files.createDirectories(tmp.resolve("b"));
    }

    @Test
    void normalisesValidSources() {
        assertEquals(List.of(a, b), SourcePaths.validateSources(List.of(tmp.resolve("a/../a/."), b)));
    }

    @Test
    void refusesMissingSourceNamingIt() {
        assertMessage("source path " + tmp.resolve("nope") + " does not exist",
                () -> SourcePaths.validateSources(List.of(a, tmp.resolve("nope"))));
    }

    @Test
    void refusesAFileAsSource() throws IOException {
        Path file = Files.writeString(tmp.resolve("f.jpg"), "x");
        assertMessage("source path " + file + " is not a directory", () -> SourcePaths.validateSources(List.of(file)));
    }

    @Test
    void refusesOverlappingOrRepeatedSources() throws IOException {
        Path inner = Files.createDirectories(a.resolve("inner"));
        assertTrue(message(() -> SourcePaths.validateSources(List.of(a, inner))).contains("overlap"));
        assertTrue(message(() -> SourcePaths.validateSources(List.of(inner, a))).contains("overlap"));
        assertTrue(message(() -> SourcePaths.validateSources(List.of(a, tmp.resolve("./a")))).contains("given twice"));
        Path alias = Files.createSymbolicLink(tmp.resolve("alias"), a);
        assertTrue(message(() -> SourcePaths.validateSources(List.of(a, alias))).contains("given twice"));
    }

    @Test
    void refusesOutputInsideASourceEvenWhenMissingOrBehindASymlink() throws IOException {
        List<Path> roots = List.of(a, b);
        assertTrue(message(() -> SourcePaths.validateOutside(b, "output path", roots)).contains("is inside source path " + b));
        assertTrue(message(() -> SourcePaths.validateOutside(b.resolve("not/yet/there"), "output path", roots))
                .contains("is inside source path"));
        Path sneaky = Files.createSymbolicLink(tmp.resolve("out-link"), a);
        assertTrue(message(() -> SourcePaths.validateOutside(sneaky.resolve("out"), "admin path", roots))
                .startsWith("admin path " + sneaky.resolve("out") + " is inside source path " + a));
    }

    @Test
    void acceptsOutputBesideTheSources() {
        assertEquals(tmp.resolve("out"), SourcePaths.validateOutside(tmp.resolve("x/../out"), "output path", List.of(a, b)));
        assertEquals(tmp.resolve("ab"), SourcePaths.validateOutside(tmp.resolve("ab"), "output path", List.of(a)),
                "a sibling whose name starts like a source is not inside it");
    }

    private static void assertMessage(String expected, Runnable action) {
        assertEquals(expected, message(action));
    }

    private static String message(Runnable action) {
        return assertThrows(IllegalArgumentException.class, action::run).getMessage();
    }
}
