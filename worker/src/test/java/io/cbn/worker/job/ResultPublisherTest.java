package io.cbn.worker.job;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.cbn.converter.Reason;
import io.cbn.schemas.JobResult;
import io.cbn.worker.build.BuildInfo;
import io.cbn.worker.fault.SystemicFaultGate;

class ResultPublisherTest {

    private final SystemicFaultGate gate = new SystemicFaultGate(3, Clock.systemUTC());
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final JobResult result = new ResultMapper("w", new BuildInfo("v", "c"), Clock.systemUTC())
            .notConverted(Jobs.job(Path.of("/src"), "x.jpg", Path.of("/out")), Reason.TOO_SMALL, "small");

    private ResultPublisher publisher(ResultPublisher.Sender sender) {
        return new ResultPublisher(sender, gate, 3, new Backoff(Duration.ofMillis(500), Duration.ofSeconds(4)),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(40)), d -> {
                    sleeps.add(d);
                    Thread.yield(); // a recorded backoff, not a wait: let the thread that clears the hold run
                }, stopping::get);
    }

    @Test
    void failedSendsAreRetriedQuietlyWithBackoff() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        assertTrue(publisher(r -> {
            if (calls.incrementAndGet() < 3) throw new IllegalStateException("broker away");
        }).publish(result));
        assertEquals(3, calls.get());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), sleeps);
        assertFalse(gate.isFaulted());
    }

    @Test
    void aSendFailingEveryRetryIsASystemicFaultUntilItSucceeds() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        ResultPublisher p = publisher(r -> {
            if (down.get()) throw new IllegalStateException("broker away");
        });
        CompletableFuture<Boolean> sent = CompletableFuture.supplyAsync(() -> {
            try {
                return p.publish(result);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> gate.isActive(ResultPublisher.FAULT_KEY));
        assertFalse(sent.isDone());
        down.set(false);
        assertTrue(sent.get());
        assertFalse(gate.isFaulted());
    }

    @Test
    void stoppingGivesUp() throws Exception {
        stopping.set(true);
        assertFalse(publisher(r -> {
            throw new IllegalStateException("broker away");
        }).publish(result));
    }
}
