package io.cbn.worker.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.cbn.converter.ConversionResult;
import io.cbn.converter.Reason;
import io.cbn.converter.Settings;
import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobResult;
import io.cbn.worker.fault.OutputRootProbe;
import io.cbn.worker.fault.SourceRootProbe;
import io.cbn.worker.fault.SystemicFaultGate;

/**
 * Runs one job to its terminal {@link JobResult}: path safety, the output-root probe, the conversion, quiet retries
 * of transient IO errors and the systemic-fault hold. Plain Java: no Kafka, no CDI.
 *
 * <ul>
 *   <li>IO_ERROR from the converter is retried with exponential backoff; after the last try the job is FAILED
 *       IO_ERROR unless it was one of {@code threshold} consecutive such jobs, which is a systemic fault.</li>
 *   <li>SOURCE_MISSING is final when the source root is there (the file was deleted after it was enqueued); when
 *       the source root itself is missing or unreadable it is a systemic fault (a volume went away).</li>
 *   <li>Every other outcome (CREATED, REJECTED, DECODE_ERROR, TIMEOUT, INTERNAL_ERROR) is final.</li>
 *   <li>Systemic fault (output root fails its probe, source root gone, or consecutive IO failures): the job is
 *       held, never FAILED; it re-probes with backoff and is converted once the probe passes. Jobs arriving
 *       meanwhile wait at the gate.</li>
 *   <li>When the worker stops, a held or waiting job is handed back: {@link #handle} returns empty and the caller
 *       must not acknowledge it, so Kafka redelivers it.</li>
 * </ul>
 */
public class JobHandler {

    private static final Logger LOG = Logger.getLogger(JobHandler.class);
    private static final Duration GATE_CHECK = Duration.ofMillis(250);

    private final ConversionEngine engine;
    private final ResultMapper mapper;
    private final OutputRootProbe probe;
    private final SourceRootProbe sourceProbe;
    private final SystemicFaultGate gate;
    private final int attempts;
    private final Backoff retryBackoff;
    private final Backoff probeBackoff;
    private final Sleeper sleeper;
    private final BooleanSupplier stopping;

    public JobHandler(ConversionEngine engine, ResultMapper mapper, OutputRootProbe probe, SourceRootProbe sourceProbe,
                      SystemicFaultGate gate, int attempts, Backoff retryBackoff, Backoff probeBackoff, Sleeper sleeper, BooleanSupplier stopping) {
        if (attempts < 1) throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        this.engine = engine;
        this.mapper = mapper;
        this.probe = probe;
        this.sourceProbe = sourceProbe;
        this.gate = gate;
        this.attempts = attempts;
        this.retryBackoff = retryBackoff;
        this.probeBackoff = probeBackoff;
        this.sleeper = sleeper;
        this.stopping = stopping;
    }

    /** The job's terminal result, or empty when it is handed back unfinished because the worker is stopping. */
    public Optional<JobResult> handle(ImageJob job) {
        try {
            return Optional.ofNullable(run(job));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.infof("job %s interrupted: handed back", job.getJobId());
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s failed unexpectedly", job.getJobId());
            return Optional.of(mapper.notConverted(job, Reason.INTERNAL_ERROR, "worker error: " + e));
        }
    }

    private JobResult run(ImageJob job) throws InterruptedException {
        JobPaths paths;
        Settings settings;
        try {
            paths = JobPaths.resolve(job);
            settings = SettingsMapper.toConverter(job.getSettings());
        } catch (JobPathException e) {
            LOG.infof("job %s not converted: %s %s", job.getJobId(), e.reason(), e.getMessage());
            return mapper.notConverted(job, e.reason(), e.getMessage());
        } catch (IllegalArgumentException e) {
            return mapper.notConverted(job, Reason.INTERNAL_ERROR, "invalid conversion settings: " + e.getMessage());
        }

        int attempt = 0;
        int tries = 0;
        boolean holding = false;
        Duration retryWait = retryBackoff.initial();
        Duration holdWait = probeBackoff.initial();
        while (true) {
            if (!holding && !passGate()) return null;
            if (!awaitWritable(paths.outputRoot())) return null;
            attempt++;
            ConversionResult result = convert(settings, paths);
            if (result.reason() == Reason.SOURCE_MISSING) {
                Path root = Path.of(job.getSourceRoot()).toAbsolutePath().normalize();
                Optional<String> gone = sourceProbe.check(root);
                if (gone.isPresent()) { // the volume, not the file: hold the job, convert it again once it is back
                    String key = "source-root:" + root;
                    gate.trip(key, "SOURCE_ROOT_MISSING", gone.get());
                    if (!holdUntilClear(key, "SOURCE_ROOT_MISSING", () -> sourceProbe.check(root))) return null;
                    try { // resolve again: the path checks (symbolic links) apply to the files now present
                        paths = JobPaths.resolve(job);
                    } catch (JobPathException e) {
                        return mapper.notConverted(job, e.reason(), e.getMessage());
                    }
                    continue;
                }
            }
            if (result.reason() != Reason.IO_ERROR) {
                if (holding) gate.clear(SystemicFaultGate.IO_FAILURES);
                gate.recordSuccess();
                return mapper.toResult(job, result, paths, attempt);
            }
            Duration wait;
            if (holding) {
                wait = holdWait;
                holdWait = probeBackoff.next(holdWait);
            } else if (++tries < attempts) {
                LOG.debugf("job %s: IO_ERROR on try %d, retrying in %s: %s", job.getJobId(), tries, retryWait, result.message());
                wait = retryWait;
                retryWait = retryBackoff.next(retryWait);
            } else if (gate.recordIoFailure()) {
                // systemic: hold this job, converting it again with the probe backoff until IO works
                holding = true;
                wait = holdWait;
                holdWait = probeBackoff.next(holdWait);
            } else {
                LOG.warnf("job %s FAILED IO_ERROR after %d tries: %s", job.getJobId(), tries, result.message());
                return mapper.toResult(job, result, paths, attempt);
            }
            sleeper.sleep(wait);
            if (stopping.getAsBoolean()) return null;
        }
    }

    private ConversionResult convert(Settings settings, JobPaths paths) {
        try {
            return engine.convert(settings, paths.source(), paths.outDir(), paths.baseName());
        } catch (RuntimeException e) {
            LOG.errorf(e, "converter threw on %s", paths.source());
            return ConversionResult.notCreated(Reason.INTERNAL_ERROR, "converter error: " + e, io.cbn.converter.Metrics.none(0));
        }
    }

    /** Waits while another job holds a systemic fault; false when the worker is stopping. */
    private boolean passGate() throws InterruptedException {
        while (gate.isFaulted()) {
            if (stopping.getAsBoolean()) return false;
            gate.awaitHealthy(GATE_CHECK);
        }
        return !stopping.getAsBoolean();
    }

    /** Probes the output root; on a problem trips the gate and holds until it passes. False when stopping. */
    private boolean awaitWritable(Path outputRoot) throws InterruptedException {
        String key = faultKey(outputRoot);
        Optional<String> problem = probe.check(outputRoot);
        if (problem.isEmpty()) {
            gate.clear(key);
            return true;
        }
        gate.trip(key, "OUTPUT_ROOT_UNWRITABLE", problem.get());
        return holdUntilClear(key, "OUTPUT_ROOT_UNWRITABLE", () -> probe.check(outputRoot));
    }

    /** Re-probes with backoff until {@code check} finds no problem, then clears fault {@code key}. False when stopping. */
    private boolean holdUntilClear(String key, String reason, Supplier<Optional<String>> check) throws InterruptedException {
        Duration wait = probeBackoff.initial();
        while (true) {
            if (stopping.getAsBoolean()) return false;
            sleeper.sleep(wait);
            if (stopping.getAsBoolean()) return false;
            Optional<String> problem = check.get();
            if (problem.isEmpty()) {
                gate.clear(key);
                return true;
            }
            if (!gate.isActive(key)) gate.trip(key, reason, problem.get());
            wait = probeBackoff.next(wait);
        }
    }

    static String faultKey(Path outputRoot) {
        return "output-root:" + outputRoot;
    }
}
