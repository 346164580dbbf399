package io.cbn.aggregator.ledger;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Immutable view of one run: the content of {@code summary.json} (docs/design.md, "The QA
 * summary"), in parts: what the run is ({@link Info}), its counts, QA issues, times, the output
 * check and held roots.
 *
 * <p>Timestamps are event times taken from the messages (not the aggregator's clock), so replaying
 * the topics rebuilds exactly the same summary.
 */
public record RunSummary(Info info, RunState state, Counts counts, QaIssues qaIssues, Times times,
                         List<String> invariantViolations, Check outputCheck, List<HeldRoots.Held> held,
                         WorstColour worstDeltaE00) {

    /**
     * The largest {@code worstDeltaE00} of the run's counted CREATED items (the worst CIEDE2000 between a colour a
     * template wanted and the colour, or paint, printed) and the item that has it (the smaller source path on a tie);
     * null when no item carried one.
     */
    public record WorstColour(double deltaE00, String sourcePath) {
    }

    public RunSummary(Info info, RunState state, Counts counts, QaIssues qaIssues, Times times,
                      List<String> invariantViolations, Check outputCheck, List<HeldRoots.Held> held) {
        this(info, state, counts, qaIssues, times, invariantViolations, outputCheck, held, null);
    }

    /** From OPENED and SEALED. {@code expected} is null until sealed. */
    public record Info(String runId, List<String> sourcePaths, String outputPath, String adminPath, String retryOf,
                       Long expected, long excludedFiles, List<String> walkErrors) {
        public Info {
            sourcePaths = List.copyOf(sourcePaths);
            walkErrors = List.copyOf(walkErrors);
        }
    }

    /** Outcome counts; reason maps sorted by reason code. */
    public record Counts(long processed, long created, long rejected, long failed, long reused, long duplicatesIgnored,
                         Map<String, Long> rejectedByReason, Map<String, Long> failedByReason,
                         List<WorkerTally> workers) {
        public Counts {
            rejectedByReason = Collections.unmodifiableSortedMap(new TreeMap<>(rejectedByReason));
            failedByReason = Collections.unmodifiableSortedMap(new TreeMap<>(failedByReason));
            workers = List.copyOf(workers);
        }
    }

    /**
     * {@code updatedAt}: latest event that changed the run; {@code lastActivityAt}: latest event of
     * any kind (duplicates included); {@code completedAt}: the later of SEALED and the last counted
     * result, only when COMPLETE; {@code cancelRequestedAt}: first CANCEL notice.
     */
    public record Times(Instant openedAt, Instant sealedAt, Instant completedAt, Instant updatedAt,
                        Instant lastActivityAt, Instant cancelRequestedAt) {
    }

    /** The completion-time output check: mode, status, files checked, problems found. */
    public record Check(OutputCheckMode mode, OutputCheckStatus status, long filesChecked, long problems) {
    }

    public RunSummary {
        invariantViolations = List.copyOf(invariantViolations);
        held = List.copyOf(held);
    }

    public String runId() {
        return info.runId();
    }

    public Long expected() {
        return info.expected();
    }

    public long processed() {
        return counts.processed();
    }

    /** expected - processed, never negative; null until sealed. */
    public Long outstanding() {
        return info.expected() == null ? null : Math.max(0, info.expected() - counts.processed());
    }

    public boolean sealed() {
        return info.expected() != null;
    }
}
