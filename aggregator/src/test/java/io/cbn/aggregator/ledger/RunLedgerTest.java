package io.cbn.aggregator.ledger;

import static io.cbn.aggregator.testing.Events.T0;
import static io.cbn.aggregator.testing.Events.created;
import static io.cbn.aggregator.testing.Events.notCreated;
import static io.cbn.aggregator.testing.Events.opened;
import static io.cbn.aggregator.testing.Events.output;
import static io.cbn.aggregator.testing.Events.result;
import static io.cbn.aggregator.testing.Events.sealed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.cbn.aggregator.report.ItemsJsonl;
import io.cbn.aggregator.report.SummaryJson;
import io.cbn.aggregator.testing.MutableClock;
import io.cbn.schemas.JobResult;
import io.cbn.schemas.Outcome;
import io.cbn.schemas.RunEvent;

class RunLedgerTest {

    private static final String RUN = "run-1";

    private final MutableClock clock = new MutableClock(T0);

    private RunLedger ledger(boolean verify) {
        return new RunLedger(RUN, new LedgerSettings(clock, Duration.ofMinutes(30), verify));
    }

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void countsEachOutcomeAndIgnoresALaterReportOfTheSameJob() {
        RunLedger ledger = ledger(false);
        ledger.apply(opened(RUN, "/out", "/admin", t(0)));
        assertEquals(RunLedger.Applied.COUNTED, ledger.apply(created(RUN, "j1", "one.jpg", t(1))));
        assertEquals(RunLedger.Applied.COUNTED, ledger.apply(notCreated(RUN, "j2", "two.jpg", Outcome.REJECTED, "TOO_SMALL", t(2))));
        assertEquals(RunLedger.Applied.COUNTED, ledger.apply(notCreated(RUN, "j3", "three.jpg", Outcome.FAILED, "DECODE_ERROR", t(3))));
        // redelivered job j1, this time with another outcome: the first one stands
        assertEquals(RunLedger.Applied.DUPLICATE, ledger.apply(notCreated(RUN, "j1", "one.jpg", Outcome.FAILED, "IO_ERROR", t(4))));
        assertEquals(RunLedger.Applied.DUPLICATE, ledger.apply(created(RUN, "j2", "two.jpg", t(5))));

        RunSummary before = ledger.summary();
        assertEquals(RunState.RUNNING, before.state());
        assertNull(before.expected());
        assertNull(before.outstanding());

        ledger.apply(sealed(RUN, 3, t(6)));
        RunSummary s = ledger.summary();
        assertEquals(RunState.COMPLETE, s.state());
        assertEquals(3L, s.expected());
        assertEquals(3, s.processed());
        assertEquals(1, s.created());
        assertEquals(1, s.rejected());
        assertEquals(1, s.failed());
        assertEquals(0L, s.outstanding());
        assertEquals(2, s.duplicatesIgnored());
        assertEquals(Map.of("TOO_SMALL", 1L), s.rejectedByReason());
        assertEquals(Map.of("DECODE_ERROR", 1L), s.failedByReason());
        assertEquals(List.of(new WorkerTally("w1", "1.0+abc", 3)), s.workers());
        assertEquals(List.of(), s.invariantViolations());
        assertEquals(t(0), s.openedAt());
        assertEquals(t(6), s.sealedAt());
        assertEquals(t(6), s.completedAt());
        assertEquals(t(6), s.updatedAt());
        assertEquals(2, s.excludedFiles());
        assertEquals(1, s.walkErrors().size());
        assertEquals(OutputCheckStatus.DISABLED, s.outputCheck());
        assertInvariants(s);
    }

    @Test
    void theOrderOfRunEventsAndResultsDoesNotChangeTheSummaryOrTheItems() {
        List<Object> events = new ArrayList<>();
        events.add(opened(RUN, "/out", "/admin", t(0)));
        for (int i = 0; i < 40; i++) {
            JobResult r = i % 5 == 0
                    ? notCreated(RUN, "j" + i, "dir/f" + i + ".png", Outcome.REJECTED, i % 10 == 0 ? "TOO_SMALL" : "BLANK_IMAGE", t(10 + i))
                    : result(RUN, "j" + i, "dir/f" + i + ".png", t(10 + i)).setWorkerId("w" + (i % 3))
                    .setQaFlags(i % 7 == 0 ? List.of("ANIMATED_FIRST_FRAME") : List.of()).build();
            events.add(r);
        }
        events.add(created(RUN, "j3", "dir/f3.png", t(100)));
        events.add(sealed(RUN, 40, t(60)));

        RunLedger inOrder = ledger(false);
        events.forEach(e -> apply(inOrder, e));
        RunSnapshot expected = inOrder.snapshot();
        assertEquals(RunState.COMPLETE, expected.summary().state());
        assertEquals(1, expected.summary().duplicatesIgnored());

        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            List<Object> shuffled = new ArrayList<>(events);
            // a job's own reports stay in order (one partition); everything else may interleave
            Collections.shuffle(shuffled, random);
            moveAfter(shuffled, events.get(4), events.get(events.size() - 2));
            RunLedger other = ledger(false);
            shuffled.forEach(e -> apply(other, e));
            RunSnapshot got = other.snapshot();
            assertEquals(SummaryJson.render(expected.summary()), SummaryJson.render(got.summary()), "round " + round);
            assertEquals(ItemsJsonl.render(expected.items()), ItemsJsonl.render(got.items()), "round " + round);
        }
    }

    /** Puts {@code later} after {@code first} if the shuffle put it before. */
    private static void moveAfter(List<Object> list, Object first, Object later) {
        if (list.indexOf(later) < list.indexOf(first)) {
            list.remove(later);
            list.add(list.indexOf(first) + 1, later);
        }
    }

    private static void apply(RunLedger ledger, Object event) {
        if (event instanceof RunEvent e) {
            ledger.apply(e);
        } else {
            ledger.apply((JobResult) event);
        }
    }

    @Test
    void resultsBeforeOpenedAreKeptAndTheAdminPathComesWithOpened() {
        RunLedger ledger = ledger(false);
        ledger.apply(created(RUN, "j1", "a.jpg", t(1)));
        ledger.apply(sealed(RUN, 2, t(2)));
        assertNull(ledger.adminPath());
        assertEquals(1, ledger.summary().processed());
        assertEquals(1L, ledger.summary().outstanding());
        ledger.apply(opened(RUN, "/out", "/admin", t(0)));
        assertEquals("/admin", ledger.adminPath());
        ledger.apply(created(RUN, "j2", "b.jpg", t(3)));
        RunSummary s = ledger.summary();
        assertEquals(RunState.COMPLETE, s.state());
        assertEquals(t(0), s.openedAt());
        assertEquals(t(3), s.completedAt());
        assertInvariants(s);
    }

    @Test
    void aSealedRunWithoutNewsForTheStallTimeoutIsIncompleteAndRecoversWhenResultsArrive() {
        RunLedger ledger = ledger(false);
        ledger.apply(opened(RUN, "/out", "/admin", t(0)));
        ledger.apply(created(RUN, "j1", "a.jpg", t(10)));
        ledger.apply(sealed(RUN, 3, t(20)));

        clock.set(t(20).plus(Duration.ofMinutes(29)));
        assertEquals(RunState.RUNNING, ledger.state());
        clock.set(t(20).plus(Duration.ofMinutes(30)));
        assertEquals(RunState.INCOMPLETE, ledger.state());
        RunSummary stalled = ledger.summary();
        assertEquals(2L, stalled.outstanding());
        assertNull(stalled.completedAt());
        assertInvariants(stalled);

        Instant late = t(20).plus(Duration.ofMinutes(40));
        clock.set(late.plusSeconds(1));
        ledger.apply(created(RUN, "j2", "b.jpg", late));
        assertEquals(RunState.RUNNING, ledger.state());
        ledger.apply(created(RUN, "j3", "c.jpg", late.plusSeconds(1)));
        assertEquals(RunState.COMPLETE, ledger.state());
        assertEquals(late.plusSeconds(1), ledger.summary().completedAt());
    }

    @Test
    void anUnsealedRunNeverTurnsIncomplete() {
        RunLedger ledger = ledger(false);
        ledger.apply(opened(RUN, "/out", "/admin", t(0)));
        clock.set(t(0).plus(Duration.ofDays(2)));
        assertEquals(RunState.RUNNING, ledger.state());
    }

    @Test
    void moreResultsThanExpectedIsAViolationAndOutstandingStaysAtZero() {
        RunLedger ledger = ledger(false);
        ledger.apply(opened(RUN, "/out", "/admin", t(0)));
        ledger.apply(sealed(RUN, 1, t(1)));
        ledger.apply(created(RUN, "j1", "a.jpg", t(2)));
        ledger.apply(created(RUN, "j2", "b.jpg", t(3)));
        RunSummary s = ledger.summary();
        assertEquals(0L, s.outstanding());
        assertEquals(2, s.processed());
        assertEquals(1, s.invariantViolations().size());
        assertTrue(s.invariantViolations().get(0).contains("!= expected 1"), s.invariantViolations().toString());
    }

    @Test
    void conflictingRunEventsKeepTheFirstAndAreReported() {
        RunLedger ledger = ledger(false);
        ledger.apply(opened(RUN, "/out", "/admin", t(0)));
        ledger.apply(opened(RUN, "/out", "/admin", t(0)));
        ledger.apply(opened(RUN, "/elsewhere", "/admin", t(1)));
        ledger.apply(sealed(RUN, 5, t(2)));
        ledger.apply(sealed(RUN, 5, t(2)));
        ledger.apply(sealed(RUN, 6, t(3)));
        RunSummary s = ledger.summary();
        assertEquals("/out", s.outputPath());
        assertEquals(5L, s.expected());
        assertEquals(2, s.invariantViolations().size(), s.invariantViolations().toString());
        assertTrue(s.invariantViolations().stream().anyMatch(v -> v.startsWith("conflicting OPENED")));
        assertTrue(s.invariantViolations().stream().anyMatch(v -> v.startsWith("conflicting SEALED")));
    }

    @Test
    void qaIssuesCountItemsWithAtLeastOneIssueAndEveryCategory() {
        RunLedger ledger = ledger(false);
        ledger.apply(opened(RUN, "/out", "/admin", t(0)));
        ledger.apply(notCreated(RUN, "j1", "a.gif", Outcome.REJECTED, "UNSUPPORTED_FORMAT", t(1)));
        ledger.apply(result(RUN, "j2", "b.gif", t(2)).setQaFlags(List.of("ANIMATED_FIRST_FRAME", "LOW_LABEL_FIT")).build());
        // j3 and j4 both claim x.svg; j4 also carries a flag
        ledger.apply(result(RUN, "j3", "x.jpg", t(3)).setOutputs(List.of(output("x.svg", 1, "aa"))).build());
        ledger.apply(result(RUN, "j4", "x.png", t(4)).setOutputs(List.of(output("x.svg", 1, "aa")))
                .setQaFlags(List.of("LOW_LABEL_FIT")).build());
        ledger.apply(created(RUN, "j5", "fine.jpg", t(5)));
        // flags on a not-created item do not make a category of their own
        ledger.apply(result(RUN, "j6", "z.jpg", t(6)).setOutcome(Outcome.FAILED).setReason("TIMEOUT")
                .setOutputs(List.of()).setQaFlags(List.of("SLOW")).build());
        ledger.apply(sealed(RUN, 6, t(7)));

        QaIssues qa = ledger.summary().qaIssues();
        assertEquals(5, qa.total(), "j1..j4 and j6; j5 has none");
        assertEquals(List.of(QaCategories.FILES_NOT_CREATED, "LOW_LABEL_FIT", QaCategories.OUTPUT_PATH_COLLISION,
                "ANIMATED_FIRST_FRAME"), List.copyOf(qa.byCategory().keySet()));
        assertEquals(2L, qa.byCategory().get(QaCategories.FILES_NOT_CREATED));
        assertEquals(2L, qa.byCategory().get("LOW_LABEL_FIT"));
        assertEquals(2L, qa.byCategory().get(QaCategories.OUTPUT_PATH_COLLISION));
        assertEquals(1L, qa.byCategory().get("ANIMATED_FIRST_FRAME"));

        List<ItemLine> items = ledger.snapshot().items();
        ItemLine j4 = items.stream().filter(l -> l.item().jobId().equals("j4")).findFirst().orElseThrow();
        assertEquals(List.of("LOW_LABEL_FIT", QaCategories.OUTPUT_PATH_COLLISION), j4.qaIssues());
    }

    @Test
    void aRunWithoutIssuesStillListsTheFilesNotCreatedCategory() {
        RunLedger ledger = ledger(false);
        ledger.apply(created(RUN, "j1", "a.jpg", t(1)));
        assertEquals(Map.of(QaCategories.FILES_NOT_CREATED, 0L), ledger.summary().qaIssues().byCategory());
        assertEquals(0, ledger.summary().qaIssues().total());
    }

    @Test
    void withVerificationOnTheRunIsCompleteOnlyOnceOutputsAreChecked() {
        RunLedger ledger = ledger(true);
        ledger.apply(opened(RUN, "/out", "/admin", t(0)));
        ledger.apply(created(RUN, "j1", "a.jpg", t(1)));
        ledger.apply(created(RUN, "j2", "b.jpg", t(2)));
        assertNull(ledger.verificationRequest(), "not sealed yet");
        ledger.apply(sealed(RUN, 2, t(3)));

        VerificationRequest request = ledger.verificationRequest();
        assertNotNull(request);
        assertEquals(2, request.createdItems().size());
        assertEquals(RunState.RUNNING, ledger.state());
        assertEquals(OutputCheckStatus.PENDING, ledger.summary().outputCheck());

        OutputProblem missing = new OutputProblem("j2", "b.jpg.svg", OutputProblem.Kind.MISSING, "no file");
        assertTrue(ledger.recordOutputCheck(request, new OutputCheck(2, List.of(missing))));
        RunSummary s = ledger.summary();
        assertEquals(RunState.COMPLETE, s.state());
        assertEquals(OutputCheckStatus.FAILED, s.outputCheck());
        assertEquals(2, s.outputFilesChecked());
        assertEquals(List.of(missing.describe()), s.invariantViolations());
        assertTrue(s.invariantViolations().get(0).contains("b.jpg.svg"));
        assertEquals(1L, s.qaIssues().byCategory().get(QaCategories.OUTPUT_MISSING_OR_CHANGED));
        assertEquals(1, s.qaIssues().total());
        assertNull(ledger.verificationRequest(), "verified once");
    }

    @Test
    void aCheckThatRacedWithANewResultIsDiscarded() {
        RunLedger ledger = ledger(true);
        ledger.apply(opened(RUN, "/out", "/admin", t(0)));
        ledger.apply(sealed(RUN, 1, t(1)));
        ledger.apply(created(RUN, "j1", "a.jpg", t(2)));
        VerificationRequest request = ledger.verificationRequest();
        ledger.apply(created(RUN, "j2", "b.jpg", t(3)));
        assertFalse(ledger.recordOutputCheck(request, new OutputCheck(1, List.of())));
        VerificationRequest again = ledger.verificationRequest();
        assertEquals(2, again.createdItems().size());
        assertTrue(ledger.recordOutputCheck(again, new OutputCheck(2, List.of())));
        assertEquals(OutputCheckStatus.PASSED, ledger.summary().outputCheck());
    }

    @Test
    void aCreatedResultWithoutOutputsIsAViolation() {
        RunLedger ledger = ledger(false);
        ledger.apply(result(RUN, "j1", "a.jpg", t(1)).setOutputs(List.of()).build());
        assertEquals(1, ledger.summary().invariantViolations().size());
        assertTrue(ledger.summary().invariantViolations().get(0).contains("j1"));
    }

    @Test
    void itemsCarryTheContractFields() {
        RunLedger ledger = ledger(false);
        ledger.apply(created(RUN, "j1", "sub/a.jpg", t(1)));
        ledger.apply(result(RUN, "j0", "other.jpg", t(2)).setSourceRoot("").build());
        List<ItemLine> items = ledger.snapshot().items();
        assertEquals(List.of("/photos/a/sub/a.jpg", "other.jpg"), items.stream().map(l -> l.item().sourcePath()).toList());
        ItemRecord first = items.get(0).item();
        assertEquals("1.0+abc", first.workerBuild());
        assertEquals(1234L, first.durationMs());
        assertEquals("sub/a.jpg", first.relativePath());
    }

    @Test
    void eventsOfAnotherRunAreRefused() {
        RunLedger ledger = ledger(false);
        try {
            ledger.apply(created("other", "j1", "a.jpg", t(1)));
        } catch (IllegalArgumentException expected) {
            assertEquals(0, ledger.summary().processed());
            return;
        }
        throw new AssertionError("accepted a result of another run");
    }

    /** The section-5 invariants every summary must satisfy. */
    static void assertInvariants(RunSummary s) {
        assertEquals(s.processed(), s.created() + s.rejected() + s.failed(), "processed = created + rejected + failed");
        assertEquals(s.rejected(), s.rejectedByReason().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(s.failed(), s.failedByReason().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(s.processed(), s.workers().stream().mapToLong(WorkerTally::items).sum());
        if (s.sealed()) {
            assertEquals((long) s.expected(), s.processed() + s.outstanding(), "processed + outstanding = expected");
        }
        if (s.state() == RunState.COMPLETE) {
            assertEquals(0L, s.outstanding());
        }
    }
}
