package io.cbn.worker.job;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobResult;
import io.cbn.worker.TestImages;

/**
 * Poison jobs end: attempts that took their worker down are counted in the attempt marker, a suspect job runs alone,
 * and a conversion that does not return is abandoned (docs/design.md, Faults, holds and poison jobs).
 */
class JobHandlerAttemptTest extends JobHandlerFixture {

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
}
