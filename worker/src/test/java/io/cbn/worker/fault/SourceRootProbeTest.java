package io.cbn.worker.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceRootProbeTest {

    @TempDir
    Path tmp;

    private final SourceRootProbe probe = new SourceRootProbe();

    @Test
    void aReadableDirectoryPassesEvenWhenEmpty() throws Exception {
        assertEquals(Optional.empty(), probe.check(Files.createDirectories(tmp.resolve("photos"))));
    }

    @Test
    void aMissingRootIsNamedInTheProblem() {
        Path gone = tmp.resolve("unmounted");
        Optional<String> problem = probe.check(gone);
        assertTrue(problem.isPresent());
        assertTrue(problem.get().contains(gone.toString()) && problem.get().contains("missing"), problem.get());
    }

    @Test
    void aFileWhereTheRootShouldBeIsAProblem() throws Exception {
        Path file = Files.writeString(tmp.resolve("photos"), "not a directory");
        assertTrue(probe.check(file).isPresent());
    }
}
