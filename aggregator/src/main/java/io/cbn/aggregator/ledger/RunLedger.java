package io.cbn.aggregator.ledger;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jboss.logging.Logger;

import io.cbn.schemas.JobResult;
import io.cbn.schemas.Metrics;
import io.cbn.schemas.Outcome;
import io.cbn.schemas.OutputFile;
import io.cbn.schemas.RunEvent;
import io.cbn.schemas.RunEventType;
import io.cbn.schemas.WorkerBuild;

/**
 * The arithmetic of one run: applies run events and job results in any order, de-duplicates by
 * jobId (the first terminal result wins, later ones only count in {@code duplicatesIgnored}) and
 * answers consistent snapshots. The result does not depend on how run events and results
 * interleave, only on the order of each job's own results (one partition, so fixed). Plain Java, thread-safe (every public method locks the ledger).
 *
 * <p>Everything recorded comes from message contents (event times included), never from the
 * consumer's clock, so re-reading the same topics rebuilds the same ledger; the clock is used only
 * to decide INCOMPLETE (sealed, outstanding, no activity for the stall timeout).
 */
public final class RunLedger {

    private static final Logger LOG = Logger.getLogger(RunLedger.class);

    /** Reason code used when a REJECTED/FAILED result carries none. */
    public static final String UNSPECIFIED_REASON = "UNSPECIFIED";

    /** At most this many output problems are listed one by one in invariantViolations. */
    static final int MAX_LISTED_OUTPUT_PROBLEMS = 1000;

    /** Whether a result was counted or ignored as a duplicate. */
    public enum Applied { COUNTED, DUPLICATE }

    private final String runId;
    private final LedgerSettings settings;

    private boolean opened;
    private List<String> sourcePaths = List.of();
    private String outputPath;
    private String adminPath;
    private Instant openedAt;

    private Long expected;
    private Instant sealedAt;
    private long excludedFiles;
    private List<String> walkErrors = List.of();

    private final Map<String, ItemRecord> items = new HashMap<>();
    private long created;
    private long rejected;
    private long failed;
    private long duplicatesIgnored;
    private final Map<String, Long> rejectedByReason = new TreeMap<>();
    private final Map<String, Long> failedByReason = new TreeMap<>();
    /** worker id -> build -> counted items. */
    private final Map<String, Map<String, Long>> workers = new TreeMap<>();
    /** output path -> first job that listed it. */
    private final Map<String, String> outputOwners = new HashMap<>();
    /** jobId -> QA categories, only for items with at least one issue. */
    private final Map<String, SortedSet<String>> issuesByJob = new HashMap<>();

    /** Violations found while applying events (conflicting OPENED/SEALED, CREATED without outputs, ...). */
    private final List<String> eventViolations = new ArrayList<>();
    private boolean overCountLogged;

    private OutputCheck outputCheck;
    /** Bumped on every counted result; a verification answer for an older value is stale. */
    private long countedSeq;

    private Instant lastActivityAt;
    private Instant updatedAt;
    /** Latest finishedAt of a counted result. */
    private Instant lastCountedAt;
    /** Bumped on every change of the summary or items. */
    private long version;

    public RunLedger(String runId, LedgerSettings settings) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public String runId() {
        return runId;
    }

    /** Changes with every applied event that altered the run; unchanged for no-op events. */
    public synchronized long version() {
        return version;
    }

    /** Admin path from OPENED; null until OPENED arrived. */
    public synchronized String adminPath() {
        return adminPath;
    }

    /**
     * Applies OPENED or SEALED. A repeated identical event changes nothing; a conflicting one keeps
     * the first and records an invariant violation.
     */
    public synchronized void apply(RunEvent event) {
        requireRun(event.getRunId());
        Instant at = event.getAt();
        touchActivity(at);
        if (event.getType() == RunEventType.OPENED) {
            applyOpened(event, at);
        } else if (event.getType() == RunEventType.SEALED) {
            applySealed(event, at);
        }
    }

    private void applyOpened(RunEvent event, Instant at) {
        if (!opened) {
            opened = true;
            sourcePaths = List.copyOf(event.getSourcePaths());
            outputPath = event.getOutputPath();
            adminPath = event.getAdminPath();
            openedAt = at;
            changed(at);
            return;
        }
        if (!Objects.equals(outputPath, event.getOutputPath()) || !Objects.equals(adminPath, event.getAdminPath())
                || !sourcePaths.equals(event.getSourcePaths())) {
            violation(at, "conflicting OPENED at " + at + " (outputPath " + event.getOutputPath() + ", adminPath "
                    + event.getAdminPath() + ", sourcePaths " + event.getSourcePaths() + "); the first OPENED is kept");
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

    /** Applies one job result: counted if it is the first for its jobId, otherwise a duplicate. */
    public synchronized Applied apply(JobResult result) {
        requireRun(result.getRunId());
        Instant at = result.getFinishedAt();
        touchActivity(at);
        ItemRecord first = items.get(result.getJobId());
        if (first != null) {
            duplicatesIgnored++;
            if (first.outcome() != result.getOutcome()) {
                LOG.warnf("run %s job %s reported again with outcome %s (attempt %d, worker %s); the first outcome %s stands",
                        runId, result.getJobId(), result.getOutcome(), result.getAttempt(), result.getWorkerId(),
                        first.outcome());
            }
            changed(at);
            return Applied.DUPLICATE;
        }
        ItemRecord item = toItem(result);
        items.put(item.jobId(), item);
        if (at != null && (lastCountedAt == null || at.isAfter(lastCountedAt))) {
            lastCountedAt = at;
        }
        countedSeq++;
        count(item, at);
        if (outputCheck != null) {
            // a result beyond the verified set: verify again so every listed output is covered
            outputCheck = null;
            clearCategory(QaCategories.OUTPUT_MISSING_OR_CHANGED);
        }
        changed(at);
        checkCounts();
        return Applied.COUNTED;
    }

    private void count(ItemRecord item, Instant at) {
        switch (item.outcome()) {
            case CREATED -> {
                created++;
                for (String flag : item.qaFlags()) {
                    addIssue(item.jobId(), flag);
                }
                if (item.outputs().isEmpty()) {
                    violation(at, "CREATED job " + item.jobId() + " (" + item.sourcePath() + ") lists no outputs");
                }
            }
            case REJECTED -> {
                rejected++;
                rejectedByReason.merge(item.reason(), 1L, Long::sum);
                addIssue(item.jobId(), QaCategories.FILES_NOT_CREATED);
            }
            case FAILED -> {
                failed++;
                failedByReason.merge(item.reason(), 1L, Long::sum);
                addIssue(item.jobId(), QaCategories.FILES_NOT_CREATED);
            }
        }
        workers.computeIfAbsent(item.workerId(), id -> new TreeMap<>()).merge(item.workerBuild(), 1L, Long::sum);
        for (OutputRef output : item.outputs()) {
            String owner = outputOwners.putIfAbsent(output.path(), item.jobId());
            if (owner != null && !owner.equals(item.jobId())) {
                addIssue(owner, QaCategories.OUTPUT_PATH_COLLISION);
                addIssue(item.jobId(), QaCategories.OUTPUT_PATH_COLLISION);
                LOG.warnf("run %s: output path %s listed by jobs %s and %s", runId, output.path(), owner, item.jobId());
            }
        }
    }

    private ItemRecord toItem(JobResult r) {
        String root = r.getSourceRoot() == null ? "" : r.getSourceRoot();
        String sourcePath = root.isEmpty() ? r.getRelativePath() : stripTrailingSlash(root) + "/" + r.getRelativePath();
        String reason = r.getReason();
        if (r.getOutcome() != Outcome.CREATED && (reason == null || reason.isBlank())) {
            reason = UNSPECIFIED_REASON;
        }
        List<OutputRef> outputs = new ArrayList<>();
        for (OutputFile f : r.getOutputs()) {
            outputs.add(new OutputRef(f.getPath(), f.getBytes(), f.getSha256()));
        }
        Metrics metrics = r.getMetrics();
        return new ItemRecord(r.getJobId(), sourcePath, r.getRelativePath(), r.getOutcome(), reason, r.getMessage(),
                outputs, r.getWorkerId(), buildLabel(r.getWorkerBuild()), r.getAttempt(),
                metrics == null ? null : metrics.getDurationMs(), r.getQaFlags(), r.getFinishedAt());
    }

    /** "version+commit", or just the version when the commit is empty. */
    public static String buildLabel(WorkerBuild build) {
        if (build == null) {
            return "unknown";
        }
        String commit = build.getCommit();
        return commit == null || commit.isEmpty() ? build.getVersion() : build.getVersion() + "+" + commit;
    }

    private static String stripTrailingSlash(String root) {
        String r = root;
        while (r.length() > 1 && r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }

    /**
     * The outputs to re-hash if the run just reached zero outstanding and has not been verified;
     * null when there is nothing to verify now (verification off, not sealed, outstanding, no
     * output path known yet, or already verified).
     */
    public synchronized VerificationRequest verificationRequest() {
        if (!settings.verifyOutputs() || outputCheck != null || expected == null || outputPath == null
                || processed() < expected) {
            return null;
        }
        List<ItemRecord> createdItems = new ArrayList<>();
        for (ItemRecord item : items.values()) {
            if (item.outcome() == Outcome.CREATED) {
                createdItems.add(item);
            }
        }
        createdItems.sort(Comparator.comparing(ItemRecord::jobId));
        return new VerificationRequest(runId, Path.of(outputPath), createdItems, countedSeq);
    }

    /**
     * Records the answer to {@link #verificationRequest()}. Ignored (returns false) when a result was
     * counted since the request was taken: the caller asks again.
     */
    public synchronized boolean recordOutputCheck(VerificationRequest request, OutputCheck check) {
        if (request.countedSeq() != countedSeq || outputCheck != null) {
            return false;
        }
        outputCheck = check;
        clearCategory(QaCategories.OUTPUT_MISSING_OR_CHANGED);
        for (OutputProblem problem : check.problems()) {
            addIssue(problem.jobId(), QaCategories.OUTPUT_MISSING_OR_CHANGED);
            LOG.errorf("run %s invariant violation: %s", runId, problem.describe());
        }
        version++;
        return true;
    }

    /** Expected (NaN until sealed), processed and outstanding (NaN until sealed), for metrics gauges. */
    public synchronized double[] progress() {
        long processed = processed();
        return new double[] {
            expected == null ? Double.NaN : expected,
            processed,
            expected == null ? Double.NaN : Math.max(0, expected - processed)
        };
    }

    /** A snapshot of the summary only (cheap: no item list). */
    public synchronized RunSummary summary() {
        return buildSummary(settings.clock().instant());
    }

    /** A consistent summary + sorted item lines. */
    public synchronized RunSnapshot snapshot() {
        RunSummary summary = buildSummary(settings.clock().instant());
        List<ItemLine> lines = new ArrayList<>(items.size());
        for (ItemRecord item : items.values()) {
            SortedSet<String> issues = issuesByJob.get(item.jobId());
            lines.add(new ItemLine(item, issues == null ? List.of() : List.copyOf(issues)));
        }
        lines.sort(Comparator.comparing((ItemLine l) -> l.item().sourcePath()).thenComparing(l -> l.item().jobId()));
        return new RunSnapshot(summary, lines);
    }

    /** The state right now (the stall decision uses the clock). */
    public synchronized RunState state() {
        return stateAt(settings.clock().instant());
    }

    private RunState stateAt(Instant now) {
        if (expected == null) {
            return RunState.RUNNING;
        }
        if (processed() >= expected) {
            return settings.verifyOutputs() && outputCheck == null ? RunState.RUNNING : RunState.COMPLETE;
        }
        if (lastActivityAt != null && !now.isBefore(lastActivityAt.plus(settings.stallTimeout()))) {
            return RunState.INCOMPLETE;
        }
        return RunState.RUNNING;
    }

    private RunSummary buildSummary(Instant now) {
        RunState state = stateAt(now);
        long processed = processed();
        Long outstanding = expected == null ? null : Math.max(0, expected - processed);
        List<WorkerTally> tallies = new ArrayList<>();
        workers.forEach((id, builds) -> builds.forEach((build, n) -> tallies.add(new WorkerTally(id, build, n))));
        OutputCheckStatus checkStatus = !settings.verifyOutputs() ? OutputCheckStatus.DISABLED
                : outputCheck == null ? OutputCheckStatus.PENDING
                : outputCheck.passed() ? OutputCheckStatus.PASSED : OutputCheckStatus.FAILED;
        return new RunSummary(runId, state, expected, processed, created, rejected, failed, outstanding, qaIssues(),
                rejectedByReason, failedByReason, duplicatesIgnored, tallies, openedAt, sealedAt,
                state == RunState.COMPLETE ? completedAt() : null, updatedAt, lastActivityAt, invariantViolations(),
                sourcePaths, outputPath, adminPath, excludedFiles, walkErrors, checkStatus,
                outputCheck == null ? 0 : outputCheck.filesChecked(),
                outputCheck == null ? 0 : outputCheck.problems().size());
    }

    /**
     * When the last piece arrived: the later of the SEALED time and the latest counted result. Taken
     * from the messages, so it does not depend on how the two topics interleave on a replay.
     */
    private Instant completedAt() {
        if (lastCountedAt == null || sealedAt.isAfter(lastCountedAt)) {
            return sealedAt;
        }
        return lastCountedAt;
    }

    private long processed() {
        return items.size();
    }

    private QaIssues qaIssues() {
        Map<String, Long> counts = new HashMap<>();
        for (SortedSet<String> categories : issuesByJob.values()) {
            for (String category : categories) {
                counts.merge(category, 1L, Long::sum);
            }
        }
        Map<String, Long> ordered = new LinkedHashMap<>();
        ordered.put(QaCategories.FILES_NOT_CREATED, counts.getOrDefault(QaCategories.FILES_NOT_CREATED, 0L));
        counts.entrySet().stream()
                .filter(e -> !e.getKey().equals(QaCategories.FILES_NOT_CREATED))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        // total = items with at least one issue (not the sum of the categories)
        return new QaIssues(issuesByJob.size(), ordered);
    }

    /** Invariants, checked on every snapshot; each entry is one plain-language finding. */
    private List<String> invariantViolations() {
        List<String> found = new ArrayList<>();
        long processed = processed();
        if (processed != created + rejected + failed) {
            found.add("processed " + processed + " != created " + created + " + rejected " + rejected + " + failed "
                    + failed);
        }
        if (expected != null) {
            long outstanding = Math.max(0, expected - processed);
            if (processed + outstanding != expected) {
                found.add("processed " + processed + " + outstanding " + outstanding + " != expected " + expected
                        + ": results for more jobs than were enqueued");
            }
        }
        // sorted: the two topics interleave differently on every replay
        found.addAll(eventViolations.stream().sorted().toList());
        if (outputCheck != null) {
            List<OutputProblem> problems = outputCheck.problems();
            for (int i = 0; i < problems.size() && i < MAX_LISTED_OUTPUT_PROBLEMS; i++) {
                found.add(problems.get(i).describe());
            }
            if (problems.size() > MAX_LISTED_OUTPUT_PROBLEMS) {
                found.add((problems.size() - MAX_LISTED_OUTPUT_PROBLEMS)
                        + " more output problems (items.jsonl lists every item in '" + QaCategories.OUTPUT_MISSING_OR_CHANGED
                        + "')");
            }
        }
        return found;
    }

    private void checkCounts() {
        if (expected != null && processed() > expected && !overCountLogged) {
            overCountLogged = true;
            LOG.errorf("run %s invariant violation: processed %d exceeds expected %d", runId, processed(), expected);
        }
    }

    private void addIssue(String jobId, String category) {
        issuesByJob.computeIfAbsent(jobId, id -> new TreeSet<>()).add(category);
    }

    private void clearCategory(String category) {
        issuesByJob.values().forEach(set -> set.remove(category));
        issuesByJob.values().removeIf(SortedSet::isEmpty);
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
}
