package io.cbn.worker.kafka;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.cbn.schemas.ImageJob;
import io.cbn.worker.metrics.WorkerMetrics;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * The jobs topic: each job runs through {@link JobFlow} on the {@code cbn-convert} worker pool, as many at once as
 * {@code cbn.worker.concurrency}. Undecodable job messages go to the dead-letter topic.
 */
@ApplicationScoped
public class JobProcessor {

    private static final Logger LOG = Logger.getLogger(JobProcessor.class);

    @Inject
    JobFlow flow;

    @Inject
    WorkerMetrics metrics;

    @Incoming("jobs")
    @Blocking(value = "cbn-convert", ordered = false)
    public CompletionStage<Void> onJob(Message<ImageJob> message) {
        ImageJob job = message.getPayload();
        if (job == null) return deadLetter(message);
        return flow.process(message, job, Optional.empty());
    }

    /** An undecodable job goes to the dead-letter topic (failure-strategy); a tombstone is skipped. */
    private CompletionStage<Void> deadLetter(Message<ImageJob> message) {
        Optional<String> failure = UndecodableJobHandler.failureOf(message);
        if (failure.isEmpty()) {
            LOG.warn("skipping a job message without a value (tombstone)");
            return message.ack();
        }
        metrics.deadLettered();
        return message.nack(new UndecodableJobHandler.UndecodableJobException(failure.get()));
    }
}
