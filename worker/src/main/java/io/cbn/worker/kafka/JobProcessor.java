package io.cbn.worker.kafka;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobResult;
import io.cbn.worker.WorkerLifecycle;
import io.cbn.worker.job.JobHandler;
import io.cbn.worker.job.ResultPublisher;
import io.cbn.worker.metrics.WorkerMetrics;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * The Kafka edge: one job in, one acknowledged result out, then the job is acknowledged (at-least-once). Runs on the
 * {@code cbn-convert} worker pool, as many jobs at once as {@code cbn.worker.concurrency}. A job that is not
 * finished (the worker is stopping) is returned un-acknowledged, so the group redelivers it. Never fails the stream.
 */
@ApplicationScoped
public class JobProcessor {

    private static final Logger LOG = Logger.getLogger(JobProcessor.class);
    private static final CompletionStage<Void> HANDED_BACK = CompletableFuture.completedFuture(null);

    @Inject
    JobHandler handler;

    @Inject
    ResultPublisher publisher;

    @Inject
    WorkerLifecycle lifecycle;

    @Inject
    WorkerMetrics metrics;

    @Incoming("jobs")
    @Blocking(value = "cbn-convert", ordered = false)
    public CompletionStage<Void> onJob(Message<ImageJob> message) {
        ImageJob job = message.getPayload();
        if (job == null) return deadLetter(message);
        if (lifecycle.isStopping()) {
            lifecycle.handedBack();
            return HANDED_BACK;
        }
        lifecycle.jobStarted();
        long start = System.nanoTime();
        MDC.put("runId", job.getRunId());
        MDC.put("jobId", job.getJobId());
        message.getMetadata(IncomingKafkaRecordMetadata.class).ifPresent(m -> MDC.put("partition", m.getPartition()));
        try {
            Optional<JobResult> result = handler.handle(job);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (result.isEmpty() || !publisher.publish(result.get())) {
                LOG.infof("job %s handed back unfinished: the worker is stopping", job.getJobId());
                return HANDED_BACK;
            }
            metrics.jobFinished(result.get(), took);
            return message.ack();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HANDED_BACK;
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s: unexpected error, left for redelivery", job.getJobId());
            return HANDED_BACK;
        } finally {
            MDC.remove("runId");
            MDC.remove("jobId");
            MDC.remove("partition");
            lifecycle.jobFinished();
        }
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
