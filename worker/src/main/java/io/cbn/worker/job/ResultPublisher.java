package io.cbn.worker.job;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.jboss.logging.Logger;

import io.cbn.schemas.JobResult;
import io.cbn.worker.fault.SystemicFaultGate;

/**
 * Publishes a job's result and returns only once the broker acknowledged it, so the job can then be acknowledged.
 * A failed send is retried quietly with exponential backoff; when every retry failed the results topic is
 * unreachable, which is a systemic fault: the gate trips (readiness DOWN, no further job starts) and the send is
 * retried with the probe backoff until it succeeds or the worker stops.
 */
public class ResultPublisher {

    /** The fault key while results cannot be published. */
    public static final String FAULT_KEY = "results-unpublishable";

    private static final Logger LOG = Logger.getLogger(ResultPublisher.class);

    /** Sends one result and blocks until the broker acknowledged it; throws when it did not. */
    @FunctionalInterface
    public interface Sender {
        void send(JobResult result) throws Exception;
    }

    private final Sender sender;
    private final SystemicFaultGate gate;
    private final int attempts;
    private final Backoff retryBackoff;
    private final Backoff probeBackoff;
    private final Sleeper sleeper;
    private final BooleanSupplier stopping;

    public ResultPublisher(Sender sender, SystemicFaultGate gate, int attempts, Backoff retryBackoff, Backoff probeBackoff,
                           Sleeper sleeper, BooleanSupplier stopping) {
        if (attempts < 1) throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        this.sender = sender;
        this.gate = gate;
        this.attempts = attempts;
        this.retryBackoff = retryBackoff;
        this.probeBackoff = probeBackoff;
        this.sleeper = sleeper;
        this.stopping = stopping;
    }

    /** True once {@code result} is acknowledged by the broker; false when the worker stopped before that. */
    public boolean publish(JobResult result) throws InterruptedException {
        Duration wait = retryBackoff.initial();
        boolean systemic = false;
        for (int tries = 1; ; tries++) {
            try {
                sender.send(result);
                if (systemic) gate.clear(FAULT_KEY);
                return true;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (!systemic && tries >= attempts) {
                    systemic = true;
                    gate.trip(FAULT_KEY, "RESULTS_UNPUBLISHABLE", "result of job " + result.getJobId()
                            + " not acknowledged after " + tries + " tries: " + e);
                    wait = probeBackoff.initial();
                } else {
                    LOG.debugf("result of job %s not acknowledged (try %d), retrying in %s: %s", result.getJobId(), tries, wait, e);
                }
            }
            if (stopping.getAsBoolean()) return false;
            sleeper.sleep(wait);
            if (stopping.getAsBoolean()) return false;
            wait = (systemic ? probeBackoff : retryBackoff).next(wait);
        }
    }
}
