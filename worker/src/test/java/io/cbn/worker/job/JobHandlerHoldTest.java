package io.cbn.worker.job;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobResult;
import io.cbn.worker.TestImages;
import io.cbn.worker.fault.SystemicFaultGate;
import io.cbn.worker.job.JobHandler.Decision;

/**
 * A fault of one root parks its jobs until the root is back or the hold times out; a fault of the whole worker makes
 * jobs wait at the gate (docs/design.md, Faults, holds and poison jobs).
 */
class JobHandlerHoldTest extends JobHandlerFixture {

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
}
