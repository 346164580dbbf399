package io.cbn.aggregator.ledger;

import static io.cbn.aggregator.testing.Events.T0;
import static io.cbn.aggregator.testing.Events.created;
import static io.cbn.aggregator.testing.Events.notCreated;
import static io.cbn.aggregator.testing.Events.opened;
import static io.cbn.aggregator.testing.Events.output;
import static io.cbn.aggregator.testing.Events.result;
import static io.cbn.aggregator.testing.Events.sealed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.cbn.aggregator.report.SummaryJson;
import io.cbn.aggregator.testing.MutableClock;
import io.cbn.schemas.JobResult;
import io.cbn.schemas.Outcome;
import io.cbn.schemas.RunEvent;
import io.cbn.schemas.RunNotice;

/** The summary arithmetic, plain Java: no broker, no files. */
class RunLedgerTest {

    private static final String RUN = "run-1";

    private final MutableClock clock = new MutableClock(T0);

    private RunLedger ledger(OutputCheckMode mode) {
        return new RunLedger(opened(RUN, "/out", "/admin", t(0)), new LedgerSettings(clock, Duration.ofMinutes(30), mode));
    }

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void countsEachOutcomeAndIgnoresALaterReportOfTheSameJob() {
        RunLedger ledger = ledger(OutputCheckMode.NONE);
        assertNotNull(ledger.apply(created(RUN, "j1", "a.jpg", t(1))));
        assertNotNull(ledger.apply(notCreated(RUN, "j2", "b.jpg", Outcome.REJECTED, "TOO_SMALL", t(2))));
        assertNotNull(ledger.apply(notCreated(RUN, "j3", "c.jpg", Outcome.FAILED, "DECODE_ERROR", t(3))));
        assertNotNull(ledger.apply(notCreated(RUN, "j4", "d.jpg", Outcome.FAILED, "", t(4))));
        assertNull(ledger.apply(notCreated(RUN, "j1", "a.jpg", Outcome.FAILED, "IO_ERROR", t(9))));
        assertEquals(RunState.RUNNING, ledger.state());
        ledger.apply(sealed(RUN, 4, t(10)));

        RunSummary s = ledger.summary();
        assertEquals(RunState.COMPLETE, s.state());
        assertEquals(4, s.processed());
        assertEquals(1, s.counts().created());
        assertEquals(1, s.counts().rejected());
        assertEquals(2, s.counts().failed());
        assertEquals(1, s.counts().duplicatesIgnored());
        assertEquals(0L, s.outstanding());
        assertEquals(java.util.Map.of("DECODE_ERROR", 1L, ItemMapping.UNSPECIFIED_REASON, 1L), s.counts().failedByReason());
        assertEquals(3, s.qaIssues().total());
        assertEquals(t(10), s.times().completedAt());
        assertEquals(t(10), s.times().lastActivityAt());
        assertEquals(OutputCheckStatus.DISABLED, s.outputCheck().status());
        assertInvariants(s);
    }

    @Test
    void aSealedRunWithoutNewsForTheStallTimeoutIsIncompleteAndRecoversWhenResultsArrive() {
        clock.set(t(0));
        RunLedger ledger = ledger(OutputCheckMode.NONE);
        ledger.apply(created(RUN, "j1", "a.jpg", t(1)));
        ledger.apply(sealed(RUN, 2, t(2)));
        clock.set(t(2).plus(Duration.ofMinutes(30)));
        assertEquals(RunState.INCOMPLETE, ledger.state());
        ledger.apply(created(RUN, "j2", "b.jpg", clock.instant()));
        assertEquals(RunState.COMPLETE, ledger.state());
    }

    @Test
    void anUnsealedRunNeverTurnsIncomplete() {
        RunLedger ledger = ledger(OutputCheckMode.NONE);
        ledger.apply(created(RUN, "j1", "a.jpg", t(1)));
        clock.set(t(1).plus(Duration.ofDays(3)));
        assertEquals(RunState.RUNNING, ledger.state());
        assertNull(ledger.summary().expected());
        assertNull(ledger.summary().outstanding());
    }

    @Test
    void moreResultsThanExpectedIsAViolationAndOutstandingStaysAtZero() {
        RunLedger ledger = ledger(OutputCheckMode.NONE);
        ledger.apply(sealed(RUN, 1, t(1)));
        ledger.apply(created(RUN, "j1", "a.jpg", t(2)));
        ledger.apply(created(RUN, "j2", "b.jpg", t(3)));
        RunSummary s = ledger.summary();
        assertEquals(0L, s.outstanding());
        assertTrue(s.invariantViolations().get(0).contains("results for more jobs than were enqueued"),
                s.invariantViolations().toString());
    }

    @Test
    void conflictingRunEventsKeepTheFirstAndAreReported() {
        RunLedger ledger = ledger(OutputCheckMode.NONE);
        ledger.apply(opened(RUN, "/other", "/admin", t(1)));
        ledger.apply(sealed(RUN, 3, t(2)));
        ledger.apply(sealed(RUN, 5, t(3)));
        RunSummary s = ledger.summary();
        assertEquals("/out", s.info().outputPath());
        assertEquals(3L, s.expected());
        assertEquals(2, s.invariantViolations().size());
    }

    @Test
    void qaIssuesCountItemsWithAtLeastOneIssueAndEveryCategory() {
        RunLedger ledger = ledger(OutputCheckMode.NONE);
        ledger.apply(result(RUN, "j1", "a.gif", t(1)).setQaFlags(List.of("ANIMATED_FIRST_FRAME", "DAMAGED_SOURCE")).build());
        ledger.apply(result(RUN, "j2", "b.jpg", t(2)).setQaFlags(List.of("DAMAGED_SOURCE")).build());
        ledger.apply(notCreated(RUN, "j3", "c.jpg", Outcome.REJECTED, "TOO_SMALL", t(3)));
        // the same output path as j2 (b.jpg.svg): the later job is flagged
        RunLedger.Counted collided = ledger.apply(result(RUN, "j4", "x/b.jpg", t(4))
                .setOutputs(List.of(output("b.jpg.svg", 10, "00"))).build());
        ledger.apply(created(RUN, "j5", "e.jpg", t(5)));
        assertEquals(List.of(QaCategories.OUTPUT_PATH_COLLISION), collided.qaIssues());

        QaIssues qa = ledger.summary().qaIssues();
        assertEquals(4, qa.total());
        assertEquals(List.of(QaCategories.FILES_NOT_CREATED, "DAMAGED_SOURCE", "ANIMATED_FIRST_FRAME",
                QaCategories.OUTPUT_PATH_COLLISION), List.copyOf(qa.byCategory().keySet()));
        assertEquals(2L, qa.byCategory().get("DAMAGED_SOURCE"));
    }

    @Test
    void withAnOutputCheckTheRunIsCompleteOnlyOnceItRanAndItsFindingsCountOncePerItem() {
        RunLedger ledger = ledger(OutputCheckMode.STAT);
        ledger.apply(result(RUN, "j1", "a.gif", t(1)).setQaFlags(List.of("ANIMATED_FIRST_FRAME")).build());
        ledger.apply(created(RUN, "j2", "b.jpg", t(2)));
        assertTrue(!ledger.dueForOutputCheck());
        ledger.apply(sealed(RUN, 2, t(3)));
        assertTrue(ledger.dueForOutputCheck());
        assertEquals(RunState.RUNNING, ledger.state());
        assertEquals(OutputCheckStatus.PENDING, ledger.summary().outputCheck().status());

        Hash128Set jobs = new Hash128Set();
        for (String id : List.of("j1", "j2")) {
            long[] h = Hash128.of(id);
            jobs.add(h[0], h[1]);
        }
        ledger.recordOutputCheck(new OutputCheckResult(2, 2, 3, List.of(
                new OutputProblem("j1", "a.gif.svg", OutputProblem.Kind.MISSING, ""),
                new OutputProblem("j2", "b.jpg.svg", OutputProblem.Kind.CHANGED, "")), jobs));
        RunSummary s = ledger.summary();
        assertEquals(RunState.COMPLETE, s.state());
        assertEquals(OutputCheckStatus.FAILED, s.outputCheck().status());
        assertEquals(3, s.outputCheck().problems());
        assertEquals(2, s.qaIssues().total(), "j1 already had an issue: counted once in the total");
        assertEquals(2L, s.qaIssues().byCategory().get(QaCategories.OUTPUT_MISSING_OR_CHANGED));
        assertTrue(s.invariantViolations().contains("1 more output problems (cbn verify lists every one)"));
    }

    @Test
    void aCreatedResultWithoutOutputsIsAViolation() {
        RunLedger ledger = ledger(OutputCheckMode.NONE);
        ledger.apply(result(RUN, "j1", "a.jpg", t(1)).setOutputs(List.of()).build());
        assertTrue(ledger.summary().invariantViolations().get(0).contains("lists no outputs"));
    }

    @Test
    void heldRootsSumTheLatestJobsOfEachOriginAndReleaseDropsAnOrigin() {
        RunLedger ledger = ledger(OutputCheckMode.NONE);
        ledger.apply(notice("HELD", "/photos/a", "w1", 3, t(5)));
        ledger.apply(notice("HELD", "/photos/a", "w1", 7, t(6)));
        ledger.apply(notice("HELD", "/photos/a", "w2", 2, t(4)));
        ledger.apply(notice("HELD", "/photos/b", "w2", 1, t(7)));
        List<HeldRoots.Held> held = ledger.summary().held();
        assertEquals(List.of(new HeldRoots.Held("/photos/a", "SOURCE_ROOT_MISSING", t(4), 9),
                new HeldRoots.Held("/photos/b", "SOURCE_ROOT_MISSING", t(7), 1)), held);
        ledger.apply(notice("RELEASED", "/photos/a", "w1", 0, t(8)));
        assertEquals(2, ledger.summary().held().get(0).jobs());
        ledger.apply(notice("RELEASED", "/photos/a", "w2", 0, t(9)));
        ledger.apply(notice("RELEASED", "/photos/b", "w2", 0, t(9)));
        assertEquals(List.of(), ledger.summary().held());
        ledger.apply(notice("SOMETHING_NEW", "/x", "w9", 0, t(10)));
        ledger.apply(notice("CANCEL", null, "cli", 0, t(12)));
        ledger.apply(notice("CANCEL", null, "cli", 0, t(11)));
        assertEquals(t(11), ledger.summary().times().cancelRequestedAt());
    }

    @Test
    void reusedAndRetryOfAreInTheSummary() throws Exception {
        RunEvent opened = RunEvent.newBuilder(opened("retry-1", "/out", "/admin", t(0))).setRetryOf("run-0").build();
        RunLedger ledger = new RunLedger(opened, new LedgerSettings(clock, Duration.ofMinutes(30), OutputCheckMode.NONE));
        ledger.apply(result("retry-1", "j1", "a.jpg", t(1)).setReused(true).build());
        ledger.apply(result("retry-1", "j2", "b.jpg", t(2)).build());
        RunSummary s = ledger.summary();
        assertEquals(1, s.counts().reused());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(SummaryJson.render(s));
        assertEquals(1, json.get("reused").asInt());
        assertEquals("run-0", json.get("retryOf").asText());
        assertTrue(json.get("held").isArray());
    }

    @Test
    void aLedgerReadBackFromItsCheckpointGoesOnExactlyLikeTheOriginal() throws IOException {
        RunLedger original = ledger(OutputCheckMode.NONE);
        RunLedger copy = null;
        for (int i = 0; i < 2000; i++) {
            JobResult r = i % 50 == 0 ? notCreated(RUN, "j" + i, "f" + i, Outcome.FAILED, "IO_ERROR", t(i))
                    : result(RUN, "j" + (i % 97 == 0 ? i - 1 : i), "f" + i, t(i)).setWorkerId("w" + i % 3)
                    .setQaFlags(i % 7 == 0 ? List.of("DAMAGED_SOURCE") : List.of()).build();
            original.apply(r);
            if (copy != null) {
                copy.apply(r);
            }
            if (i == 1000) {
                original.apply(notice("HELD", "/photos/a", "w1", 4, t(i)));
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                original.write(new DataOutputStream(bytes));
                copy = RunLedger.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
                        new LedgerSettings(clock, Duration.ofMinutes(30), OutputCheckMode.NONE));
                assertEquals(SummaryJson.render(original.summary()), SummaryJson.render(copy.summary()));
            }
        }
        original.apply(sealed(RUN, 1990, t(3000)));
        copy.apply(sealed(RUN, 1990, t(3000)));
        assertEquals(SummaryJson.render(original.summary()), SummaryJson.render(copy.summary()));
        assertInvariants(copy.summary());
    }

    @Test
    void theRunsWorstColourErrorIsTheLargestOfItsCountedItemsAndSurvivesACheckpoint() throws IOException {
        RunLedger a = ledger(OutputCheckMode.NONE), b = ledger(OutputCheckMode.NONE);
        List<JobResult> results = List.of(
                result(RUN, "j1", "a.jpg", t(1)).setWorstDeltaE00(3.5).build(),
                result(RUN, "j2", "b.jpg", t(2)).setWorstDeltaE00(9.25).build(),
                result(RUN, "j3", "c.jpg", t(3)).build(), // an older worker: none
                notCreated(RUN, "j4", "d.jpg", Outcome.FAILED, "IO_ERROR", t(4)),
                result(RUN, "j2", "b.jpg", t(5)).setWorstDeltaE00(20.0).build()); // a duplicate: not counted
        results.forEach(a::apply);
        for (int i = results.size() - 1; i >= 0; i--) b.apply(results.get(i));
        assertNull(ledger(OutputCheckMode.NONE).summary().worstDeltaE00(), "no item carried one");
        RunSummary.WorstColour worst = a.summary().worstDeltaE00();
        assertEquals(9.25, worst.deltaE00());
        assertTrue(worst.sourcePath().endsWith("b.jpg"), worst.sourcePath());
        assertEquals(20.0, b.summary().worstDeltaE00().deltaE00(), "counted first in b's order: the later duplicate loses there");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        a.write(new DataOutputStream(bytes));
        RunLedger copy = RunLedger.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
                new LedgerSettings(clock, Duration.ofMinutes(30), OutputCheckMode.NONE));
        assertEquals(worst, copy.summary().worstDeltaE00());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(SummaryJson.render(a.summary()));
        assertEquals(9.25, json.get("worstDeltaE00").get("deltaE00").asDouble());
        assertTrue(io.cbn.aggregator.report.SummaryText.render(a.summary()).contains("Worst Colour Error (dE00 wanted -> printed): 9.25"));
    }

    @Test
    void eventsOfAnotherRunAreRefused() {
        RunLedger ledger = ledger(OutputCheckMode.NONE);
        assertThrows(IllegalArgumentException.class, () -> ledger.apply(created("run-2", "j1", "a.jpg", t(1))));
    }

    @Test
    void theDedupSetHoldsAMillionJobIdsInLittleMemory() {
        Hash128Set set = new Hash128Set();
        long[] h = new long[2];
        for (int i = 0; i < 1_000_000; i++) {
            Hash128.of(("20261201-run-job-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8), h);
            assertTrue(set.add(h[0], h[1]));
        }
        assertEquals(1_000_000, set.size());
        Hash128.of("20261201-run-job-77".getBytes(java.nio.charset.StandardCharsets.UTF_8), h);
        assertTrue(set.contains(h[0], h[1]));
        assertTrue(!set.add(h[0], h[1]));
        assertTrue(set.add(0, 0) && set.contains(0, 0) && !set.add(0, 0));
        assertEquals(Set.of(), Set.of());
    }

    static RunNotice notice(String kind, String root, String origin, long jobs, Instant at) {
        return RunNotice.newBuilder().setRunId(RUN).setKind(kind).setRoot(root)
                .setReason(kind.equals("HELD") ? "SOURCE_ROOT_MISSING" : null).setSince(kind.equals("HELD") ? at : null)
                .setJobs(jobs).setOrigin(origin).setAt(at).build();
    }

    static void assertInvariants(RunSummary s) {
        RunSummary.Counts c = s.counts();
        assertEquals(c.processed(), c.created() + c.rejected() + c.failed(), "processed = created + rejected + failed");
        if (s.sealed()) {
            assertEquals((long) s.expected(), Math.max(s.expected(), s.processed() + s.outstanding()));
        }
    }
}
