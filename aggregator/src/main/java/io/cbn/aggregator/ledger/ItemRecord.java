package io.cbn.aggregator.ledger;

import java.time.Instant;
import java.util.List;

import io.cbn.schemas.Outcome;

/**
 * The first terminal result of one job, as written to {@code items.jsonl}. Not kept in memory
 * beyond the moment it is counted: the line is appended and only hashes and counts stay.
 *
 * @param sourcePath   source root + "/" + relative path (the relative path alone when the root is unknown)
 * @param reason       reason code; null for CREATED
 * @param outputs      paths relative to the run's output root
 * @param workerBuild  "version+commit" (just "version" when the commit is empty)
 * @param durationMs   conversion duration from the result's metrics; null when it has none
 * @param reused       CREATED from outputs already on disk (not converted again)
 * @param worstDeltaE00 CREATED: the template's worst CIEDE2000 between a colour wanted and the colour (paint) printed;
 *                     null when the result carries none
 */
public record ItemRecord(String jobId, String sourcePath, String relativePath, Outcome outcome, String reason,
                         String message, List<OutputRef> outputs, String workerId, String workerBuild, int attempt,
                         Long durationMs, List<String> qaFlags, Instant finishedAt, boolean reused,
                         Double worstDeltaE00) {

    public ItemRecord {
        outputs = List.copyOf(outputs);
        qaFlags = List.copyOf(qaFlags);
    }

    public ItemRecord(String jobId, String sourcePath, String relativePath, Outcome outcome, String reason,
                      String message, List<OutputRef> outputs, String workerId, String workerBuild, int attempt,
                      Long durationMs, List<String> qaFlags, Instant finishedAt, boolean reused) {
        this(jobId, sourcePath, relativePath, outcome, reason, message, outputs, workerId, workerBuild, attempt,
                durationMs, qaFlags, finishedAt, reused, null);
    }
}
