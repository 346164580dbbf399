package io.cbn.worker.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import io.cbn.converter.ConversionResult;
import io.cbn.converter.Metrics;
import io.cbn.converter.OutputFile;
import io.cbn.converter.Outcome;
import io.cbn.converter.Reason;
import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobResult;
import io.cbn.schemas.RunNotice;
import io.cbn.worker.build.BuildInfo;
import io.cbn.worker.fault.OutputRootProbe;
import io.cbn.worker.fault.SourceRootProbe;
import io.cbn.worker.fault.SystemicFaultGate;
import io.cbn.worker.hold.RootHolds;

/**
 * What the JobHandler tests share: a handler with recorded backoffs, its fault gate, holds, cancelled runs and
 * attempt markers, a source root under a temp dir, and scripted conversion results.
 */
abstract class JobHandlerFixture {

    @TempDir
    Path tmp;

    final SystemicFaultGate gate = new SystemicFaultGate(3, Clock.systemUTC());
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    final AtomicBoolean stopping = new AtomicBoolean();
    final ResultMapper mapper = new ResultMapper("w-test", new BuildInfo("1.2.3", "abc1234"),
            Clock.fixed(Instant.parse("2026-11-02T00:00:00Z"), ZoneOffset.UTC));

    final List<RunNotice> notices = new CopyOnWriteArrayList<>();
    final RootHolds holds = new RootHolds("w-test", Duration.ofMillis(1), Clock.systemUTC(), notices::add);
    final CancelledRuns cancelled = new CancelledRuns(10);
    final AttemptMarkers markers = new AttemptMarkers("w-test", Clock.systemUTC());
    final ConversionRunner runner = new ConversionRunner();
    Duration holdTimeout = Duration.ofHours(1);
    AllowedRoots allowedRoots = AllowedRoots.any();

    @AfterEach
    void closeRunner() {
        runner.close();
    }

    JobHandler handler(ConversionEngine engine) {
        return handler(engine, "1.2.3 abc1234");
    }

    /** @param build the worker build the output manifests name, {@code version commit} */
    JobHandler handler(ConversionEngine engine, String build) {
        Sleeper sleeper = d -> {
            sleeps.add(d);
            Thread.yield(); // a recorded backoff, not a wait: let the thread that clears the hold run
        };
        return new JobHandler(engine, mapper, new OutputRootProbe(), new SourceRootProbe(), gate, holds, cancelled, markers,
                runner, new OutputManifests(build, Clock.systemUTC()), "w-test",
                new JobHandler.Limits(3, 3, holdTimeout, Duration.ofMillis(100), allowedRoots),
                new Backoff(Duration.ofMillis(500), Duration.ofSeconds(4)),
                new Backoff(Duration.ofMillis(20), Duration.ofMillis(80)), sleeper, stopping::get, Clock.systemUTC());
    }

    Path sourceRoot() throws Exception {
        return Files.createDirectories(tmp.resolve("src"));
    }

    Path place(String rel, Path image) throws Exception {
        Path target = sourceRoot().resolve(rel);
        Files.createDirectories(target.getParent());
        return Files.copy(image, target);
    }

    /** As JobFlow: handle, then (the result published) the attempt marker is removed. */
    JobResult published(JobHandler h, ImageJob job) {
        JobResult r = h.handle(job).orElseThrow();
        markers.finish(Path.of(job.getOutputRoot()).toAbsolutePath().normalize(), job.getJobId());
        return r;
    }

    static ConversionResult ioError() {
        return ConversionResult.notCreated(Reason.IO_ERROR, "scripted IO error", Metrics.none(1));
    }

    static ConversionResult created(List<OutputFile> outputs) {
        return new ConversionResult(Outcome.CREATED, null, "", outputs, Metrics.none(1), List.of());
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
