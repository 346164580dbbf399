package io.cbn.schemas;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Fully populated sample messages for codec tests. */
public final class Samples {

    private Samples() {
    }

    public static ConversionSettings settings() {
        return ConversionSettings.newBuilder().setColors(24).setMaxSize(2000).setMinRegionPx(40)
                .setMaxPixels(60_000_000L).setMaxBytes(100_000_000L).setMinSide(32).setTimeoutMs(90_000L).build();
    }

    public static ImageJob imageJob() {
        return ImageJob.newBuilder()
                .setRunId("20261125-120000-abc123")
                .setJobId(JobIds.jobId("20261125-120000-abc123", "/photos", "2019/ä ö/IMG_0001.JPG"))
                .setSourceRoot("/photos")
                .setRelativePath("2019/ä ö/IMG_0001.JPG")
                .setSizeBytes(4_123_456L)
                .setMtimeMillis(1_700_000_000_123L)
                .setSettings(settings())
                .setOutputRoot("/out")
                .setEnqueuedAt(Instant.ofEpochMilli(1_764_000_000_000L))
                .build();
    }

    public static JobResult created() {
        return JobResult.newBuilder()
                .setRunId("r1").setJobId("0123456789abcdef0123456789abcdef")
                .setSourceRoot("/photos").setRelativePath("a/b.png")
                .setOutcome(Outcome.CREATED).setReason(null).setMessage("")
                .setOutputs(List.of(OutputFile.newBuilder().setPath("a/b.svg").setBytes(1234L).setSha256("ff".repeat(32)).build(),
                        OutputFile.newBuilder().setPath("a/b-preview.png").setBytes(99L).setSha256("00".repeat(32)).build()))
                .setMetrics(Metrics.newBuilder().setSourceWidth(4000).setSourceHeight(3000).setWidth(1600).setHeight(1200)
                        .setColours(16).setRegions(812).setSmallestRegionPx(41).setLabelFit(0.987).setDeltaE00Mean(4.2)
                        .setDeltaE00P95(9.1).setDurationMs(2345L).setStageMs(Map.of("quantise", 800L, "label", 300L)).build())
                .setQaFlags(List.of("LOW_LABEL_FIT"))
                .setAttempt(2)
                .setWorkerId("worker-7")
                .setWorkerBuild(WorkerBuild.newBuilder().setVersion("0.1.0").setCommit("327533b").build())
                .setFinishedAt(Instant.ofEpochMilli(1_764_000_001_000L))
                .setWorstDeltaE00(6.25)
                .build();
    }

    public static JobResult rejected() {
        return JobResult.newBuilder()
                .setRunId("r1").setJobId("fedcba9876543210fedcba9876543210")
                .setRelativePath("notes.txt").setOutcome(Outcome.REJECTED).setReason("UNSUPPORTED_FORMAT")
                .setMessage("not an image").setWorkerId("worker-1")
                .setWorkerBuild(WorkerBuild.newBuilder().setVersion("0.1.0").setCommit("327533b").build())
                .setFinishedAt(Instant.ofEpochMilli(1_764_000_002_000L))
                .build();
    }

    public static RunEvent opened() {
        return RunEvent.newBuilder().setRunId("r1").setType(RunEventType.OPENED)
                .setSourcePaths(List.of("/photos", "/more")).setOutputPath("/out").setAdminPath("/admin")
                .setSettings(settings()).setAt(Instant.ofEpochMilli(1_764_000_000_000L)).build();
    }

    public static RunEvent sealed() {
        return RunEvent.newBuilder().setRunId("r1").setType(RunEventType.SEALED).setExpectedJobs(1082L)
                .setExcludedFiles(3L).setWalkErrors(List.of("/photos/x: symlink loop"))
                .setAt(Instant.ofEpochMilli(1_764_000_009_000L)).build();
    }

    public static RunNotice held() {
        return RunNotice.newBuilder().setRunId("r1").setKind("HELD").setRoot("/photos").setReason("SOURCE_ROOT_MISSING")
                .setSince(Instant.ofEpochMilli(1_764_000_000_000L)).setJobs(12L).setOrigin("worker-3")
                .setAt(Instant.ofEpochMilli(1_764_000_003_000L)).build();
    }
}
