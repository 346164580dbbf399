package io.cbn.worker.job;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cbn.converter.ConversionResult;
import io.cbn.converter.Metrics;
import io.cbn.converter.OutputFile;
import io.cbn.converter.Outcome;
import io.cbn.converter.Reason;
import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobResult;
import io.cbn.worker.TestImages;
import io.cbn.worker.build.BuildInfo;
import io.cbn.worker.fault.OutputRootProbe;
import io.cbn.worker.fault.SourceRootProbe;
import io.cbn.worker.fault.SystemicFaultGate;
import io.cbn.worker.hold.RootHolds;
import io.cbn.worker.job.JobHandler.Decision;
import io.cbn.schemas.RunNotice;

class JobHandlerTest {

    @TempDir
    Path tmp;

    private final SystemicFaultGate gate = new SystemicFaultGate(3, Clock.systemUTC());
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final ResultMapper mapper = new ResultMapper("w-test", new BuildInfo("1.2.3", "abc1234"),
            Clock.fixed(Instant.parse("2026-11-02T00:00:00Z"), ZoneOffset.UTC));

    private final List<RunNotice> notices = new CopyOnWriteArrayList<>();
    private final RootHolds holds = new RootHolds("w-test", Duration.ofMillis(1), Clock.systemUTC(), notices::add);
    private final CancelledRuns cancelled = new CancelledRuns(10);
    private final AttemptMarkers markers = new AttemptMarkers("w-test", Clock.systemUTC());
    private final ConversionRunner runner = new ConversionRunner();
    private Duration holdTimeout = Duration.ofHours(1);

    @AfterEach
    void closeRunner() {
        runner.close();
    }

    private AllowedRoots allowedRoots = AllowedRoots.any();

    private JobHandler handler(ConversionEngine engine) {
        Sleeper sleeper = d -> {
            sleeps.add(d);
            Thread.yield(); // a recorded backoff, not a wait: let the thread that clears the hold run
        };
        return new JobHandler(engine, mapper, new OutputRootProbe(), new SourceRootProbe(), gate, holds, cancelled, markers,
                runner, new OutputManifests("1.2.3 abc1234", Clock.systemUTC()), "w-test",
                new JobHandler.Limits(3, 3, holdTimeout, Duration.ofMillis(100), allowedRoots),
                new Backoff(Duration.ofMillis(500), Duration.ofSeconds(4)),
                new Backoff(Duration.ofMillis(20), Duration.ofMillis(80)), sleeper, stopping::get, Clock.systemUTC());
    }

    private Path sourceRoot() throws Exception {
        return Files.createDirectories(tmp.resolve("src"));
    }

    private Path place(String rel, Path image) throws Exception {
        Path target = sourceRoot().resolve(rel);
        Files.createDirectories(target.getParent());
        return Files.copy(image, target);
    }

    @Test
    void aRealImageIsCreatedUnderTheParentOfItsRelativePath() throws Exception {
        place("holiday/2024/lizard.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        Path out = tmp.resolve("out");
        JobResult r = handler(ConversionEngine.converter())
                .handle(Jobs.job(sourceRoot(), "holiday/2024/lizard.jpg", out)).orElseThrow();

        assertEquals(io.cbn.schemas.Outcome.CREATED, r.getOutcome(), r.getMessage());
        assertNull(r.getReason());
        assertEquals(1, r.getAttempt());
        assertEquals("w-test", r.getWorkerId());
        assertEquals("abc1234", r.getWorkerBuild().getCommit());
        assertNotNull(r.getMetrics());
        assertTrue(r.getMetrics().getWidth() > 0);
        assertFalse(r.getOutputs().isEmpty());
        for (io.cbn.schemas.OutputFile o : r.getOutputs()) {
            assertTrue(o.getPath().startsWith("holiday/2024/lizard"), o.getPath());
            Path file = out.resolve(o.getPath());
            assertTrue(Files.isRegularFile(file), "missing output " + file);
            assertEquals(Files.size(file), o.getBytes());
            assertEquals(sha256(file), o.getSha256());
        }
        assertFalse(gate.isFaulted());
    }

    @Test
    void aJobNamingARootOutsideTheAllowedOnesIsRejectedWithoutOpeningAnything() throws Exception {
        Path allowedSource = Files.createDirectories(tmp.resolve("allowed-src"));
        Path allowedOut = tmp.resolve("allowed-out");
        allowedRoots = AllowedRoots.of(java.util.List.of(allowedSource.toString(), sourceRoot().toString(), allowedOut.toString()));
        // a FIFO as the source: opening it would block this test forever, so a prompt answer proves nothing was opened
        Path forged = Files.createDirectories(tmp.resolve("elsewhere"));
        Process mkfifo = new ProcessBuilder("mkfifo", forged.resolve("secret.jpg").toString()).start();
        assertEquals(0, mkfifo.waitFor());
        Path forgedOut = tmp.resolve("forged-out");

        JobResult r = handler(ConversionEngine.converter()).handle(Jobs.job(forged, "secret.jpg", allowedOut)).orElseThrow();
        assertEquals(io.cbn.schemas.Outcome.REJECTED, r.getOutcome(), r.getMessage());
        assertEquals("ROOT_NOT_ALLOWED", r.getReason());
        assertTrue(r.getMessage().contains(forged.toString()), r.getMessage());

        // the output root is checked too, and nothing is created there; ".." can not climb out of an allowed root
        place("ok.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        JobResult out = handler(ConversionEngine.converter()).handle(Jobs.job(sourceRoot(), "ok.jpg", forgedOut)).orElseThrow();
        assertEquals("ROOT_NOT_ALLOWED", out.getReason(), out.getMessage());
        assertTrue(out.getMessage().contains("output root"), out.getMessage());
        assertFalse(Files.exists(forgedOut), "nothing may be written under a root that is not allowed");
        JobResult climb = handler(ConversionEngine.converter())
                .handle(Jobs.job(allowedSource.resolve("..").resolve("elsewhere"), "secret.jpg", allowedOut)).orElseThrow();
        assertEquals("ROOT_NOT_ALLOWED", climb.getReason(), climb.getMessage());
    }

    @Test
    void aResultNeverCarriesTheBytesOfANonImageFile() throws Exception {
        Path text = sourceRoot().resolve("notes.jpg");
        Files.writeString(text, "password=hunter2 and more private text");
        JobResult r = handler(ConversionEngine.converter()).handle(Jobs.job(sourceRoot(), "notes.jpg", tmp.resolve("out"))).orElseThrow();
        assertEquals("UNSUPPORTED_FORMAT", r.getReason(), r.getMessage());
        String hex = java.util.HexFormat.ofDelimiter(" ").formatHex("passw".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertFalse(r.getMessage().contains("passw") || r.getMessage().contains(hex), "the file's content leaked: " + r.getMessage());
    }

    @Test
    void aMalformedImageFailsWithDecodeErrorWithoutRetries() throws Exception {
        place("bad.png", TestImages.image("bad_png_zlib.png"));
        JobResult r = handler(ConversionEngine.converter()).handle(Jobs.job(sourceRoot(), "bad.png", tmp.resolve("out"))).orElseThrow();
        assertEquals(io.cbn.schemas.Outcome.FAILED, r.getOutcome(), r.getMessage());
        assertEquals("DECODE_ERROR", r.getReason());
        assertTrue(r.getOutputs().isEmpty());
        assertTrue(sleeps.isEmpty(), "a permanent failure is not retried");
    }

    @Test
    void aMissingSourceFailsWithSourceMissing() throws Exception {
        JobResult r = handler(ConversionEngine.converter()).handle(Jobs.job(sourceRoot(), "nope/gone.jpg", tmp.resolve("out"))).orElseThrow();
        assertEquals(io.cbn.schemas.Outcome.FAILED, r.getOutcome());
        assertEquals("SOURCE_MISSING", r.getReason());
        assertFalse(gate.isFaulted(), "the source root is there: only this file is gone");
    }

    @Test
    void aMissingSourceRootParksTheJobUntilTheVolumeIsBack() throws Exception {
        Path root = tmp.resolve("volume");
        Path out = tmp.resolve("out");
        AtomicInteger conversions = new AtomicInteger();
        JobHandler h = handler((s, src, dir, base) -> {
            conversions.incrementAndGet();
            return ConversionEngine.converter().convert(s, src, dir, base);
        });
        ImageJob job = Jobs.job(root, "d/lizard.jpg", out);
        Decision.Park park = (Decision.Park) h.handle(job);
        assertEquals("SOURCE_ROOT_MISSING", park.reason());
        assertEquals(root.toString(), park.root());
        assertTrue(park.detail().contains(root.toString()), park.detail());
        assertFalse(gate.isFaulted(), "a root's fault holds that root only: the worker stays ready");
        assertTrue(holds.isHeld(root.toString()));
        assertEquals(0, markers.unfinished(out, job.getJobId()), "a parked job is not a crashed attempt");
        holds.parked(job.getRunId(), holds.hold(park.root()).orElseThrow(), true); // as JobFlow does once it is parked
        assertEquals("HELD", notices.get(0).getKind());

        // parked again while it is still gone: one probe, no conversion
        assertTrue(h.handle(job, Optional.of(park.since())) instanceof Decision.Park);
        assertEquals(1, conversions.get());

        Path staged = Files.createDirectories(tmp.resolve("staged/d")).getParent();
        Files.copy(TestImages.image("jpeg_tiny_lizard_128.jpg"), staged.resolve("d/lizard.jpg"));
        Files.move(staged, root, java.nio.file.StandardCopyOption.ATOMIC_MOVE); // the volume is mounted again
        JobResult r = h.handle(job, Optional.of(park.since())).orElseThrow();
        assertEquals(io.cbn.schemas.Outcome.CREATED, r.getOutcome(), r.getMessage());
        assertEquals(2, conversions.get(), "converted once before the fault and once after");
        assertFalse(holds.isHeld(root.toString()), "released");
        assertTrue(notices.stream().anyMatch(n -> n.getKind().equals("RELEASED") && n.getRoot().equals(root.toString())), notices.toString());
    }

    @Test
    void aParkedJobFailsWithTheHoldsReasonOnceTheHoldTimedOut() throws Exception {
        holdTimeout = Duration.ofMinutes(5);
        place("x.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        Path out = tmp.resolve("out");
        Files.writeString(out, "a regular file where the output directory should be");
        JobHandler h = handler((s, src, dir, base) -> {
            throw new AssertionError("must not convert");
        });
        ImageJob job = Jobs.job(sourceRoot(), "x.jpg", out);
        assertTrue(h.handle(job, Optional.of(Instant.now().minus(Duration.ofMinutes(4)))) instanceof Decision.Park);
        JobResult r = h.handle(job, Optional.of(Instant.now().minus(Duration.ofMinutes(6)))).orElseThrow();
        assertEquals(io.cbn.schemas.Outcome.FAILED, r.getOutcome());
        assertEquals("OUTPUT_ROOT_UNWRITABLE", r.getReason());
        assertTrue(r.getMessage().contains("held since"), r.getMessage());
    }

    @Test
    void aJobOfACancelledRunIsFailedCancelledWithoutConverting() throws Exception {
        place("x.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        cancelled.cancel("run-1");
        JobResult r = handler((s, src, dir, base) -> {
            throw new AssertionError("must not convert");
        }).handle(Jobs.job(sourceRoot(), "x.jpg", tmp.resolve("out"))).orElseThrow();
        assertEquals(io.cbn.schemas.Outcome.FAILED, r.getOutcome());
        assertEquals("CANCELLED", r.getReason());
    }

    @Test
    void aJobWithMaxAttemptsUnfinishedEarlierAttemptsIsFailedWorkerCrashed() throws Exception {
        place("x.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        ImageJob job = Jobs.job(sourceRoot(), "x.jpg", out);
        AtomicInteger conversions = new AtomicInteger();
        JobHandler h = handler((s, src, dir, base) -> {
            conversions.incrementAndGet();
            return created(List.of());
        });
        markers.begin(out, job.getJobId(), 1);
        markers.begin(out, job.getJobId(), 2); // two attempts died with their worker
        Path marker = AttemptMarkers.marker(out, job.getJobId());
        assertTrue(marker.startsWith(out.resolve(".cbn/attempts")), marker.toString());
        JobResult third = h.handle(job).orElseThrow();
        assertEquals(io.cbn.schemas.Outcome.CREATED, third.getOutcome());
        assertEquals(3, third.getAttempt());
        assertEquals(3, markers.unfinished(out, job.getJobId()), "the marker stays until the result is published");

        JobResult r = h.handle(job).orElseThrow(); // as if the third had crashed too
        assertEquals(io.cbn.schemas.Outcome.FAILED, r.getOutcome());
        assertEquals("WORKER_CRASHED", r.getReason());
        assertEquals(3, r.getAttempt());
        assertTrue(r.getMessage().startsWith("3 earlier attempts"), r.getMessage());
        assertEquals(1, conversions.get());
        markers.finish(out, job.getJobId());
        assertFalse(Files.exists(marker));
    }

    @Test
    void anOutputRootThatGoesBadDuringAConversionHoldsTheJobInsteadOfFailingIt() throws Exception {
        place("x.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        Path out = Files.createDirectories(tmp.resolve("out-going-bad"));
        ImageJob job = Jobs.job(sourceRoot(), "x.jpg", out);
        JobHandler h = handler((s, src, dir, base) -> {
            try (var all = Files.walk(out)) { // the volume goes away while the template is being written
                for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
                Files.writeString(out, "not a directory");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return ioError();
        });
        Decision d = h.handle(job);
        assertTrue(d instanceof Decision.Park, "held, not failed: " + d);
        assertEquals("OUTPUT_ROOT_UNWRITABLE", ((Decision.Park) d).reason());
        assertTrue(sleeps.isEmpty(), "no retries against a root that is gone");
    }

    @Test
    void aJobWhoseEarlierAttemptDiedRunsAloneSoItsCrashNeverCountsAgainstOtherJobs() throws Exception {
        place("suspect.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        place("other.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        ImageJob suspect = Jobs.job(sourceRoot(), "suspect.jpg", out);
        ImageJob other = Jobs.job(sourceRoot(), "other.jpg", out);
        markers.begin(out, suspect.getJobId(), 1); // its first attempt died with its worker
        java.util.concurrent.CountDownLatch suspectConverting = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch releaseSuspect = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean overlapped = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean suspectRunning = new java.util.concurrent.atomic.AtomicBoolean();
        JobHandler h = handler((s, src, dir, base) -> {
            if (src.getFileName().toString().equals("suspect.jpg")) {
                suspectRunning.set(true);
                suspectConverting.countDown();
                try {
                    releaseSuspect.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                suspectRunning.set(false);
            } else if (suspectRunning.get()) {
                overlapped.set(true);
            }
            return created(List.of());
        });
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> h.handle(suspect));
            assertTrue(suspectConverting.await(30, java.util.concurrent.TimeUnit.SECONDS));
            var second = pool.submit(() -> h.handle(other));
            // the other job waits for its turn: its attempt is not even recorded while the suspect runs alone
            org.awaitility.Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .until(() -> markers.unfinished(out, other.getJobId()) == 0 && !second.isDone());
            releaseSuspect.countDown();
            assertEquals(io.cbn.schemas.Outcome.CREATED, first.get(30, java.util.concurrent.TimeUnit.SECONDS).orElseThrow().getOutcome());
            assertEquals(io.cbn.schemas.Outcome.CREATED, second.get(30, java.util.concurrent.TimeUnit.SECONDS).orElseThrow().getOutcome());
            assertFalse(overlapped.get(), "a job converted while the suspect ran");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aConversionThatDoesNotReturnIsAbandonedAndTheJobFailsTimeout() throws Exception {
        place("x.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        ImageJob job = Jobs.job(sourceRoot(), "x.jpg", tmp.resolve("out"));
        job.getSettings().setTimeoutMs(200);
        JobHandler h = handler((s, src, dir, base) -> {
            while (true) {
                try {
                    never.await(); // ignores interrupts, as a stuck read would
                    return created(List.of());
                } catch (InterruptedException ignored) {
                    // keep hanging
                }
            }
        });
        long t0 = System.nanoTime();
        JobResult r = h.handle(job).orElseThrow();
        assertEquals(io.cbn.schemas.Outcome.FAILED, r.getOutcome());
        assertEquals("TIMEOUT", r.getReason());
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(5)) < 0);
        assertEquals(1, runner.stuck(), "the abandoned thread is still running");
        never.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> runner.stuck() == 0);
    }

    @Test
    void theResultRecordsTheSourceSha256AndFlagsASourceChangedSinceEnqueued() throws Exception {
        Path file = place("x.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        JobHandler h = handler((s, src, dir, base) -> created(List.of()));
        ImageJob changed = Jobs.job(sourceRoot(), "x.jpg", tmp.resolve("out")); // size 0, mtime 0
        JobResult r = h.handle(changed).orElseThrow();
        assertEquals(sha256(file), r.getSourceSha256());
        assertTrue(r.getQaFlags().contains("SOURCE_CHANGED"), r.getQaFlags().toString());

        ImageJob same = Jobs.job(sourceRoot(), "x.jpg", tmp.resolve("out"));
        same.setSizeBytes(Files.size(file));
        same.setMtimeMillis(Files.getLastModifiedTime(file).toMillis());
        JobResult r2 = h.handle(same).orElseThrow();
        assertEquals(sha256(file), r2.getSourceSha256());
        assertFalse(r2.getQaFlags().contains("SOURCE_CHANGED"), r2.getQaFlags().toString());
    }

    @Test
    void dotDotOutOfTheRootIsRejected() throws Exception {
        Files.copy(TestImages.image("jpeg_tiny_lizard_128.jpg"), tmp.resolve("outside.jpg"));
        AtomicInteger calls = new AtomicInteger();
        JobHandler h = handler((s, src, dir, base) -> {
            calls.incrementAndGet();
            throw new AssertionError("must not convert");
        });
        for (String rel : List.of("../outside.jpg", "a/../../outside.jpg")) {
            JobResult r = h.handle(Jobs.job(sourceRoot(), rel, tmp.resolve("out"))).orElseThrow();
            assertEquals(io.cbn.schemas.Outcome.REJECTED, r.getOutcome(), rel);
            assertEquals("PATH_ESCAPES_ROOT", r.getReason(), rel);
        }
        assertEquals(0, calls.get());
    }

    @Test
    void aSymlinkLeadingOutOfTheRootIsRejected() throws Exception {
        Path outside = Files.copy(TestImages.image("jpeg_tiny_lizard_128.jpg"), tmp.resolve("outside.jpg"));
        Files.createSymbolicLink(sourceRoot().resolve("link.jpg"), outside);
        Path outsideDir = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.copy(outside, outsideDir.resolve("in-dir.jpg"));
        Files.createSymbolicLink(sourceRoot().resolve("linked-dir"), outsideDir);
        JobHandler h = handler((s, src, dir, base) -> {
            throw new AssertionError("must not convert " + src);
        });
        for (String rel : List.of("link.jpg", "linked-dir/in-dir.jpg")) {
            JobResult r = h.handle(Jobs.job(sourceRoot(), rel, tmp.resolve("out"))).orElseThrow();
            assertEquals(io.cbn.schemas.Outcome.REJECTED, r.getOutcome(), rel);
            assertEquals("PATH_ESCAPES_ROOT", r.getReason(), rel);
        }
    }

    @Test
    void aSymlinkInsideTheRootIsFollowed() throws Exception {
        Path real = place("real/lizard.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        Files.createDirectories(sourceRoot().resolve("alias"));
        Files.createSymbolicLink(sourceRoot().resolve("alias/lizard.jpg"), real);
        List<Path> seen = new ArrayList<>();
        JobResult r = handler((s, src, dir, base) -> {
            seen.add(src);
            return created(List.of(new OutputFile(base + ".svg", 1, "00")));
        }).handle(Jobs.job(sourceRoot(), "alias/lizard.jpg", tmp.resolve("out"))).orElseThrow();
        assertEquals(io.cbn.schemas.Outcome.CREATED, r.getOutcome());
        assertEquals(List.of(real.toRealPath()), seen);
        assertEquals("alias/lizard.svg", r.getOutputs().get(0).getPath());
    }

    @Test
    void transientIoErrorsAreRetriedWithExponentialBackoff() throws Exception {
        place("x.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        AtomicInteger calls = new AtomicInteger();
        JobResult r = handler((s, src, dir, base) -> calls.incrementAndGet() < 3 ? ioError() : created(List.of()))
                .handle(Jobs.job(sourceRoot(), "x.jpg", tmp.resolve("out"))).orElseThrow();
        assertEquals(io.cbn.schemas.Outcome.CREATED, r.getOutcome());
        assertEquals(3, r.getAttempt());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), sleeps);
    }

    @Test
    void ioErrorAfterEveryRetryIsFailedAndCounted() throws Exception {
        place("x.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        JobResult r = handler((s, src, dir, base) -> ioError())
                .handle(Jobs.job(sourceRoot(), "x.jpg", tmp.resolve("out"))).orElseThrow();
        assertEquals(io.cbn.schemas.Outcome.FAILED, r.getOutcome());
        assertEquals("IO_ERROR", r.getReason());
        assertEquals(3, r.getAttempt());
        assertFalse(gate.isFaulted(), "one IO failure is not systemic");
    }

    @Test
    void permanentOutcomesAreNotRetried() throws Exception {
        place("x.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        for (Reason reason : List.of(Reason.TIMEOUT, Reason.INTERNAL_ERROR, Reason.TOO_SMALL)) {
            AtomicInteger calls = new AtomicInteger();
            JobResult r = handler((s, src, dir, base) -> {
                calls.incrementAndGet();
                return ConversionResult.notCreated(reason, "scripted", Metrics.none(1));
            }).handle(Jobs.job(sourceRoot(), "x.jpg", tmp.resolve("out"))).orElseThrow();
            assertEquals(reason.name(), r.getReason());
            assertEquals(1, calls.get(), reason.name());
        }
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void aThrowingConverterGivesInternalError() throws Exception {
        place("x.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        JobResult r = handler((s, src, dir, base) -> {
            throw new IllegalStateException("boom");
        }).handle(Jobs.job(sourceRoot(), "x.jpg", tmp.resolve("out"))).orElseThrow();
        assertEquals(io.cbn.schemas.Outcome.FAILED, r.getOutcome());
        assertEquals("INTERNAL_ERROR", r.getReason());
    }

    @Test
    void consecutiveIoFailuresHoldTheJobInsteadOfFailingIt() throws Exception {
        place("x.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        AtomicBoolean broken = new AtomicBoolean(true);
        JobHandler h = handler((s, src, dir, base) -> broken.get() ? ioError() : created(List.of()));
        ImageJob job = Jobs.job(sourceRoot(), "x.jpg", tmp.resolve("out"));
        assertEquals("IO_ERROR", h.handle(job).orElseThrow().getReason());
        assertEquals("IO_ERROR", h.handle(job).orElseThrow().getReason());

        CompletableFuture<Decision> third = CompletableFuture.supplyAsync(() -> h.handle(job));
        await().atMost(Duration.ofSeconds(10)).until(gate::isFaulted);
        assertFalse(third.isDone(), "the third consecutive IO failure is held, not published");
        assertTrue(gate.isActive(SystemicFaultGate.IO_FAILURES));

        broken.set(false);
        JobResult r = third.get().orElseThrow();
        assertEquals(io.cbn.schemas.Outcome.CREATED, r.getOutcome());
        assertFalse(gate.isFaulted());
    }

    @Test
    void anUnwritableOutputRootParksTheJobUntilItIsWritableAgain() throws Exception {
        place("d/lizard.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        Path out = tmp.resolve("out");
        Files.writeString(out, "a regular file where the output directory should be");
        AtomicInteger conversions = new AtomicInteger();
        JobHandler h = handler((s, src, dir, base) -> {
            conversions.incrementAndGet();
            return ConversionEngine.converter().convert(s, src, dir, base);
        });
        ImageJob job = Jobs.job(tmp.resolve("src"), "d/lizard.jpg", out);
        Decision.Park park = (Decision.Park) h.handle(job);
        assertEquals("OUTPUT_ROOT_UNWRITABLE", park.reason());
        assertTrue(park.detail().contains(out.toString()), park.detail());
        assertFalse(gate.isFaulted());
        assertEquals(0, conversions.get(), "nothing is converted while the output root is unwritable");

        Files.delete(out);
        JobResult r = h.handle(job, Optional.of(park.since())).orElseThrow();
        assertEquals(io.cbn.schemas.Outcome.CREATED, r.getOutcome(), r.getMessage());
        assertTrue(Files.isRegularFile(out.resolve(r.getOutputs().get(0).getPath())));
        assertFalse(holds.isHeld(out.toString()));
    }

    @Test
    void aJobWaitingAtTheGateIsHandedBackWhenTheWorkerStops() throws Exception {
        place("x.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        gate.trip(SystemicFaultGate.IO_FAILURES, "IO_FAILURES", "scripted");
        JobHandler h = handler((s, src, dir, base) -> created(List.of()));
        CompletableFuture<Decision> held = CompletableFuture.supplyAsync(
                () -> h.handle(Jobs.job(tmp.resolve("src"), "x.jpg", tmp.resolve("out"))));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !held.isDone());
        stopping.set(true);
        assertTrue(held.get() instanceof Decision.HandBack);
    }

    @Test
    void jobsWaitAtTheGateWhileAFaultOfTheWholeWorkerHolds() throws Exception {
        place("x.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        gate.trip("results-unpublishable", "RESULTS_UNPUBLISHABLE", "scripted");
        AtomicInteger conversions = new AtomicInteger();
        JobHandler h = handler((s, src, dir, base) -> {
            conversions.incrementAndGet();
            return created(List.of());
        });
        CompletableFuture<Decision> waiting = CompletableFuture.supplyAsync(
                () -> h.handle(Jobs.job(tmp.resolve("src"), "x.jpg", tmp.resolve("out"))));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
        assertEquals(0, conversions.get());
        gate.clear("results-unpublishable");
        assertEquals(io.cbn.schemas.Outcome.CREATED, waiting.get().orElseThrow().getOutcome());
    }

    @Test
    void aJobWhoseOutputsAreOnDiskFromTheSameSourceAndSettingsIsReusedNotConverted() throws Exception {
        Path file = place("r/lizard.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        Path out = tmp.resolve("out");
        AtomicInteger conversions = new AtomicInteger();
        JobHandler h = handler((s, src, dir, base) -> {
            conversions.incrementAndGet();
            return ConversionEngine.converter().convert(s, src, dir, base);
        });
        ImageJob job = Jobs.job(sourceRoot(), "r/lizard.jpg", out);
        job.setSizeBytes(Files.size(file));
        job.setMtimeMillis(Files.getLastModifiedTime(file).toMillis());
        JobResult first = published(h, job);
        assertEquals(io.cbn.schemas.Outcome.CREATED, first.getOutcome(), first.getMessage());
        assertFalse(first.getReused());
        Path svg = out.resolve(first.getOutputs().get(0).getPath());
        var mtime = Files.getLastModifiedTime(svg);

        JobResult again = published(h, job);
        assertEquals(io.cbn.schemas.Outcome.CREATED, again.getOutcome());
        assertTrue(again.getReused());
        assertEquals(first.getOutputs(), again.getOutputs());
        assertEquals(first.getSourceSha256(), again.getSourceSha256());
        assertEquals(1, conversions.get(), "not converted again");
        assertEquals(mtime, Files.getLastModifiedTime(svg));

        ImageJob otherSettings = ImageJob.newBuilder(job).build();
        otherSettings.getSettings().setColors(12);
        assertFalse(published(h, otherSettings).getReused(), "other settings: converted");
        assertEquals(2, conversions.get());

        Files.write(svg, "tampered".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ImageJob firstSettings = Jobs.job(sourceRoot(), "r/lizard.jpg", out);
        firstSettings.setSizeBytes(job.getSizeBytes());
        firstSettings.setMtimeMillis(job.getMtimeMillis());
        published(h, firstSettings); // rewrites the outputs and the manifest for 16 colours
        assertEquals(3, conversions.get());
        Files.write(out.resolve(first.getOutputs().get(0).getPath()), "tampered".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertFalse(published(h, firstSettings).getReused(), "output bytes differ: converted");
        assertEquals(4, conversions.get());
    }

    /** As JobFlow: handle, then (the result published) the attempt marker is removed. */
    private JobResult published(JobHandler h, ImageJob job) {
        JobResult r = h.handle(job).orElseThrow();
        markers.finish(Path.of(job.getOutputRoot()).toAbsolutePath().normalize(), job.getJobId());
        return r;
    }

    private static ConversionResult ioError() {
        return ConversionResult.notCreated(Reason.IO_ERROR, "scripted IO error", Metrics.none(1));
    }

    private static ConversionResult created(List<OutputFile> outputs) {
        return new ConversionResult(Outcome.CREATED, null, "", outputs, Metrics.none(1), List.of());
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
