package io.cbn.producer;

import java.time.Clock;
import java.util.List;

import io.cbn.schemas.ConversionSettings;
import io.cbn.schemas.RunEvent;
import io.cbn.schemas.RunEventType;

/** Builds a run's OPENED and SEALED events. */
public final class RunEvents {

    private final String runId;
    private final Clock clock;

    public RunEvents(String runId, Clock clock) {
        this.runId = runId;
        this.clock = clock;
    }

    /**
     * @param sourcePaths absolute, normalised source roots
     * @param outputPath  absolute, normalised output root
     * @param adminPath   absolute, normalised admin path, or null for the aggregator's default
     */
    public RunEvent opened(List<String> sourcePaths, String outputPath, String adminPath, ConversionSettings settings) {
        return opened(sourcePaths, outputPath, adminPath, settings, null);
    }

    /** @param retryOf the run this one retries ({@code cbn retry}), or null */
    public RunEvent opened(List<String> sourcePaths, String outputPath, String adminPath, ConversionSettings settings, String retryOf) {
        return RunEvent.newBuilder()
                .setRetryOf(retryOf)
                .setRunId(runId)
                .setType(RunEventType.OPENED)
                .setSourcePaths(List.copyOf(sourcePaths))
                .setOutputPath(outputPath)
                .setAdminPath(adminPath)
                .setSettings(settings)
                .setAt(clock.instant())
                .build();
    }

    /**
     * @param expectedJobs exactly the jobs enqueued by this walk
     * @param excluded     files skipped by the globs
     * @param walkErrors   "path: reason" lines
     */
    public RunEvent sealed(long expectedJobs, long excluded, List<String> walkErrors) {
        return RunEvent.newBuilder()
                .setRunId(runId)
                .setType(RunEventType.SEALED)
                .setExpectedJobs(expectedJobs)
                .setExcludedFiles(excluded)
                .setWalkErrors(List.copyOf(walkErrors))
                .setAt(clock.instant())
                .build();
    }
}
