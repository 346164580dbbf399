package io.cbn.converter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The shared image corpus: directory from system property {@code cbn.images} (surefire passes it), else
 * {@code ../shared/images} next to the repository root. Absent corpus fails the tests; it never skips them.
 */
public final class TestImages {
    /** One line of MANIFEST.tsv; width/height -1 where the manifest has "-". */
    public record Entry(String file, String format, int width, int height, long bytes, String kind, String properties) {
        public boolean fitsMinSide(int minSide) { return width >= minSide && height >= minSide; }
    }

    private TestImages() { }

    public static Path dir() {
        String prop = System.getProperty("cbn.images");
        Path d = prop != null && !prop.isBlank() ? Path.of(prop) : repoRoot().resolve("../shared/images");
        d = d.toAbsolutePath().normalize();
        if (!Files.isDirectory(d) || !Files.isRegularFile(d.resolve("MANIFEST.tsv")))
            fail("shared image corpus not found at " + d + " (need MANIFEST.tsv there; set -Dcbn.images=DIR)");
        return d;
    }

    public static Path file(String name) {
        Path f = dir().resolve(name);
        if (!Files.exists(f)) fail("corpus file missing: " + f);
        return f;
    }

    public static List<Entry> manifest() {
        try {
            List<String> lines = Files.readAllLines(dir().resolve("MANIFEST.tsv"));
            List<String> head = List.of(lines.get(0).split("\t", -1));
            int file = head.indexOf("file"), format = head.indexOf("format"), w = head.indexOf("width"), h = head.indexOf("height"),
                    bytes = head.indexOf("bytes"), kind = head.indexOf("kind"), props = head.indexOf("properties");
            List<Entry> out = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) continue;
                String[] c = line.split("\t", -1);
                out.add(new Entry(c[file], c[format], num(c[w]), num(c[h]), Long.parseLong(c[bytes]), c[kind], c[props]));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Entry> ofKind(String... kinds) {
        List<String> k = List.of(kinds);
        return manifest().stream().filter(e -> k.contains(e.kind())).toList();
    }

    private static int num(String s) { return s.equals("-") || s.isBlank() ? -1 : Integer.parseInt(s); }

    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) if (Files.exists(q.resolve("mvnw")) && Files.exists(q.resolve("converter"))) return q;
        return p.getParent() == null ? p : p.getParent();
    }
}
