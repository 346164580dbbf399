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

/**
 * One job, from either topic (cbn.jobs or, parked, cbn.jobs.retry), to its end on this worker: a published result,
 * then {@code true} (the caller acknowledges the record: at-least-once); or parked on the retry topic, then
 * {@code true}; or {@code false}: handed back un-acknowledged (the worker is stopping, or an unexpected error), so the
 * record is delivered again after the next rebalance or restart. Never throws.
 */
@ApplicationScoped
public class JobFlow {

    private static final Logger LOG = Logger.getLogger(JobFlow.class);
    /** What a channel method returns for a record it hands back: completed, but neither acked nor nacked. */
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

    /**
     * @param parked the headers of a job that came back from the retry topic
     * @param partition the record's partition (for the log's MDC)
     * @return true when the record is to be acknowledged, false when it is handed back
     */
    public boolean process(ImageJob job, Optional<Parked> parked, int partition) {
        if (lifecycle.isStopping()) {
            lifecycle.handedBack();
            return false;
        }
        lifecycle.jobStarted();
        long start = System.nanoTime();
        MDC.put("runId", job.getRunId());
        MDC.put("jobId", job.getJobId());
        MDC.put("partition", partition);
        try {
            Decision d = handler.handle(job, parked.map(Parked::heldSince));
            if (d instanceof Decision.Done done) {
                JobResult result = done.result();
                if (!publisher.publish(result)) {
                    LOG.infof("job %s handed back unfinished: the worker is stopping", job.getJobId());
                    return false;
                }
                outputRoot(job).ifPresent(root -> markers.finish(root, job.getJobId()));
                parked.ifPresent(p -> holds.ended(p.root()));
                metrics.jobFinished(result, Duration.ofNanos(System.nanoTime() - start));
                return true;
            }
            if (d instanceof Decision.Park park) {
                int tries = parked.map(p -> p.tries() + 1).orElse(1);
                Instant notBefore = clock.instant().plus(backoff(tries));
                Parked headers = new Parked(park.since(), notBefore, park.reason(), park.root(), tries);
                if (!parker.park(job, headers)) return false;
                RootHolds.Hold hold = holds.hold(park.root(), park.reason(), park.detail());
                holds.parked(job.getRunId(), hold, parked.isEmpty());
                metrics.heldRoot(park.root());
                LOG.debugf("job %s parked until %s: %s %s", job.getJobId(), notBefore, park.reason(), park.root());
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s: unexpected error, left for redelivery", job.getJobId());
            return false;
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
