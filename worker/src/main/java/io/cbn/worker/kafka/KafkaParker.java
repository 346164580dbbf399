package io.cbn.worker.kafka;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.cbn.schemas.ImageJob;
import io.cbn.worker.WorkerLifecycle;
import io.cbn.worker.config.WorkerConfig;
import io.cbn.worker.fault.SystemicFaultGate;
import io.cbn.worker.hold.Parked;
import io.cbn.worker.job.Backoff;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Parks a held job on cbn.jobs.retry (channel {@code parked}) and returns once the broker acknowledged it, so the job
 * can then be acknowledged on the topic it came from. Sends are retried with backoff; when every retry failed the
 * broker is unreachable, a fault of the whole worker: the gate trips (readiness DOWN) and the send is retried with the
 * probe backoff until it succeeds or the worker stops.
 */
@ApplicationScoped
public class KafkaParker {

    static final String FAULT_KEY = "jobs-unparkable";

    private static final Logger LOG = Logger.getLogger(KafkaParker.class);

    @Inject
    @Channel("parked")
    MutinyEmitter<ImageJob> emitter;

    @Inject
    WorkerConfig config;

    @Inject
    SystemicFaultGate gate;

    @Inject
    WorkerLifecycle lifecycle;

    /** True once the parked job is acknowledged by the broker; false when the worker stopped first. */
    public boolean park(ImageJob job, Parked parked) throws InterruptedException {
        Backoff retry = new Backoff(config.retry().initialBackoff(), config.retry().maxBackoff());
        Backoff probe = new Backoff(config.systemicFault().probeInitialInterval(), config.systemicFault().probeMaxInterval());
        Duration wait = retry.initial();
        boolean systemic = false;
        for (int tries = 1; ; tries++) {
            try {
                Message<ImageJob> m = Message.of(job).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(job.getJobId()).withHeaders(parked.toHeaders()).build());
                emitter.sendMessage(m).await().atMost(config.sendTimeout());
                if (systemic) gate.clear(FAULT_KEY);
                return true;
            } catch (RuntimeException e) {
                if (!systemic && tries >= config.retry().attempts()) {
                    systemic = true;
                    gate.trip(FAULT_KEY, "JOBS_UNPARKABLE", "job " + job.getJobId() + " not parked on the retry topic after "
                            + tries + " tries: " + e);
                    wait = probe.initial();
                } else {
                    LOG.debugf("job %s not parked (try %d), retrying in %s: %s", job.getJobId(), tries, wait, e);
                }
            }
            if (lifecycle.isStopping()) return false;
            lifecycle.sleep(wait);
            if (lifecycle.isStopping()) return false;
            wait = (systemic ? probe : retry).next(wait);
        }
    }
}
