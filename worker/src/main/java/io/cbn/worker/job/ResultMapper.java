package io.cbn.worker.job;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cbn.converter.ConversionResult;
import io.cbn.converter.Reason;
import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobResult;
import io.cbn.schemas.Metrics;
import io.cbn.schemas.OutputFile;
import io.cbn.schemas.Outcome;
import io.cbn.schemas.WorkerBuild;
import io.cbn.worker.build.BuildInfo;

/** Turns a converter result for a job into the Avro {@link JobResult} published on the results topic. */
public class ResultMapper {

    /** QA flag of a source whose size or mtime changed since it was enqueued. */
    public static final String SOURCE_CHANGED = "SOURCE_CHANGED";
    public static final String WORKER_CRASHED = "WORKER_CRASHED";
    public static final String CANCELLED = "CANCELLED";

    private final String workerId;
    private final WorkerBuild build;
    private final Clock clock;

    public ResultMapper(String workerId, BuildInfo build, Clock clock) {
        this.workerId = workerId;
        this.build = WorkerBuild.newBuilder().setVersion(build.version()).setCommit(build.commit()).build();
        this.clock = clock;
    }

    /**
     * @param paths   where the job wrote (its outputs are listed relative to the output root); null when the job
     *                never got that far, in which case there are no outputs
     * @param attempt conversions run for this delivery of the job (0 when none ran)
     */
    public JobResult toResult(ImageJob job, ConversionResult result, JobPaths paths, int attempt) {
        return toResult(job, result, paths, attempt, null, false);
    }

    /**
     * As {@link #toResult(ImageJob, ConversionResult, JobPaths, int)}, recording the sha256 of the source bytes that
     * were converted and, when the source's size or mtime differs from the job's (it changed since it was enqueued),
     * the QA flag {@code SOURCE_CHANGED} (docs/design.md, Outcomes).
     */
    public JobResult toResult(ImageJob job, ConversionResult result, JobPaths paths, int attempt, String sourceSha256,
                              boolean sourceChanged) {
        List<String> flags = new java.util.ArrayList<>(result.qaFlags());
        if (sourceChanged && !flags.contains(SOURCE_CHANGED)) flags.add(SOURCE_CHANGED);
        List<OutputFile> outputs = result.outputs().stream()
                .map(o -> OutputFile.newBuilder()
                        .setPath(paths == null ? o.name() : paths.outputPath(o.name()))
                        .setBytes(o.bytes())
                        .setSha256(o.sha256())
                        .build())
                .toList();
        return JobResult.newBuilder()
                .setRunId(job.getRunId())
                .setJobId(job.getJobId())
                .setSourceRoot(job.getSourceRoot())
                .setRelativePath(job.getRelativePath())
                .setOutcome(Outcome.valueOf(result.outcome().name()))
                .setReason(result.reason() == null ? null : result.reason().name())
                .setMessage(result.message() == null ? "" : result.message())
                .setOutputs(outputs)
                .setMetrics(metrics(result.metrics()))
                .setQaFlags(List.copyOf(flags))
                .setAttempt(Math.max(attempt, 1))
                .setWorkerId(workerId)
                .setWorkerBuild(WorkerBuild.newBuilder(build).build())
                .setFinishedAt(clock.instant())
                .setSourceSha256(sourceSha256)
                .setWorstDeltaE00(result.outcome() == io.cbn.converter.Outcome.CREATED && result.metrics() != null
                        ? result.metrics().worstDeltaE00() : null)
                .build();
    }

    /**
     * FAILED with a reason code of the worker itself (not the converter's): {@code WORKER_CRASHED}, {@code CANCELLED},
     * or a held root's reason ({@code SOURCE_ROOT_MISSING}, {@code OUTPUT_ROOT_UNWRITABLE}) once its hold timed out.
     */
    public JobResult failed(ImageJob job, String reason, String message, int attempt) {
        JobResult r = notConverted(job, Reason.INTERNAL_ERROR, message);
        r.setReason(reason);
        r.setAttempt(Math.max(attempt, 1));
        return r;
    }

    /** A terminal result for a job that was decided before any conversion ran (e.g. its path escapes the root). */
    public JobResult notConverted(ImageJob job, Reason reason, String message) {
        return toResult(job, ConversionResult.notCreated(reason, message, io.cbn.converter.Metrics.none(0)), null, 0);
    }

    private static Metrics metrics(io.cbn.converter.Metrics m) {
        if (m == null) return null;
        Map<String, Long> stages = m.stageMs() == null ? Map.of() : new HashMap<>(m.stageMs());
        return Metrics.newBuilder()
                .setSourceWidth(m.sourceWidth())
                .setSourceHeight(m.sourceHeight())
                .setWidth(m.width())
                .setHeight(m.height())
                .setColours(m.colours())
                .setRegions(m.regions())
                .setSmallestRegionPx(m.smallestRegionPx())
                .setLabelFit(m.labelFit())
                .setDeltaE00Mean(m.deltaE00Mean())
                .setDeltaE00P95(m.deltaE00P95())
                .setDurationMs(m.durationMs())
                .setStageMs(stages)
                .build();
    }
}
