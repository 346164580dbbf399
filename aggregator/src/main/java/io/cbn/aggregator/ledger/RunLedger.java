package io.cbn.aggregator.ledger;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jboss.logging.Logger;

import io.cbn.schemas.JobResult;
import io.cbn.schemas.RunEvent;
import io.cbn.schemas.RunEventType;
import io.cbn.schemas.RunNotice;

/**
 * The life of one open run: OPENED, SEALED, held roots and cancel notices, counted results, the
 * completion-time output check, and the state that follows (docs/design.md, "Aggregator state").
 * De-duplication and counts are {@link Tally}'s, QA categories {@link QaIndex}'s, holds
 * {@link HeldRoots}'; the Avro mapping is {@link ItemMapping}. The ledger keeps no item list: a
 * counted result is handed back ({@link Counted}) for the caller to append to items.jsonl, so
 * memory per run is a few dozen bytes per job.
 *
 * <p>Everything recorded comes from message contents (event times included), never from the
 * consumer's clock, so the same messages in the same order give the same state; the clock is used
 * only to decide INCOMPLETE. Thread-safe: every public method locks the ledger.
 */
public final class RunLedger {

    private static final Logger LOG = Logger.getLogger(RunLedger.class);

    /** At most this many output problems are listed one by one in invariantViolations. */
    public static final int MAX_LISTED_OUTPUT_PROBLEMS = 1000;

    /** A result counted for the first time: the line to append to items.jsonl. */
    public record Counted(ItemRecord item, List<String> qaIssues) {
    }

    private final String runId;
    private final LedgerSettings settings;

    private List<String> sourcePaths = List.of();
    private String outputPath;
    private String adminPath;
    private String retryOf;
    private Instant openedAt;
    private Long expected;
    private Instant sealedAt;
    private long excludedFiles;
    private List<String> walkErrors = List.of();
    private Instant cancelRequestedAt;

    private Tally tally = new Tally();
    private QaIndex qa = new QaIndex();
    private HeldRoots held = new HeldRoots();

    /** Violations found while applying events (conflicting OPENED/SEALED, CREATED without outputs, ...). */
    private List<String> eventViolations = new ArrayList<>();
    private boolean overCountLogged;

    private boolean checked;
    private long filesChecked;
    private long outputProblems;
    private List<String> listedProblems = new ArrayList<>();

    private Instant lastActivityAt;
    private Instant updatedAt;
    private Instant lastCountedAt;
    private long version;
    /** The worst wanted-to-printed dE00 of the counted items and its source path (checkpoint format 2). */
    private RunSummary.WorstColour worstColour;

    /** A ledger for a run whose OPENED is {@code opened}. */
    public RunLedger(RunEvent opened, LedgerSettings settings) {
        this.runId = Objects.requireNonNull(opened.getRunId(), "runId");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (opened.getType() != RunEventType.OPENED) {
            throw new IllegalArgumentException("a ledger starts with OPENED, not " + opened.getType());
        }
        sourcePaths = List.copyOf(opened.getSourcePaths());
        outputPath = opened.getOutputPath();
        adminPath = opened.getAdminPath();
        retryOf = opened.getRetryOf();
        openedAt = opened.getAt();
        touchActivity(openedAt);
        changed(openedAt);
    }

    private RunLedger(String runId, LedgerSettings settings) {
        this.runId = runId;
        this.settings = settings;
    }

    public String runId() {
        return runId;
    }

    /** Changes with every applied event that altered the run. */
    public synchronized long version() {
        return version;
    }

    public synchronized String adminPath() {
        return adminPath;
    }

    public synchronized String outputPath() {
        return outputPath;
    }

    public synchronized String retryOf() {
        return retryOf;
    }

    /** Applies a repeated OPENED or a SEALED: a conflicting one keeps the first and records a violation. */
    public synchronized void apply(RunEvent event) {
        requireRun(event.getRunId());
        Instant at = event.getAt();
        touchActivity(at);
        if (event.getType() == RunEventType.OPENED) {
            if (!Objects.equals(outputPath, event.getOutputPath()) || !Objects.equals(adminPath, event.getAdminPath())
                    || !sourcePaths.equals(event.getSourcePaths())) {
                violation(at, "conflicting OPENED at " + at + " (outputPath " + event.getOutputPath() + ", adminPath "
                        + event.getAdminPath() + ", sourcePaths " + event.getSourcePaths()
                        + "); the first OPENED is kept");
            }
        } else if (event.getType() == RunEventType.SEALED) {
            applySealed(event, at);
        }
    }

    private void applySealed(RunEvent event, Instant at) {
        Long count = event.getExpectedJobs();
        if (count == null || count < 0) {
            violation(at, "SEALED at " + at + " without a valid expectedJobs (" + count + "); ignored");
            return;
        }
        if (expected == null) {
            expected = count;
            sealedAt = at;
            excludedFiles = event.getExcludedFiles();
            walkErrors = List.copyOf(event.getWalkErrors());
            changed(at);
            checkCounts();
            return;
        }
        if (!expected.equals(count)) {
            violation(at, "conflicting SEALED at " + at + " with expectedJobs " + count + "; the first SEALED ("
                    + expected + ") is kept");
        }
    }

    /** HELD, RELEASED, CANCEL; unknown kinds are ignored (kind is a string so new kinds never break us). */
    public synchronized void apply(RunNotice notice) {
        requireRun(notice.getRunId());
        Instant at = notice.getAt();
        touchActivity(at);
        boolean changed = switch (notice.getKind()) {
            case "HELD" -> held.held(notice.getRoot(), notice.getReason(), notice.getSince(), notice.getJobs(),
                    notice.getOrigin());
            case "RELEASED" -> held.released(notice.getRoot(), notice.getOrigin());
            case "CANCEL" -> {
                if (cancelRequestedAt == null || (at != null && at.isBefore(cancelRequestedAt))) {
                    cancelRequestedAt = at;
                    yield true;
                }
                yield false;
            }
            default -> {
                LOG.debugf("run %s: notice of unknown kind %s ignored", runId, notice.getKind());
                yield false;
            }
        };
        if (changed) {
            changed(at);
        }
    }

    /** Applies one job result: the item to append if it is the first for its jobId, null for a duplicate. */
    public synchronized Counted apply(JobResult result) {
        requireRun(result.getRunId());
        Instant at = result.getFinishedAt();
        touchActivity(at);
        long[] jobHash = Hash128.of(result.getJobId());
        if (!tally.firstResult(jobHash)) {
            version++;
            return null;
        }
        ItemRecord item = ItemMapping.toItem(result);
        tally.count(item);
        if (item.worstDeltaE00() != null && (worstColour == null || item.worstDeltaE00() > worstColour.deltaE00()
                || item.worstDeltaE00() == worstColour.deltaE00() && item.sourcePath().compareTo(worstColour.sourcePath()) < 0)) {
            worstColour = new RunSummary.WorstColour(item.worstDeltaE00(), item.sourcePath());
        }
        List<String> collisions = new ArrayList<>(0);
        List<String> categories = qa.categorise(item, jobHash, collisions);
        for (String path : collisions) {
            LOG.warnf("run %s: output path %s listed again by job %s", runId, path, item.jobId());
        }
        if (item.outcome() == io.cbn.schemas.Outcome.CREATED && item.outputs().isEmpty()) {
            violation(at, "CREATED job " + item.jobId() + " (" + item.sourcePath() + ") lists no outputs");
        }
        if (at != null && (lastCountedAt == null || at.isAfter(lastCountedAt))) {
            lastCountedAt = at;
        }
        changed(at);
        checkCounts();
        return new Counted(item, categories);
    }

    /** True when the run is sealed, nothing is outstanding and the output check has not run yet. */
    public synchronized boolean dueForOutputCheck() {
        return settings.outputCheck() != OutputCheckMode.NONE && !checked && expected != null
                && tally.processed() >= expected;
    }

    /** Records the completion-time output check; its problem jobs join "Output Missing Or Changed". */
    public synchronized void recordOutputCheck(OutputCheckResult check) {
        checked = true;
        filesChecked = check.filesChecked();
        outputProblems = check.problems();
        listedProblems = new ArrayList<>();
        for (OutputProblem p : check.listed()) {
            listedProblems.add(p.describe());
            LOG.errorf("run %s invariant violation: %s", runId, p.describe());
        }
        qa.addToCategory(check.problemJobs(), QaCategories.OUTPUT_MISSING_OR_CHANGED);
        version++;
    }

    /** Expected (NaN until sealed), processed and outstanding (NaN until sealed), for metrics gauges. */
    public synchronized double[] progress() {
        long processed = tally.processed();
        return new double[] {
            expected == null ? Double.NaN : expected,
            processed,
            expected == null ? Double.NaN : Math.max(0, expected - processed)
        };
    }

    public synchronized List<HeldRoots.Held> held() {
        return held.view();
    }

    public synchronized RunState state() {
        return stateAt(settings.clock().instant());
    }

    private RunState stateAt(Instant now) {
        if (expected == null) {
            return RunState.RUNNING;
        }
        if (tally.processed() >= expected) {
            return settings.outputCheck() != OutputCheckMode.NONE && !checked ? RunState.RUNNING : RunState.COMPLETE;
        }
        if (lastActivityAt != null && !now.isBefore(lastActivityAt.plus(settings.stallTimeout()))) {
            return RunState.INCOMPLETE;
        }
        return RunState.RUNNING;
    }

    public synchronized RunSummary summary() {
        RunState state = stateAt(settings.clock().instant());
        OutputCheckStatus status = settings.outputCheck() == OutputCheckMode.NONE ? OutputCheckStatus.DISABLED
                : !checked ? OutputCheckStatus.PENDING
                : outputProblems == 0 ? OutputCheckStatus.PASSED : OutputCheckStatus.FAILED;
        return new RunSummary(
                new RunSummary.Info(runId, sourcePaths, outputPath, adminPath, retryOf, expected, excludedFiles,
                        walkErrors),
                state, tally.view(), qa.view(),
                new RunSummary.Times(openedAt, sealedAt, state == RunState.COMPLETE ? completedAt() : null, updatedAt,
                        lastActivityAt, cancelRequestedAt),
                invariantViolations(),
                new RunSummary.Check(settings.outputCheck(), status, filesChecked, outputProblems),
                held.view(), worstColour);
    }

    /** The later of the SEALED time and the latest counted result: from the messages, not the clock. */
    private Instant completedAt() {
        if (lastCountedAt == null || sealedAt.isAfter(lastCountedAt)) {
            return sealedAt;
        }
        return lastCountedAt;
    }

    private List<String> invariantViolations() {
        List<String> found = new ArrayList<>();
        RunSummary.Counts c = tally.view();
        if (c.processed() != c.created() + c.rejected() + c.failed()) {
            found.add("processed " + c.processed() + " != created " + c.created() + " + rejected " + c.rejected()
                    + " + failed " + c.failed());
        }
        if (expected != null && c.processed() > expected) {
            found.add("processed " + c.processed() + " + outstanding 0 != expected " + expected
                    + ": results for more jobs than were enqueued");
        }
        found.addAll(eventViolations.stream().sorted().toList());
        found.addAll(listedProblems);
        if (outputProblems > listedProblems.size()) {
            found.add((outputProblems - listedProblems.size()) + " more output problems (cbn verify lists every one)");
        }
        return found;
    }

    private void checkCounts() {
        if (expected != null && tally.processed() > expected && !overCountLogged) {
            overCountLogged = true;
            LOG.errorf("run %s invariant violation: processed %d exceeds expected %d", runId, tally.processed(),
                    expected);
        }
    }

    private void violation(Instant at, String text) {
        eventViolations.add(text);
        LOG.errorf("run %s invariant violation: %s", runId, text);
        changed(at);
    }

    private void touchActivity(Instant at) {
        if (at != null && (lastActivityAt == null || at.isAfter(lastActivityAt))) {
            lastActivityAt = at;
            version++;
        }
    }

    private void changed(Instant at) {
        version++;
        if (at != null && (updatedAt == null || at.isAfter(updatedAt))) {
            updatedAt = at;
        }
    }

    private void requireRun(String eventRunId) {
        if (!runId.equals(eventRunId)) {
            throw new IllegalArgumentException("event for run " + eventRunId + " applied to ledger of run " + runId);
        }
    }

    /** The whole ledger, for a checkpoint. */
    public synchronized void write(DataOutput out) throws IOException {
        Io.str(out, runId);
        Io.strings(out, sourcePaths);
        Io.str(out, outputPath);
        Io.str(out, adminPath);
        Io.str(out, retryOf);
        Io.instant(out, openedAt);
        Io.nullableLong(out, expected);
        Io.instant(out, sealedAt);
        out.writeLong(excludedFiles);
        Io.strings(out, walkErrors);
        Io.instant(out, cancelRequestedAt);
        tally.write(out);
        qa.write(out);
        held.write(out);
        Io.strings(out, eventViolations);
        out.writeBoolean(overCountLogged);
        out.writeBoolean(checked);
        out.writeLong(filesChecked);
        out.writeLong(outputProblems);
        Io.strings(out, listedProblems);
        Io.instant(out, lastActivityAt);
        Io.instant(out, updatedAt);
        Io.instant(out, lastCountedAt);
        out.writeBoolean(worstColour != null);
        if (worstColour != null) {
            out.writeDouble(worstColour.deltaE00());
            Io.str(out, worstColour.sourcePath());
        }
    }

    public static RunLedger read(DataInput in, LedgerSettings settings) throws IOException {
        return read(in, settings, 2);
    }

    /** A ledger of checkpoint format 1 (before worstDeltaE00) or 2. */
    public static RunLedger read(DataInput in, LedgerSettings settings, int format) throws IOException {
        RunLedger l = new RunLedger(Io.str(in), settings);
        l.sourcePaths = List.copyOf(Io.strings(in));
        l.outputPath = Io.str(in);
        l.adminPath = Io.str(in);
        l.retryOf = Io.str(in);
        l.openedAt = Io.instant(in);
        l.expected = Io.nullableLong(in);
        l.sealedAt = Io.instant(in);
        l.excludedFiles = in.readLong();
        l.walkErrors = List.copyOf(Io.strings(in));
        l.cancelRequestedAt = Io.instant(in);
        l.tally = Tally.read(in);
        l.qa = QaIndex.read(in);
        l.held = HeldRoots.read(in);
        l.eventViolations = Io.strings(in);
        l.overCountLogged = in.readBoolean();
        l.checked = in.readBoolean();
        l.filesChecked = in.readLong();
        l.outputProblems = in.readLong();
        l.listedProblems = Io.strings(in);
        l.lastActivityAt = Io.instant(in);
        l.updatedAt = Io.instant(in);
        l.lastCountedAt = Io.instant(in);
        if (format >= 2 && in.readBoolean()) {
            l.worstColour = new RunSummary.WorstColour(in.readDouble(), Io.str(in));
        }
        l.version = 1;
        return l;
    }
}
