package io.cbn.aggregator.report;

import static io.cbn.aggregator.testing.Events.T0;
import static io.cbn.aggregator.testing.Events.created;
import static io.cbn.aggregator.testing.Events.opened;
import static io.cbn.aggregator.testing.Events.output;
import static io.cbn.aggregator.testing.Events.result;
import static io.cbn.aggregator.testing.Events.sealed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cbn.aggregator.ledger.LedgerSettings;
import io.cbn.aggregator.ledger.RunRegistry;
import io.cbn.aggregator.testing.MutableClock;

class ReportPublisherTest {

    @TempDir
    Path admin;
    @TempDir
    Path out;

    private final MutableClock clock = new MutableClock(T0);

    private JsonNode summary(String runId) throws IOException {
        return new ObjectMapper().readTree(admin.resolve("runs").resolve(runId).resolve("summary.json").toFile());
    }

    @Test
    void writesAtMostOncePerDebounceButAtOnceWhenTheRunCompletes() throws IOException {
        RunRegistry registry = new RunRegistry(new LedgerSettings(clock, Duration.ofMinutes(30), true));
        ReportPublisher publisher = new ReportPublisher(registry, new ReportWriter(), new OutputVerifier(),
                Duration.ofSeconds(1), clock);

        registry.apply(created("r1", "j1", "a.jpg", T0));
        assertEquals(0, publisher.publish(false), "no OPENED yet: admin path unknown");

        registry.apply(opened("r1", out.toString(), admin.toString(), T0));
        assertEquals(1, publisher.publish(false));
        assertEquals(1, summary("r1").get("processed").asInt());

        Files.writeString(out.resolve("b.svg"), "b");
        registry.apply(result("r1", "j2", "b.jpg", T0).setOutputs(List.of(output("b.svg", 1,
                OutputVerifier.sha256(out.resolve("b.svg"))))).build());
        assertEquals(0, publisher.publish(false), "changed within the debounce");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, publisher.publish(false));
        assertEquals(2, summary("r1").get("processed").asInt());
        assertEquals(0, publisher.publish(false), "nothing changed");

        registry.apply(sealed("r1", 2, T0.plusSeconds(1)));
        assertEquals(1, publisher.publish(false), "state change: written at once");
        JsonNode done = summary("r1");
        assertEquals("COMPLETE", done.get("state").asText());
        // j1's output a.jpg.svg was never written: verification caught it
        assertEquals("FAILED", done.get("outputCheck").get("status").asText());
        assertEquals(2, done.get("outputCheck").get("filesChecked").asInt());
        assertEquals(1, done.get("invariantViolations").size());
        assertTrue(done.get("invariantViolations").get(0).asText().contains("a.jpg.svg"));
        assertEquals(1, done.get("qaIssues").get("byCategory").get("Output Missing Or Changed").asInt());
    }

    @Test
    void aRunWhoseFilesAreSlowToWriteIsRewrittenLessOften() {
        RunRegistry registry = new RunRegistry(new LedgerSettings(clock, Duration.ofMinutes(30), false));
        // every reading of this clock is 300 ms later: each write appears to take 300 ms
        MutableClock slow = new MutableClock(T0).ticking(Duration.ofMillis(300));
        ReportPublisher publisher = new ReportPublisher(registry, new ReportWriter(), new OutputVerifier(),
                Duration.ofSeconds(1), slow);
        registry.apply(opened("big", out.toString(), admin.toString(), T0));
        assertEquals(1, publisher.publish(false), "written at 0 ms, took 300 ms: next write not before 3 s");
        registry.apply(created("big", "j1", "a.jpg", T0));
        for (int call = 0; call < 8; call++) {
            assertEquals(0, publisher.publish(false), "call " + call);
        }
        assertEquals(1, publisher.publish(false), "at 3 s");
    }

    @Test
    void aRunTurningIncompleteIsWrittenWithoutAnyNewMessage() throws IOException {
        RunRegistry registry = new RunRegistry(new LedgerSettings(clock, Duration.ofMinutes(30), false));
        ReportPublisher publisher = new ReportPublisher(registry, new ReportWriter(), new OutputVerifier(),
                Duration.ofSeconds(1), clock);
        registry.apply(opened("r2", out.toString(), admin.toString(), T0));
        registry.apply(sealed("r2", 5, T0));
        publisher.publish(false);
        assertEquals("RUNNING", summary("r2").get("state").asText());
        clock.advance(Duration.ofMinutes(31));
        assertEquals(1, publisher.publish(false));
        assertEquals("INCOMPLETE", summary("r2").get("state").asText());
    }

    @Test
    void anUnwritableAdminPathIsRetriedAndDoesNotStopOtherRuns() throws IOException {
        RunRegistry registry = new RunRegistry(new LedgerSettings(clock, Duration.ofMinutes(30), false));
        ReportPublisher publisher = new ReportPublisher(registry, new ReportWriter(), new OutputVerifier(),
                Duration.ofSeconds(1), clock);
        Path blocked = admin.resolve("blocked");
        Files.writeString(blocked, "a file where a directory should be");
        registry.apply(opened("bad", out.toString(), blocked.toString(), T0));
        registry.apply(opened("good", out.toString(), admin.toString(), T0));
        assertEquals(1, publisher.publish(false));
        assertTrue(Files.exists(admin.resolve("runs/good/summary.json")));
        assertEquals(0, publisher.publish(false), "retried only after the debounce");
        Files.delete(blocked);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, publisher.publish(false));
        assertFalse(summary("good").get("state").asText().isEmpty());
        assertTrue(Files.exists(blocked.resolve("runs/bad/summary.json")));
    }
}
