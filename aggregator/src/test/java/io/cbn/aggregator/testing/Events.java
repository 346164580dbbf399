package io.cbn.aggregator.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.cbn.schemas.JobResult;
import io.cbn.schemas.Metrics;
import io.cbn.schemas.Outcome;
import io.cbn.schemas.OutputFile;
import io.cbn.schemas.RunEvent;
import io.cbn.schemas.RunEventType;
import io.cbn.schemas.WorkerBuild;

/** Builders for the messages the aggregator reads. */
public final class Events {

    public static final Instant T0 = Instant.parse("2026-11-03T10:00:00Z");

    private Events() {
    }

    public static RunEvent opened(String runId, String outputPath, String adminPath, Instant at) {
        return RunEvent.newBuilder().setRunId(runId).setType(RunEventType.OPENED)
                .setSourcePaths(List.of("/photos/a", "/photos/b")).setOutputPath(outputPath).setAdminPath(adminPath)
                .setAt(at).build();
    }

    public static RunEvent sealed(String runId, long expected, Instant at) {
        return RunEvent.newBuilder().setRunId(runId).setType(RunEventType.SEALED).setExpectedJobs(expected)
                .setExcludedFiles(2).setWalkErrors(List.of("/photos/a/locked: permission denied")).setAt(at).build();
    }

    /** A result builder with every required field set: CREATED, one output, worker w1 build 1.0+abc. */
    public static JobResult.Builder result(String runId, String jobId, String relativePath, Instant at) {
        return JobResult.newBuilder().setRunId(runId).setJobId(jobId).setSourceRoot("/photos/a")
                .setRelativePath(relativePath).setOutcome(Outcome.CREATED).setReason(null).setMessage("")
                .setOutputs(List.of(output(relativePath + ".svg", 10, "00")))
                .setMetrics(metrics(1234)).setQaFlags(List.of()).setAttempt(1).setWorkerId("w1")
                .setWorkerBuild(WorkerBuild.newBuilder().setVersion("1.0").setCommit("abc").build())
                .setFinishedAt(at);
    }

    public static JobResult created(String runId, String jobId, String relativePath, Instant at) {
        return result(runId, jobId, relativePath, at).build();
    }

    public static JobResult notCreated(String runId, String jobId, String relativePath, Outcome outcome, String reason,
                                       Instant at) {
        return result(runId, jobId, relativePath, at).setOutcome(outcome).setReason(reason)
                .setMessage(reason.toLowerCase()).setOutputs(List.of()).setMetrics(null).build();
    }

    public static OutputFile output(String path, long bytes, String sha256) {
        return OutputFile.newBuilder().setPath(path).setBytes(bytes).setSha256(sha256).build();
    }

    public static Metrics metrics(long durationMs) {
        return Metrics.newBuilder().setSourceWidth(100).setSourceHeight(80).setWidth(100).setHeight(80).setColours(16)
                .setRegions(40).setSmallestRegionPx(30).setLabelFit(1.0).setDeltaE00Mean(3.0).setDeltaE00P95(7.0)
                .setDurationMs(durationMs).setStageMs(Map.of()).build();
    }
}
