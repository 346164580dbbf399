package io.cbn.worker.job;

import java.nio.file.Path;
import java.time.Instant;

import io.cbn.schemas.ConversionSettings;
import io.cbn.schemas.ImageJob;

/** Test jobs. */
final class Jobs {

    private Jobs() {
    }

    static ImageJob job(Path sourceRoot, String relativePath, Path outputRoot) {
        return ImageJob.newBuilder()
                .setRunId("run-1")
                .setJobId("job-" + relativePath.hashCode())
                .setSourceRoot(sourceRoot.toString())
                .setRelativePath(relativePath)
                .setSizeBytes(0)
                .setMtimeMillis(0)
                .setSettings(ConversionSettings.newBuilder().setMaxSize(400).build())
                .setOutputRoot(outputRoot.toString())
                .setEnqueuedAt(Instant.parse("2026-11-01T10:00:00Z"))
                .build();
    }
}
