package io.cbn.converter;

import io.cbn.converter.output.AtomicFileWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on the five output files of a CREATED result. */
final class Outputs {
    private Outputs() { }

    static void assertWritten(ConversionResult r, Path outDir, String base) throws Exception {
        List<String> names = r.outputs().stream().map(OutputFile::name).toList();
        assertEquals(List.of(base + ".svg", base + "-template.png", base + "-preview.png", base + "-palette.json", base + ".pdf"), names);
        for (OutputFile o : r.outputs()) {
            Path f = outDir.resolve(o.name());
            assertTrue(Files.isRegularFile(f), "missing " + f);
            byte[] b = Files.readAllBytes(f);
            assertEquals(o.bytes(), b.length, o.name() + " size");
            assertEquals(o.sha256(), AtomicFileWriter.sha256(b), o.name() + " sha256");
        }
        try (var s = Files.list(outDir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temp files left in " + outDir);
        }
    }
}
