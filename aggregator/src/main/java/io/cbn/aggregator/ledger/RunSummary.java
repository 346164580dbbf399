package io.cbn.aggregator.ledger;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Immutable view of one run: the content of {@code summary.json} (DESIGN.md section 5).
 *
 * <p>Timestamps are event times taken from the messages (not the aggregator's clock), so replaying
 * the topics rebuilds exactly the same summary: {@code updatedAt} is the time of the latest event
 * that changed the run, {@code lastActivityAt} of the latest event at all (duplicates included),
 * {@code completedAt} of the event that brought outstanding to zero (null unless COMPLETE).
 *
 * <p>Reason maps are sorted by reason code.
 *
 * @param expected    null until sealed
 * @param outstanding expected - processed, never negative; null until sealed
 */
public record RunSummary(String runId, RunState state, Long expected, long processed, long created, long rejected,
                         long failed, Long outstanding, QaIssues qaIssues, Map<String, Long> rejectedByReason,
                         Map<String, Long> failedByReason, long duplicatesIgnored, List<WorkerTally> workers,
                         Instant openedAt, Instant sealedAt, Instant completedAt, Instant updatedAt,
                         Instant lastActivityAt, List<String> invariantViolations, List<String> sourcePaths,
                         String outputPath, String adminPath, long excludedFiles, List<String> walkErrors,
                         OutputCheckStatus outputCheck, long outputFilesChecked, long outputProblems) {

    public RunSummary {
        rejectedByReason = Collections.unmodifiableSortedMap(new TreeMap<>(rejectedByReason));
        failedByReason = Collections.unmodifiableSortedMap(new TreeMap<>(failedByReason));
        workers = List.copyOf(workers);
        invariantViolations = List.copyOf(invariantViolations);
        sourcePaths = List.copyOf(sourcePaths);
        walkErrors = List.copyOf(walkErrors);
    }

    public boolean sealed() {
        return expected != null;
    }
}
