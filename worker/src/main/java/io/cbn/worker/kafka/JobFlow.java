package io.cbn.worker.kafka;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobResult;
import io.cbn.worker.WorkerLifecycle;
import io.cbn.worker.config.WorkerConfig;
import io.cbn.worker.hold.Parked;
import io.cbn.worker.hold.RootHolds;
import io.cbn.worker.job.AttemptMarkers;
import io.cbn.worker.job.Backoff;
import io.cbn.worker.job.JobHandler;
import io.cbn.worker.job.JobHandler.Decision;
import io.cbn.worker.job.ResultPublisher;
import io.cbn.worker.metrics.WorkerMetrics;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * One job, from either topic (cbn.jobs or, parked, cbn.jobs.retry), to its end on this worker: a published result
 * then the job acknowledged (at-least-once); or parked on the retry topic then acknowledged; or handed back
 * un-acknowledged when the worker is stopping. Never fails the stream.
 */
@ApplicationScoped
public class JobFlow {

    private static final Logger LOG = Logger.getLogger(JobFlow.class);
    static final CompletionStage<Void> HANDED_BACK = CompletableFuture.completedFuture(null);

    @Inject
    JobHandler handler;

    @Inject
    ResultPublisher publisher;

    @Inject
    KafkaParker parker;

    @Inject
    RootHolds holds;

    @Inject
    AttemptMarkers markers;

    @Inject
    WorkerLifecycle lifecycle;

    @Inject
    WorkerMetrics metrics;

    @Inject
    WorkerConfig config;

    private final Clock clock = Clock.systemUTC();

    /** @param parked the headers of a job that came back from the retry topic */
    public CompletionStage<Void> process(Message<ImageJob> message, ImageJob job, Optional<Parked> parked) {
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
            Decision d = handler.handle(job, parked.map(Parked::heldSince));
            if (d instanceof Decision.Done done) {
                JobResult result = done.result();
                if (!publisher.publish(result)) {
                    LOG.infof("job %s handed back unfinished: the worker is stopping", job.getJobId());
                    return HANDED_BACK;
                }
                outputRoot(job).ifPresent(root -> markers.finish(root, job.getJobId()));
                parked.ifPresent(p -> holds.ended(p.root()));
                metrics.jobFinished(result, Duration.ofNanos(System.nanoTime() - start));
                return message.ack();
            }
            if (d instanceof Decision.Park park) {
                int tries = parked.map(p -> p.tries() + 1).orElse(1);
                Instant notBefore = clock.instant().plus(backoff(tries));
                Parked headers = new Parked(park.since(), notBefore, park.reason(), park.root(), tries);
                if (!parker.park(job, headers)) return HANDED_BACK;
                RootHolds.Hold hold = holds.hold(park.root(), park.reason(), park.detail());
                holds.parked(job.getRunId(), hold, parked.isEmpty());
                metrics.heldRoot(park.root());
                LOG.debugf("job %s parked until %s: %s %s", job.getJobId(), notBefore, park.reason(), park.root());
                return message.ack();
            }
            return HANDED_BACK;
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

    /** The wait before the {@code tries}-th retry of a parked job: doubling from the initial back-off. */
    private Duration backoff(int tries) {
        Backoff b = new Backoff(config.hold().initialBackoff(), config.hold().maxBackoff());
        Duration d = b.initial();
        for (int i = 1; i < tries && d.compareTo(config.hold().maxBackoff()) < 0; i++) d = b.next(d);
        return d;
    }

    private static Optional<Path> outputRoot(ImageJob job) {
        try {
            return job.getOutputRoot() == null || job.getOutputRoot().isBlank() ? Optional.empty()
                    : Optional.of(Path.of(job.getOutputRoot()).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
