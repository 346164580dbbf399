package io.cbn.worker.job;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.cbn.converter.ConversionResult;
import io.cbn.converter.Metrics;
import io.cbn.converter.Reason;
import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobResult;
import io.cbn.worker.TestImages;
import io.cbn.worker.fault.SystemicFaultGate;
import io.cbn.worker.job.JobHandler.Decision;

/**
 * Transient failures retried quietly with backoff, permanent ones not retried (docs/design.md, Outcomes), and
 * consecutive IO failures held as a fault of the whole worker (docs/design.md, Faults, holds and poison jobs).
 */
class JobHandlerRetryTest extends JobHandlerFixture {

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
}
