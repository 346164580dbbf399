package io.cbn.worker.kafka;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.cbn.worker.WorkerLifecycle;
import io.cbn.worker.config.WorkerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;

/**
 * Graceful shutdown (SIGTERM): stop taking jobs, pause the consumer, let in-flight jobs finish and publish (up to
 * {@code cbn.worker.drain-timeout}), all before the Kafka connector closes and commits. The connector itself only
 * waits about {@code auto.commit.interval.ms} for outstanding acks (SRMSG18245), so draining must happen here.
 * Jobs still running at the deadline, held or queued ones, are handed back un-acknowledged and redelivered.
 */
@ApplicationScoped
public class GracefulDrain {

    private static final Logger LOG = Logger.getLogger(GracefulDrain.class);

    @Inject
    WorkerLifecycle lifecycle;

    @Inject
    KafkaClientService kafka;

    @Inject
    WorkerConfig config;

    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        lifecycle.stop();
        pauseConsumer();
        int inflight = lifecycle.inflight();
        LOG.infof("stopping: draining %d in-flight job(s), at most %s", inflight, config.drainTimeout());
        try {
            if (lifecycle.awaitIdle(config.drainTimeout())) {
                LOG.info("stopping: every in-flight job finished");
            } else {
                LOG.warnf("stopping: %d job(s) still running after %s are handed back", lifecycle.inflight(), config.drainTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pauseConsumer() {
        try {
            KafkaConsumer<Object, Object> consumer = kafka.getConsumer("jobs");
            if (consumer != null) consumer.pause().await().atMost(java.time.Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debugf("stopping: could not pause the jobs consumer: %s", e.toString());
        }
    }
}
