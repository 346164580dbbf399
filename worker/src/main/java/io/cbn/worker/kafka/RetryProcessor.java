package io.cbn.worker.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.cbn.schemas.ImageJob;
import io.cbn.worker.WorkerLifecycle;
import io.cbn.worker.hold.Parked;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * The retry topic (docs/design.md, "Faults, holds and poison jobs"): parked jobs, read by a consumer group of their
 * own ({@code cbn-workers-retry}) on the one-thread {@code cbn-retry} pool. Each job waits until its
 * {@code cbn-not-before}, then runs through {@link JobFlow} like a new job, with its hold's start: converted when its
 * root is back, parked again (longer back-off) while it is not, FAILED with the hold's reason once the hold timed out.
 * Jobs are parked in time order, so waiting for the first one due delays little; while a root is still faulty a
 * parked job costs one probe, no conversion.
 */
@ApplicationScoped
public class RetryProcessor {

    private static final Logger LOG = Logger.getLogger(RetryProcessor.class);
    private static final Duration STEP = Duration.ofSeconds(1);

    @Inject
    JobFlow flow;

    @Inject
    WorkerLifecycle lifecycle;

    @Incoming("retry")
    @Blocking(value = "cbn-retry", ordered = false)
    public CompletionStage<Void> onParked(Message<ImageJob> message) {
        ImageJob job = message.getPayload();
        if (job == null) {
            LOG.warn("skipping an undecodable or empty record on the retry topic");
            return message.ack();
        }
        Parked parked = Parked.from(message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getHeaders).orElse(null), Instant.now());
        try {
            while (true) {
                Duration left = Duration.between(Instant.now(), parked.notBefore());
                if (left.isNegative() || left.isZero()) break;
                if (lifecycle.isStopping()) return JobFlow.HANDED_BACK;
                lifecycle.sleep(left.compareTo(STEP) < 0 ? left : STEP);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JobFlow.HANDED_BACK;
        }
        int partition = message.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> m.getPartition()).orElse(-1);
        return flow.process(job, Optional.of(parked), partition) ? message.ack() : JobFlow.HANDED_BACK;
    }
}
