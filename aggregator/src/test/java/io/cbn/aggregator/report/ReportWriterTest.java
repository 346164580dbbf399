package io.cbn.aggregator.report;

import static io.cbn.aggregator.testing.Events.T0;
import static io.cbn.aggregator.testing.Events.created;
import static io.cbn.aggregator.testing.Events.opened;
import static io.cbn.aggregator.testing.Events.sealed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cbn.aggregator.ledger.LedgerSettings;
import io.cbn.aggregator.ledger.OutputCheckMode;
import io.cbn.aggregator.ledger.RunLedger;
import io.cbn.aggregator.testing.MutableClock;

class ReportWriterTest {

    @TempDir
    Path admin;

    @Test
    void writesTheSummaryFilesUnderRunsRunIdWithoutLeavingTempFiles() throws IOException {
        RunLedger ledger = new RunLedger(opened("run-1", "/out", admin.toString(), T0),
                new LedgerSettings(new MutableClock(T0), Duration.ofMinutes(30), OutputCheckMode.NONE));
        ledger.apply(created("run-1", "j2", "b.jpg", T0.plusSeconds(2)));
        ledger.apply(created("run-1", "j1", "a.jpg", T0.plusSeconds(1)));
        ledger.apply(sealed("run-1", 2, T0.plusSeconds(3)));

        Path dir = new ReportWriter().write(admin, ledger.summary());
        assertEquals(admin.resolve("runs").resolve("run-1"), dir);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("summary.json", "summary.txt"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals("COMPLETE", summary.get("state").asText());
        assertEquals(2, summary.get("processed").asInt());
        assertTrue(summary.get("expected").isNumber());
        assertTrue(Files.readString(dir.resolve("summary.txt")).startsWith("Run: run-1  State: COMPLETE\n"));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("summary.json"))));

        // same content again: nothing rewritten, still no temp files
        new ReportWriter().write(admin, ledger.summary());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void aRunIdThatIsNotADirectoryNameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ReportWriter.runDirectory(admin, "../etc"));
        assertThrows(IllegalArgumentException.class, () -> ReportWriter.runDirectory(admin, ".."));
        assertThrows(IllegalArgumentException.class, () -> ReportWriter.runDirectory(admin, "a/b"));
        assertEquals(admin.resolve("runs/20261103-100000-ab12"), ReportWriter.runDirectory(admin, "20261103-100000-ab12"));
    }
}
