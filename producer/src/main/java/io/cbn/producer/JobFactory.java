package io.cbn.producer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

import io.cbn.schemas.ConversionSettings;
import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobIds;

/** Builds the {@link ImageJob} of one found file for one run. */
public final class JobFactory {

    private final String runId;
    private final ConversionSettings settings;
    private final String outputRoot;
    private final Map<Path, String> outputRoots;
    private final Clock clock;

    /**
     * @param runId      the run
     * @param settings   conversion settings every job of the run carries
     * @param outputRoot absolute, normalised output path
     * @param clock      enqueue time source
     */
    public JobFactory(String runId, ConversionSettings settings, String outputRoot, Clock clock) {
        this(runId, settings, outputRoot, Map.of(), clock);
    }

    /**
     * @param outputRoots source root to the output root its jobs carry ({@link OutputLayout}); roots not in it get
     *                    {@code outputRoot}
     */
    public JobFactory(String runId, ConversionSettings settings, String outputRoot, Map<Path, String> outputRoots, Clock clock) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.outputRoot = Objects.requireNonNull(outputRoot, "outputRoot");
        this.outputRoots = Map.copyOf(outputRoots);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ImageJob create(SourceFile file) {
        String root = file.root().toString();
        byte[] raw = file.relativePathBytes();
        String jobId = raw == null ? JobIds.jobId(runId, root, file.relativePath()) : FileNames.jobId(runId, root, raw);
        // all-fields constructor: the builder's per-field validation costs more than the rest of a job
        return new ImageJob(runId, jobId, root, file.relativePath(), file.sizeBytes(), file.mtimeMillis(), settings,
                outputRoots.getOrDefault(file.root(), outputRoot), clock.instant(), raw == null ? null : ByteBuffer.wrap(raw));
    }
}
