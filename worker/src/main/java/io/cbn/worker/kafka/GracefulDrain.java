package io.cbn.worker.kafka;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.jboss.logging.Logger;

import io.cbn.worker.WorkerLifecycle;
import io.cbn.worker.config.WorkerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.KafkaConnector;

/**
 * Graceful shutdown (SIGTERM): stop taking jobs (the jobs consumer pauses), let in-flight jobs finish and publish (up
 * to {@code cbn.worker.drain-timeout}), commit every finished job and close the jobs consumer, then close the
 * connector's clients (results, parked, retry, runs).
 *
 * <p>Closing the connector here, rather than leaving it to its own {@code @BeforeDestroyed} observer, keeps the retry
 * channel's commit reliable: Quarkus closes the messaging worker pools first (they observe the same event with a
 * higher priority), and a record dispatched to a closed pool fails the stream, which closes the consumer before the
 * connector can commit (SRMSG18252). The connector's close is idempotent, so its own observer later finds nothing left
 * to do. Jobs not finished by the deadline, and the ones fetched but not started, are handed back un-acknowledged and
 * redelivered to another worker.
 */
@ApplicationScoped
public class GracefulDrain {

    private static final Logger LOG = Logger.getLogger(GracefulDrain.class);
    /** Queued records are handed back within milliseconds once the jobs in flight are done; this bounds the wait. */
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final Duration QUIET_MAX = Duration.ofSeconds(3);

    @Inject
    WorkerLifecycle lifecycle;

    @Inject
    @Connector(KafkaConnector.CONNECTOR_NAME)
    KafkaConnector kafka;

    @Inject
    WorkerConfig config;

    @Inject
    JobsConsumer jobs;

    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        lifecycle.stop();
        jobs.stopTaking();
        LOG.infof("stopping: draining %d in-flight job(s), at most %s", lifecycle.inflight(), config.drainTimeout());
        try {
            if (lifecycle.awaitIdle(config.drainTimeout())) {
                LOG.info("stopping: every in-flight job finished");
            } else {
                LOG.warnf("stopping: %d job(s) still running after %s are handed back", lifecycle.inflight(), config.drainTimeout());
            }
            lifecycle.awaitQuiet(QUIET, QUIET_MAX);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("stopping: committing finished jobs and closing the Kafka clients");
        jobs.close();
        kafka.terminate(event);
    }
}
