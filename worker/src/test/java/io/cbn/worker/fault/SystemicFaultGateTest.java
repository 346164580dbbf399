package io.cbn.worker.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

class SystemicFaultGateTest {

    private final List<Boolean> transitions = new CopyOnWriteArrayList<>();
    private final SystemicFaultGate gate = new SystemicFaultGate(3, Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC));

    {
        gate.addListener(transitions::add);
    }

    @Test
    void faultedWhileAnyKeyIsActiveAndListenersSeeOnlyTransitions() {
        assertFalse(gate.isFaulted());
        gate.trip("a", "OUTPUT_ROOT_UNWRITABLE", "first");
        gate.trip("a", "OUTPUT_ROOT_UNWRITABLE", "again");
        gate.trip("b", "RESULTS_UNPUBLISHABLE", "second");
        assertTrue(gate.isFaulted());
        assertEquals(2, gate.faults().size());
        assertEquals(Instant.parse("2026-11-01T00:00:00Z"), gate.faults().get(0).since());
        gate.clear("a");
        assertTrue(gate.isFaulted());
        gate.clear("b");
        gate.clear("b");
        assertFalse(gate.isFaulted());
        assertEquals(List.of(true, false), transitions);
    }

    @Test
    void consecutiveIoFailuresTripAtTheThresholdAndASuccessResetsTheCount() {
        assertFalse(gate.recordIoFailure());
        assertFalse(gate.recordIoFailure());
        gate.recordSuccess();
        assertFalse(gate.recordIoFailure());
        assertFalse(gate.recordIoFailure());
        assertFalse(gate.isFaulted());
        assertTrue(gate.recordIoFailure());
        assertTrue(gate.isActive(SystemicFaultGate.IO_FAILURES));
        gate.clear(SystemicFaultGate.IO_FAILURES);
        gate.recordSuccess();
        assertEquals(0, gate.consecutiveIoFailures());
        assertFalse(gate.isFaulted());
    }

    @Test
    void awaitHealthyReturnsWhenTheLastFaultClears() throws Exception {
        assertTrue(gate.awaitHealthy(Duration.ZERO));
        gate.trip("a", "R", "d");
        assertFalse(gate.awaitHealthy(Duration.ofMillis(20)));
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.awaitHealthy(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        gate.clear("a");
        assertTrue(waiter.get());
    }

    @Test
    void aFailingListenerDoesNotBreakTheGate() {
        gate.addListener(f -> {
            throw new IllegalStateException("listener bug");
        });
        gate.trip("a", "R", "d");
        assertTrue(gate.isFaulted());
        assertEquals(List.of(true), transitions);
    }

    @Test
    void thresholdMustBePositive() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new SystemicFaultGate(0, Clock.systemUTC()));
    }
}
