package io.cbn.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/** The shared test corpus (../shared/images, MANIFEST.tsv). Absent corpus = failing test with the reason, never a skip. */
final class Corpus {
    record Entry(String file, String kind, int width, int height) {
        boolean malformed() { return kind.equals("malformed"); }

        /** A real picture with both sides >= 64 px: must be CREATED. */
        boolean convertible() { return !malformed() && Math.min(width, height) >= 64; }
    }

    private Corpus() { }

    static Path dir() {
        Path dir = Path.of(System.getProperty("cbn.images", "../shared/images")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("MANIFEST.tsv")))
            fail("test corpus not found at " + dir + " (MANIFEST.tsv missing): these tests need ../shared/images beside the repo");
        return dir;
    }

    static List<Entry> entries() throws IOException {
        List<Entry> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir().resolve("MANIFEST.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            out.add(new Entry(f[0], f[7], parse(f[4]), parse(f[5])));
        }
        return out;
    }

    private static int parse(String s) { return s.equals("-") ? -1 : Integer.parseInt(s); }

    /** Copies the manifest's files matching {@code which} into {@code target}; returns how many. */
    static List<Entry> copy(Path target, Predicate<Entry> which) throws IOException {
        Files.createDirectories(target);
        List<Entry> copied = new ArrayList<>();
        for (Entry e : entries())
            if (which.test(e)) {
                Files.copy(dir().resolve(e.file()), target.resolve(e.file()));
                copied.add(e);
            }
        return copied;
    }
}
