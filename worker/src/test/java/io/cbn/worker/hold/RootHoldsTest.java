package io.cbn.worker.hold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.cbn.schemas.RunNotice;

class RootHoldsTest {

    private final List<RunNotice> sent = new CopyOnWriteArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    private final RootHolds holds = new RootHolds("w-1", Duration.ofSeconds(30), clock, sent::add);

    @Test
    void heldOnTheFirstParkThrottledAsItGrowsFlushedAndReleased() {
        RootHolds.Hold h = holds.hold("/src/a", "SOURCE_ROOT_MISSING", "gone");
        holds.parked("run-1", h, true);
        holds.parked("run-1", h, true);
        holds.parked("run-1", h, false); // back from the retry topic: not counted again
        assertEquals(1, sent.size(), "one HELD at once, the growth waits for the interval");
        RunNotice first = sent.get(0);
        assertEquals("HELD", first.getKind());
        assertEquals("run-1", first.getRunId());
        assertEquals("/src/a", first.getRoot());
        assertEquals("SOURCE_ROOT_MISSING", first.getReason());
        assertEquals(h.since(), first.getSince());
        assertEquals(1, first.getJobs());
        assertEquals("w-1", first.getOrigin());
        assertEquals(2, holds.heldJobs("/src/a"));

        holds.flush();
        assertEquals(2, sent.size());
        assertEquals(2, sent.get(1).getJobs());
        holds.flush();
        assertEquals(2, sent.size(), "nothing new, nothing sent");

        holds.ended("/src/a");
        assertEquals(1, holds.heldJobs("/src/a"));
        holds.release("/src/a");
        assertEquals("RELEASED", sent.get(2).getKind());
        assertEquals(2, sent.get(2).getJobs());
        assertFalse(holds.isHeld("/src/a"));
        assertEquals(0, holds.heldJobs("/src/a"));
    }

    @Test
    void eachRunOfAHeldRootGetsItsOwnNotice() {
        RootHolds.Hold h = holds.hold("/out", "OUTPUT_ROOT_UNWRITABLE", "a file");
        holds.parked("run-1", h, true);
        holds.parked("run-2", h, true);
        assertEquals(List.of("run-1", "run-2"), sent.stream().map(RunNotice::getRunId).toList());
        assertTrue(holds.isHeld("/out"));
    }
}
