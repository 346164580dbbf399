package io.cbn.worker.job;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.jboss.logging.Logger;

import io.cbn.converter.ConversionResult;
import io.cbn.converter.Reason;
import io.cbn.converter.Settings;
import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobResult;
import io.cbn.worker.fault.OutputRootProbe;
import io.cbn.worker.fault.SourceRootProbe;
import io.cbn.worker.fault.SystemicFaultGate;
import io.cbn.worker.hold.RootHolds;

/**
 * Runs one job to a {@link Decision}: a terminal {@link JobResult}, a park (the job's root is held), or a hand-back
 * (the worker is stopping). Plain Java: no Kafka, no CDI. The rules are docs/design.md, "Faults, holds and poison
 * jobs":
 *
 * <ul>
 *   <li>A job of a cancelled run ends FAILED {@code CANCELLED} without being converted.</li>
 *   <li>A fault of one root (output root not writable, source root gone) holds only that root: the job is
 *       {@linkplain Decision.Park parked} (the caller puts it on cbn.jobs.retry) and comes back after a back-off; once
 *       {@code holdTimeout} has passed since the hold began it ends FAILED with the hold's reason code
 *       ({@code OUTPUT_ROOT_UNWRITABLE}, {@code SOURCE_ROOT_MISSING}). SOURCE_MISSING with the root present is final
 *       (the file was deleted after it was enqueued).</li>
 *   <li>Before converting, the attempt is recorded in a marker under the output root ({@link AttemptMarkers}); a job
 *       found with {@code maxAttempts} unfinished earlier attempts ends FAILED {@code WORKER_CRASHED}.</li>
 *   <li>The conversion runs where it can be abandoned ({@link ConversionRunner}); one that does not return within
 *       the job's timeout plus {@code timeoutGrace} ends FAILED {@code TIMEOUT}.</li>
 *   <li>IO_ERROR is retried with exponential backoff; after the last try the job is FAILED IO_ERROR unless it was one
 *       of {@code threshold} consecutive such jobs: that is a fault of the worker's IO as a whole (not of one root),
 *       which trips the global {@link SystemicFaultGate} and holds the job in place.</li>
 *   <li>A job whose outputs are on disk from the same source, settings and build is not converted again: its
 *       earlier result is republished CREATED with {@code reused=true} ({@link OutputManifests}).</li>
 *   <li>The outputs record the sha256 of the source bytes converted; a source whose size or mtime differs from the
 *       job's gets QA flag {@code SOURCE_CHANGED}.</li>
 * </ul>
 */
public class JobHandler {

    private static final Logger LOG = Logger.getLogger(JobHandler.class);
    private static final Duration GATE_CHECK = Duration.ofMillis(250);

    /** Held-root reason codes (docs/design.md, Outcomes). */
    public static final String SOURCE_ROOT_MISSING = "SOURCE_ROOT_MISSING";
    public static final String OUTPUT_ROOT_UNWRITABLE = "OUTPUT_ROOT_UNWRITABLE";

    /** What became of one job. */
    public sealed interface Decision {
        /** The terminal result, to publish then acknowledge. */
        record Done(JobResult result) implements Decision { }

        /** Park the job on the retry topic: its {@code root} is held for {@code reason} since {@code since}. */
        record Park(String root, String reason, String detail, Instant since) implements Decision { }

        /** The worker is stopping: leave the job un-acknowledged, Kafka redelivers it. */
        record HandBack() implements Decision { }

        /** The terminal result; throws when there is none. */
        default JobResult orElseThrow() {
            if (this instanceof Done d) return d.result();
            throw new IllegalStateException("no result: " + this);
        }

        default boolean isEmpty() {
            return !(this instanceof Done);
        }
    }

    /** Limits of the worker's own rules. */
    public record Limits(int retryAttempts, int maxAttempts, Duration holdTimeout, Duration timeoutGrace, AllowedRoots allowedRoots) {
        public Limits {
            if (retryAttempts < 1) throw new IllegalArgumentException("retry attempts must be >= 1, got " + retryAttempts);
            if (maxAttempts < 1) throw new IllegalArgumentException("max attempts must be >= 1, got " + maxAttempts);
            if (allowedRoots == null) allowedRoots = AllowedRoots.any();
        }

        /** Every root allowed. */
        public Limits(int retryAttempts, int maxAttempts, Duration holdTimeout, Duration timeoutGrace) {
            this(retryAttempts, maxAttempts, holdTimeout, timeoutGrace, AllowedRoots.any());
        }
    }

    /** A conversion with what was read: the source's sha256 and whether it changed since it was enqueued. */
    private record Converted(ConversionResult result, String sourceSha256, boolean sourceChanged) { }

    private final ConversionEngine engine;
    private final ResultMapper mapper;
    private final OutputRootProbe probe;
    private final SourceRootProbe sourceProbe;
    private final SystemicFaultGate gate;
    private final RootHolds holds;
    private final CancelledRuns cancelled;
    private final AttemptMarkers markers;
    private final ConversionRunner runner;
    private final OutputManifests manifests;
    private final String workerId;
    private final Limits limits;
    private final Backoff retryBackoff;
    private final Backoff probeBackoff;
    private final Sleeper sleeper;
    private final BooleanSupplier stopping;
    private final Clock clock;
    /** Shared by first attempts, exclusive for a job whose earlier attempt died with its worker (fair: no starving). */
    private final java.util.concurrent.locks.ReentrantReadWriteLock isolation = new java.util.concurrent.locks.ReentrantReadWriteLock(true);

    public JobHandler(ConversionEngine engine, ResultMapper mapper, OutputRootProbe probe, SourceRootProbe sourceProbe,
                      SystemicFaultGate gate, RootHolds holds, CancelledRuns cancelled, AttemptMarkers markers,
                      ConversionRunner runner, OutputManifests manifests, String workerId, Limits limits,
                      Backoff retryBackoff, Backoff probeBackoff, Sleeper sleeper, BooleanSupplier stopping, Clock clock) {
        this.manifests = manifests;
        this.workerId = workerId;
        this.engine = engine;
        this.mapper = mapper;
        this.probe = probe;
        this.sourceProbe = sourceProbe;
        this.gate = gate;
        this.holds = holds;
        this.cancelled = cancelled;
        this.markers = markers;
        this.runner = runner;
        this.limits = limits;
        this.retryBackoff = retryBackoff;
        this.probeBackoff = probeBackoff;
        this.sleeper = sleeper;
        this.stopping = stopping;
        this.clock = clock;
    }

    /** A job from the jobs topic. */
    public Decision handle(ImageJob job) {
        return handle(job, Optional.empty());
    }

    /**
     * @param heldSince when the job came back from the retry topic: when its hold began (header
     *                  {@code cbn-held-since}); the hold timeout counts from there
     */
    public Decision handle(ImageJob job, Optional<Instant> heldSince) {
        try {
            return run(job, heldSince);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.infof("job %s interrupted: handed back", job.getJobId());
            return new Decision.HandBack();
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s failed unexpectedly", job.getJobId());
            return new Decision.Done(mapper.notConverted(job, Reason.INTERNAL_ERROR, "worker error: " + e));
        }
    }

    private Decision run(ImageJob job, Optional<Instant> heldSince) throws InterruptedException {
        if (cancelled.isCancelled(job.getRunId())) {
            return done(mapper.failed(job, ResultMapper.CANCELLED, "run " + job.getRunId() + " was cancelled; not converted", 0));
        }
        Optional<String> notAllowed = limits.allowedRoots().problem(job.getSourceRoot(), job.getOutputRoot());
        if (notAllowed.isPresent()) { // before anything touches the file system (docs/design.md, Security)
            LOG.warnf("job %s of run %s REJECTED %s: %s", job.getJobId(), job.getRunId(), Reason.ROOT_NOT_ALLOWED, notAllowed.get());
            return done(mapper.notConverted(job, Reason.ROOT_NOT_ALLOWED, notAllowed.get()));
        }
        JobPaths paths;
        Settings settings;
        try {
            paths = JobPaths.resolve(job);
            settings = SettingsMapper.toConverter(job.getSettings());
        } catch (JobPathException e) {
            LOG.infof("job %s not converted: %s %s", job.getJobId(), e.reason(), e.getMessage());
            return done(mapper.notConverted(job, e.reason(), e.getMessage()));
        } catch (IllegalArgumentException e) {
            return done(mapper.notConverted(job, Reason.INTERNAL_ERROR, "invalid conversion settings: " + e.getMessage()));
        }
        Path sourceRoot = Path.of(job.getSourceRoot()).toAbsolutePath().normalize();
        Path outputRoot = paths.outputRoot();

        if (!passGate()) return new Decision.HandBack();
        Optional<String> unwritable = probe.check(outputRoot);
        if (unwritable.isPresent()) return hold(job, outputRoot, OUTPUT_ROOT_UNWRITABLE, unwritable.get(), heldSince);
        if (holds.isHeld(sourceRoot.toString())) { // held here: look before converting
            Optional<String> gone = sourceProbe.check(sourceRoot);
            if (gone.isPresent()) return hold(job, sourceRoot, SOURCE_ROOT_MISSING, gone.get(), heldSince);
        }
        released(outputRoot);
        released(sourceRoot);

        Optional<JobResult> reused = manifests.reusable(job, paths, workerId);
        if (reused.isPresent()) {
            LOG.debugf("job %s reused: its outputs are on disk from the same source, settings and build", job.getJobId());
            return done(reused.get());
        }

        int earlier;
        try {
            earlier = markers.unfinished(outputRoot, job.getJobId());
        } catch (IOException e) {
            return hold(job, outputRoot, OUTPUT_ROOT_UNWRITABLE, "attempt marker unreadable: " + e, heldSince);
        }
        if (earlier >= limits.maxAttempts()) {
            LOG.warnf("job %s: %d earlier attempts never finished (their worker crashed or was killed): FAILED WORKER_CRASHED",
                    job.getJobId(), earlier);
            return done(mapper.failed(job, ResultMapper.WORKER_CRASHED, earlier + " earlier attempts never finished: "
                    + "the conversion crashed or hung its worker each time (limit cbn.worker.max-attempts = "
                    + limits.maxAttempts() + ")", earlier));
        }

        // a job with an attempt that died with its worker may be what killed it: it runs alone on this worker, so a
        // crash during it is its own and never counts against jobs that merely shared the worker with it (docs/design.md,
        // "Faults, holds and poison jobs"); the attempt is recorded only once the job holds its turn
        java.util.concurrent.locks.Lock turn = earlier > 0 ? isolation.writeLock() : isolation.readLock();
        turn.lockInterruptibly();
        try {
            return attempts(job, settings, paths, sourceRoot, outputRoot, earlier, heldSince);
        } finally {
            turn.unlock();
        }
    }

    private Decision attempts(ImageJob job, Settings settings, JobPaths paths, Path sourceRoot, Path outputRoot, int earlier,
                              Optional<Instant> heldSince) throws InterruptedException {
        try {
            markers.begin(outputRoot, job.getJobId(), earlier + 1);
        } catch (IOException e) {
            return hold(job, outputRoot, OUTPUT_ROOT_UNWRITABLE, "cannot record the attempt: " + e, heldSince);
        }
        int attempt = earlier; // attempt = conversions of this job so far, counting the ones that crashed
        int tries = 0;
        boolean holding = false;
        Duration retryWait = retryBackoff.initial();
        Duration holdWait = probeBackoff.initial();
        while (true) {
            attempt++;
            Converted c;
            try {
                c = convert(job, settings, paths);
            } catch (ConversionRunner.Abandoned e) {
                LOG.warnf("job %s FAILED TIMEOUT: %s", job.getJobId(), e.getMessage());
                return done(mapper.toResult(job, ConversionResult.notCreated(Reason.TIMEOUT, e.getMessage(),
                        io.cbn.converter.Metrics.none(0)), paths, attempt));
            } catch (InterruptedException e) {
                markers.undo(outputRoot, job.getJobId());
                throw e;
            }
            ConversionResult result = c.result();
            if (result.reason() == Reason.SOURCE_MISSING) {
                Optional<String> gone = sourceProbe.check(sourceRoot);
                if (gone.isPresent()) { // the volume, not the file: park the job
                    markers.undo(outputRoot, job.getJobId());
                    return hold(job, sourceRoot, SOURCE_ROOT_MISSING, gone.get(), heldSince);
                }
            }
            if (result.reason() == Reason.IO_ERROR) {
                Optional<String> unwritable = probe.check(outputRoot);
                if (unwritable.isPresent()) { // the root went bad while this job converted: hold it, never FAIL it
                    markers.undo(outputRoot, job.getJobId());
                    return hold(job, outputRoot, OUTPUT_ROOT_UNWRITABLE, unwritable.get(), heldSince);
                }
            }
            if (result.reason() != Reason.IO_ERROR) {
                if (holding) gate.clear(SystemicFaultGate.IO_FAILURES);
                gate.recordSuccess();
                JobResult r = mapper.toResult(job, result, paths, attempt, c.sourceSha256(), c.sourceChanged());
                if (!c.sourceChanged()) manifests.record(job, paths, r); // never reuse what came from a changing file
                return done(r);
            }
            Duration wait;
            if (holding) {
                wait = holdWait;
                holdWait = probeBackoff.next(holdWait);
            } else if (++tries < limits.retryAttempts()) {
                LOG.debugf("job %s: IO_ERROR on try %d, retrying in %s: %s", job.getJobId(), tries, retryWait, result.message());
                wait = retryWait;
                retryWait = retryBackoff.next(retryWait);
            } else if (gate.recordIoFailure()) {
                // the worker's IO as a whole: hold this job in place, converting it again with the probe backoff
                holding = true;
                wait = holdWait;
                holdWait = probeBackoff.next(holdWait);
            } else {
                LOG.warnf("job %s FAILED IO_ERROR after %d tries: %s", job.getJobId(), tries, result.message());
                return done(mapper.toResult(job, result, paths, attempt, c.sourceSha256(), c.sourceChanged()));
            }
            sleeper.sleep(wait);
            if (stopping.getAsBoolean()) {
                markers.undo(outputRoot, job.getJobId());
                return new Decision.HandBack();
            }
        }
    }

    private static Decision done(JobResult r) {
        return new Decision.Done(r);
    }

    /** Parks the job under {@code root}, or fails it with the hold's reason once the hold timed out. */
    private Decision hold(ImageJob job, Path root, String reason, String detail, Optional<Instant> heldSince) {
        RootHolds.Hold hold = holds.hold(root.toString(), reason, detail);
        Instant since = heldSince.filter(s -> s.isBefore(hold.since())).orElse(hold.since());
        Duration held = Duration.between(since, clock.instant());
        if (held.compareTo(limits.holdTimeout()) >= 0) {
            if (heldSince.isPresent()) holds.ended(root.toString());
            LOG.warnf("job %s FAILED %s: held since %s, longer than cbn.worker.hold-timeout %s", job.getJobId(), reason,
                    since, limits.holdTimeout());
            return done(mapper.failed(job, reason, "held since " + since + " (" + held.toSeconds()
                    + " s, cbn.worker.hold-timeout " + limits.holdTimeout() + "): " + detail, 0));
        }
        return new Decision.Park(root.toString(), reason, detail, since);
    }

    private void released(Path root) {
        if (holds.isHeld(root.toString())) holds.release(root.toString());
    }

    private Converted convert(ImageJob job, Settings settings, JobPaths paths)
            throws ConversionRunner.Abandoned, InterruptedException {
        Duration limit = Duration.ofMillis(Math.max(1, job.getSettings().getTimeoutMs())).plus(limits.timeoutGrace());
        try {
            return runner.run(() -> {
                String sha = null;
                boolean changed = false;
                Path source = paths.source();
                try {
                    changed = changedSinceEnqueued(job, source);
                    sha = sha256(source);
                } catch (NoSuchFileException e) {
                    // the converter reports it missing
                } catch (IOException e) {
                    LOG.debugf("cannot hash %s: %s", source, e);
                }
                ConversionResult r = engine.convert(settings, source, paths.outDir(), paths.baseName());
                if (sha != null && !changed) changed = changedSinceEnqueued(job, source);
                return new Converted(r, sha, changed);
            }, limit);
        } catch (RuntimeException e) {
            LOG.errorf(e, "converter threw on %s", paths.source());
            return new Converted(ConversionResult.notCreated(Reason.INTERNAL_ERROR, "converter error: " + e,
                    io.cbn.converter.Metrics.none(0)), null, false);
        }
    }

    /** True when the source's size or mtime differs from what the job recorded at enqueue time. */
    private static boolean changedSinceEnqueued(ImageJob job, Path source) {
        try {
            BasicFileAttributes a = Files.readAttributes(source, BasicFileAttributes.class);
            return a.size() != job.getSizeBytes() || a.lastModifiedTime().toMillis() != job.getMtimeMillis();
        } catch (IOException e) {
            return false;
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits while a fault of the whole worker (IO failures, results unpublishable) holds; false when stopping. */
    private boolean passGate() throws InterruptedException {
        while (gate.isFaulted()) {
            if (stopping.getAsBoolean()) return false;
            gate.awaitHealthy(GATE_CHECK);
        }
        return !stopping.getAsBoolean();
    }
}
