package io.cbn.worker.fault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jboss.logging.Logger;

/**
 * The worker's systemic-fault state machine: HEALTHY while no fault is active, FAULTED while at least one is.
 * Only faults that hit every job come here (docs/design.md, "Faults, holds and poison jobs"): results or parked jobs
 * unpublishable (the broker), or {@link #IO_FAILURES}. A fault of one root (source root gone, output root not
 * writable) is not systemic: it holds only that root ({@code io.cbn.worker.hold.RootHolds}). A fault is keyed; whoever trips a key
 * holds its job, re-probes and clears the key. While FAULTED every job waits at the gate instead of being
 * converted, so the backlog is not burnt through as FAILED; readiness reports DOWN from {@link #faults()}.
 *
 * <p>Consecutive IO failures: {@link #recordIoFailure()} counts jobs that ended in IO_ERROR after their retries;
 * at the threshold it trips {@link #IO_FAILURES}. The job that tripped it is held and converted again with backoff;
 * it clears the key once its conversion gets past IO, and {@link #recordSuccess()} restarts the count.
 *
 * <p>How consumption pauses: while FAULTED every worker thread of the {@code cbn-convert} pool holds or waits, so
 * the connector gets no more requests; its queue (at most 2 x {@code max.poll.records}) fills and the connector
 * pauses the consumer itself ({@code pause-if-no-requests}), still polling, so the member stays in the group. The
 * gate deliberately does not call {@code KafkaConsumer.pause()/resume()}: the connector's back-pressure uses the same
 * pause flag, and a resume from outside while the connector believes it paused the consumer lets the fetch queue
 * grow without bound (it resumes only once its queue drained to half, and never re-pauses from that state).
 */
public class SystemicFaultGate {

    /** Key of the fault tripped by consecutive IO failures. */
    public static final String IO_FAILURES = "consecutive-io-failures";

    private static final Logger LOG = Logger.getLogger(SystemicFaultGate.class);

    /** One active fault. */
    public record Fault(String key, String reason, String detail, Instant since) { }

    /** Told of every HEALTHY/FAULTED transition. */
    public interface Listener {
        void faultChanged(boolean faulted);
    }

    private final int ioFailureThreshold;
    private final Clock clock;
    private final Map<String, Fault> faults = new LinkedHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private int consecutiveIoFailures;

    public SystemicFaultGate(int ioFailureThreshold, Clock clock) {
        if (ioFailureThreshold < 1) throw new IllegalArgumentException("ioFailureThreshold must be >= 1, got " + ioFailureThreshold);
        this.ioFailureThreshold = ioFailureThreshold;
        this.clock = clock;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Activates fault {@code key} (or refreshes its detail). */
    public void trip(String key, String reason, String detail) {
        boolean becameFaulted;
        synchronized (this) {
            Fault previous = faults.get(key);
            becameFaulted = faults.isEmpty();
            faults.put(key, new Fault(key, reason, detail, previous != null ? previous.since() : clock.instant()));
            if (previous != null) return;
        }
        LOG.warnf("systemic fault %s: %s (%s); holding jobs, readiness DOWN", key, reason, detail);
        if (becameFaulted) notifyListeners(true);
    }

    /** Deactivates fault {@code key}; when it was the last one, releases every job waiting at the gate. */
    public void clear(String key) {
        boolean becameHealthy;
        synchronized (this) {
            Fault removed = faults.remove(key);
            if (removed == null) return;
            becameHealthy = faults.isEmpty();
            if (becameHealthy) notifyAll();
        }
        LOG.infof("systemic fault %s cleared", key);
        if (becameHealthy) notifyListeners(false);
    }

    /** Counts one job that ended in IO_ERROR; true when this tripped {@link #IO_FAILURES}. */
    public boolean recordIoFailure() {
        int count;
        synchronized (this) {
            count = ++consecutiveIoFailures;
        }
        if (count < ioFailureThreshold) return false;
        trip(IO_FAILURES, "IO_FAILURES", count + " consecutive jobs failed with IO_ERROR");
        return true;
    }

    /** A job got past IO without an IO error: the consecutive count starts again. */
    public synchronized void recordSuccess() {
        consecutiveIoFailures = 0;
    }

    public synchronized boolean isFaulted() {
        return !faults.isEmpty();
    }

    public synchronized boolean isActive(String key) {
        return faults.containsKey(key);
    }

    public synchronized List<Fault> faults() {
        return List.copyOf(faults.values());
    }

    synchronized int consecutiveIoFailures() {
        return consecutiveIoFailures;
    }

    /** Waits up to {@code max} for the gate to be HEALTHY; true when it is. */
    public synchronized boolean awaitHealthy(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!faults.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            long ms = Math.max(1, left / 1_000_000);
            wait(ms);
        }
        return true;
    }

    private void notifyListeners(boolean faulted) {
        for (Listener l : listeners) {
            try {
                l.faultChanged(faulted);
            } catch (RuntimeException e) {
                LOG.errorf(e, "systemic fault listener %s failed", l);
            }
        }
    }
}
