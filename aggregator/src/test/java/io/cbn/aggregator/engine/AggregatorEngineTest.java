package io.cbn.aggregator.engine;

import static io.cbn.aggregator.testing.Events.T0;
import static io.cbn.aggregator.testing.Events.created;
import static io.cbn.aggregator.testing.Events.notCreated;
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
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cbn.aggregator.ledger.LedgerSettings;
import io.cbn.aggregator.ledger.OutputCheckMode;
import io.cbn.aggregator.report.OutputVerifier;
import io.cbn.aggregator.testing.Feed;
import io.cbn.aggregator.testing.MutableClock;
import io.cbn.schemas.JobResult;
import io.cbn.schemas.Outcome;
import io.cbn.schemas.RunEvent;
import io.cbn.schemas.RunNotice;

/**
 * The aggregator core on real files, fed encoded messages with partitions and offsets as the
 * consumer hands them over (docs/design.md, "Aggregator state"): checkpoint restart equals
 * rebuild, closed runs stay final, unknown runs, bad input, an unwritable admin path.
 */
class AggregatorEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(T0.plusSeconds(1000));

    private Aggregator aggregator(Path stateDir, OutputCheckMode mode, Duration checkpointEvery, int maxUnknown) {
        return new Aggregator(new Aggregator.Settings(new LedgerSettings(clock, Duration.ofMinutes(30), mode), stateDir,
                checkpointEvery, Duration.ZERO, maxUnknown, 100, 2, Feed.RUNS, Feed.RESULTS), clock, null);
    }

    private static Instant t(int s) {
        return T0.plusSeconds(s);
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (String name : List.of("summary.json", "summary.txt", "items.jsonl")) {
            m.put(name, Files.readAllBytes(dir.resolve(name)));
        }
        return m;
    }

    /** An open run with duplicates, failures, a held root and results that came before OPENED. */
    private Feed openRunFeed(Path admin) {
        Feed feed = new Feed(4);
        String run = "r-open";
        for (int i = 0; i < 5; i++) {
            feed.result(created(run, "early-" + i, "early/" + i + ".jpg", t(i)));
        }
        feed.event(opened(run, tmp.resolve("out").toString(), admin.toString(), t(0)));
        for (int i = 0; i < 400; i++) {
            JobResult r = i % 40 == 0 ? notCreated(run, "j" + i, "f" + i + ".jpg", Outcome.FAILED, "DECODE_ERROR", t(10 + i))
                    : i % 33 == 0 ? notCreated(run, "j" + i, "f" + i + ".jpg", Outcome.REJECTED, "TOO_SMALL", t(10 + i))
                    : result(run, "j" + i, "f" + i + ".jpg", t(10 + i)).setWorkerId("w" + i % 3)
                    .setReused(i % 9 == 0).setQaFlags(i % 17 == 0 ? List.of("DAMAGED_SOURCE") : List.of()).build();
            feed.result(r);
            if (i % 50 == 7) {
                feed.result(JobResult.newBuilder(r).setAttempt(2).setFinishedAt(t(500 + i)).build());
            }
            if (i == 200) {
                feed.notice(RunNotice.newBuilder().setRunId(run).setKind("HELD").setRoot("/photos/b")
                        .setReason("SOURCE_ROOT_MISSING").setSince(t(200)).setJobs(12).setOrigin("w1").setAt(t(201))
                        .build());
                feed.raw(Feed.RESULTS, 1, new byte[] {1, 2, 3});
                feed.raw(Feed.RUNS, 0, new byte[] {(byte) 0xC3, 1, 9, 9, 9, 9, 9, 9, 9, 9, 0});
            }
        }
        feed.event(sealed(run, 500, t(1000))); // 405 of 500: stays open
        return feed;
    }

    @Test
    void aRestartFromACheckpointAndARebuildFromScratchGiveByteIdenticalFilesForAnOpenRun() throws IOException {
        Path admin = tmp.resolve("admin");
        Feed feed = openRunFeed(admin);
        Path runDir = admin.resolve("runs/r-open");
        int all = feed.records().size();

        Aggregator scratch = aggregator(tmp.resolve("state-scratch"), OutputCheckMode.NONE, Duration.ofHours(1), 1000);
        assertEquals(Map.of(), scratch.start());
        feed.feed(scratch, 0, all);
        scratch.tick(true, true);
        assertEquals(2, scratch.undecodable());
        Map<String, byte[]> rebuilt = files(runDir);
        JsonNode summary = JSON.readTree(rebuilt.get("summary.json"));
        assertEquals(405, summary.get("processed").asInt());
        assertEquals(8, summary.get("duplicatesIgnored").asInt());
        assertEquals("SOURCE_ROOT_MISSING", summary.get("held").get(0).get("reason").asText());
        assertEquals(12, summary.get("held").get(0).get("jobs").asInt());
        assertTrue(summary.get("reused").asInt() > 0);
        assertEquals(405, new String(rebuilt.get("items.jsonl")).lines().count());
        deleteTree(admin);

        // first life: a checkpoint part way, then more lines appended after it, then a crash (no stop)
        Path state = tmp.resolve("state");
        Aggregator first = aggregator(state, OutputCheckMode.NONE, Duration.ofHours(1), 1000);
        first.start();
        feed.feed(first, 0, 150);
        first.tick(true, true);
        feed.feed(first, 150, 300);
        first.tick(true, false); // items.jsonl and summary written past the checkpoint, no new checkpoint
        assertTrue(Files.size(runDir.resolve("items.jsonl")) > 0);

        Aggregator second = aggregator(state, OutputCheckMode.NONE, Duration.ofHours(1), 1000);
        Map<String, Long> positions = second.start();
        assertFalse(positions.isEmpty());
        feed.feedFrom(second, positions);
        second.tick(true, true);
        Map<String, byte[]> restarted = files(runDir);
        for (String name : rebuilt.keySet()) {
            assertEquals(new String(rebuilt.get(name)), new String(restarted.get(name)), name);
        }
    }

    @Test
    void aClosedRunIsNeverRewrittenAndWhatComesLaterGoesToItsSideRecord() throws Exception {
        Path admin = tmp.resolve("admin");
        Path out = tmp.resolve("out");
        Feed feed = new Feed(2);
        feed.event(opened("r-done", out.toString(), admin.toString(), t(0)));
        for (int i = 0; i < 3; i++) {
            Path svg = out.resolve("f" + i + ".svg");
            Files.createDirectories(out);
            Files.writeString(svg, "<svg>" + i + "</svg>");
            feed.result(result("r-done", "j" + i, "f" + i + ".jpg", t(i + 1))
                    .setOutputs(List.of(output("f" + i + ".svg", Files.size(svg), OutputVerifier.sha256(svg)))).build());
        }
        feed.event(sealed("r-done", 3, t(5)));
        int closedAt = feed.records().size();

        Path state = tmp.resolve("state");
        Aggregator agg = aggregator(state, OutputCheckMode.STAT, Duration.ofHours(1), 1000);
        agg.start();
        feed.feed(agg, 0, closedAt);
        agg.tick(true, false);
        Path runDir = admin.resolve("runs/r-done");
        JsonNode summary = JSON.readTree(runDir.resolve("summary.json").toFile());
        assertEquals("COMPLETE", summary.get("state").asText());
        assertEquals("PASSED", summary.get("outputCheck").get("status").asText());
        assertEquals("STAT", summary.get("outputCheck").get("mode").asText());
        assertTrue(agg.openRun("r-done").isEmpty());
        assertTrue(agg.closedRun("r-done").isPresent());
        Map<String, byte[]> before = files(runDir);
        Map<String, FileTime> mtimes = new LinkedHashMap<>();
        for (String name : before.keySet()) {
            mtimes.put(name, Files.getLastModifiedTime(runDir.resolve(name)));
        }

        // an output moved away, a late duplicate, a late new job and a retry of the run
        Files.delete(out.resolve("f0.svg"));
        feed.result(created("r-done", "j1", "f1.jpg", t(60)));
        feed.result(notCreated("r-done", "j9", "f9.jpg", Outcome.FAILED, "IO_ERROR", t(61)));
        feed.event(RunEvent.newBuilder(opened("r-retry", out.toString(), admin.toString(), t(70))).setRetryOf("r-done")
                .build());
        feed.feed(agg, closedAt, feed.records().size());
        agg.tick(true, true);
        JsonNode late = JSON.readTree(runDir.resolve("late.json").toFile());
        assertEquals(2, late.get("lateResults").asInt());
        assertEquals("j9", late.get("lastJobIds").get(1).asText());
        assertEquals("r-retry", late.get("retriedBy").get(0).asText());

        // restart from the checkpoint, and a rebuild from scratch with the state lost: nothing touched
        Aggregator restarted = aggregator(state, OutputCheckMode.STAT, Duration.ofHours(1), 1000);
        feed.feedFrom(restarted, restarted.start());
        restarted.tick(true, true);
        Aggregator lostState = aggregator(tmp.resolve("state-lost"), OutputCheckMode.STAT, Duration.ofHours(1), 1000);
        feed.feedFrom(lostState, lostState.start());
        lostState.tick(true, true);
        assertTrue(lostState.closedRun("r-done").isPresent());
        for (String name : before.keySet()) {
            assertEquals(new String(before.get(name)), Files.readString(runDir.resolve(name)), name);
            assertEquals(mtimes.get(name), Files.getLastModifiedTime(runDir.resolve(name)), name);
        }
        assertEquals(late, JSON.readTree(runDir.resolve("late.json").toFile()), "late results are not counted twice");
    }

    @Test
    void messagesOfUnknownRunsAreKeptAsideBoundedAndAppliedWhenTheRunOpens() throws IOException {
        Path admin = tmp.resolve("admin");
        Feed feed = new Feed(1);
        for (int i = 0; i < 4; i++) {
            feed.result(created("r-late-open", "j" + i, "f" + i + ".jpg", t(i)));
        }
        for (int i = 0; i < 3; i++) {
            feed.result(created("r-never", "n" + i, "n" + i + ".jpg", t(i)));
        }
        Aggregator agg = aggregator(tmp.resolve("state"), OutputCheckMode.NONE, Duration.ofHours(1), 5);
        agg.start();
        feed.feed(agg, 0, feed.records().size());
        assertEquals(5, agg.unknownRecords());
        assertEquals(2, agg.unknownDropped(), "the bound drops the oldest run's messages first");
        assertEquals("r-late-open", agg.unknownRuns().get(0).runId());

        Feed more = new Feed(1);
        more.event(opened("r-late-open", "/out", admin.toString(), t(0))).event(sealed("r-late-open", 4, t(9)));
        more.feed(agg, 0, 2);
        agg.tick(true, false);
        assertEquals(List.of("r-never"), agg.unknownRuns().stream().map(v -> v.runId()).toList());
        JsonNode summary = JSON.readTree(admin.resolve("runs/r-late-open/summary.json").toFile());
        assertEquals(2, summary.get("processed").asInt());
        assertEquals("RUNNING", summary.get("state").asText());
    }

    @Test
    void anUnwritableAdminPathIsNamedAndRecoversByItselfWithNothingLost() throws IOException {
        Path admin = tmp.resolve("admin");
        Files.writeString(admin, "a file where the admin directory should be");
        Feed feed = new Feed(1);
        feed.event(opened("r-x", "/out", admin.toString(), t(0)));
        for (int i = 0; i < 3; i++) {
            feed.result(created("r-x", "j" + i, "f" + i + ".jpg", t(i)));
        }
        feed.event(sealed("r-x", 3, t(9)));
        Aggregator agg = aggregator(tmp.resolve("state"), OutputCheckMode.NONE, Duration.ZERO, 100);
        agg.start();
        feed.feed(agg, 0, feed.records().size());
        agg.tick(true, false);
        assertEquals(List.of(admin.resolve("runs/r-x").toString()), List.copyOf(agg.failingPaths().keySet()));
        assertTrue(agg.openRun("r-x").isPresent());

        Files.delete(admin);
        agg.tick(true, false);
        assertEquals(Map.of(), agg.failingPaths());
        assertTrue(agg.closedRun("r-x").isPresent());
        assertEquals(3, Files.readAllLines(admin.resolve("runs/r-x/items.jsonl")).size());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
