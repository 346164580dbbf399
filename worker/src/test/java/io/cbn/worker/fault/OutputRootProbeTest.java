package io.cbn.worker.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputRootProbeTest {

    @TempDir
    Path tmp;

    private final OutputRootProbe probe = new OutputRootProbe();

    @Test
    void aWritableDirectoryPassesAndIsLeftEmpty() throws Exception {
        assertEquals(Optional.empty(), probe.check(tmp));
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aMissingRootIsCreated() {
        assertEquals(Optional.empty(), probe.check(tmp.resolve("new/out")));
        assertTrue(Files.isDirectory(tmp.resolve("new/out")));
    }

    @Test
    void aRegularFileInPlaceOfTheRootFails() throws Exception {
        Path file = Files.writeString(tmp.resolve("out"), "x");
        Optional<String> problem = probe.check(file);
        assertTrue(problem.isPresent());
        assertTrue(problem.get().contains(file.toString()), problem.get());
    }
}
