package io.cbn.aggregator.ledger;

import java.util.ArrayList;
import java.util.List;

import io.cbn.schemas.JobResult;
import io.cbn.schemas.Metrics;
import io.cbn.schemas.Outcome;
import io.cbn.schemas.OutputFile;
import io.cbn.schemas.WorkerBuild;

/** Avro {@link JobResult} -> {@link ItemRecord}: the only place that knows the message's shape. */
public final class ItemMapping {

    /** Reason code used when a REJECTED/FAILED result carries none. */
    public static final String UNSPECIFIED_REASON = "UNSPECIFIED";

    private ItemMapping() {
    }

    public static ItemRecord toItem(JobResult r) {
        String root = r.getSourceRoot() == null ? "" : r.getSourceRoot();
        String sourcePath = root.isEmpty() ? r.getRelativePath() : stripTrailingSlash(root) + "/" + r.getRelativePath();
        String reason = r.getReason();
        if (r.getOutcome() != Outcome.CREATED && (reason == null || reason.isBlank())) {
            reason = UNSPECIFIED_REASON;
        }
        List<OutputRef> outputs = new ArrayList<>(r.getOutputs().size());
        for (OutputFile f : r.getOutputs()) {
            outputs.add(new OutputRef(f.getPath(), f.getBytes(), f.getSha256()));
        }
        Metrics metrics = r.getMetrics();
        return new ItemRecord(r.getJobId(), sourcePath, r.getRelativePath(), r.getOutcome(), reason, r.getMessage(),
                outputs, r.getWorkerId(), buildLabel(r.getWorkerBuild()), r.getAttempt(),
                metrics == null ? null : metrics.getDurationMs(), r.getQaFlags(), r.getFinishedAt(),
                r.getOutcome() == Outcome.CREATED && r.getReused(),
                r.getOutcome() == Outcome.CREATED ? r.getWorstDeltaE00() : null);
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
}
