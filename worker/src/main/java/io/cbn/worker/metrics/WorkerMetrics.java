package io.cbn.worker.metrics;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.cbn.schemas.JobResult;
import io.cbn.worker.WorkerLifecycle;
import io.cbn.worker.fault.SystemicFaultGate;
import io.cbn.worker.hold.RootHolds;
import io.cbn.worker.job.CancelledRuns;
import io.cbn.worker.job.ConversionRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;

/**
 * The worker's meters, as Prometheus names them: {@code cbn_worker_jobs_total{outcome,reason}},
 * {@code cbn_worker_conversion_seconds} (histogram), {@code cbn_worker_inflight_jobs}, {@code cbn_worker_dlq_total},
 * {@code cbn_worker_systemic_fault} (0/1), {@code cbn_worker_held_jobs{root}} (jobs this worker parked under a held
 * root, still held), {@code cbn_worker_stuck_conversions} (abandoned conversions still running),
 * {@code cbn_worker_cancelled_runs} (cancelled runs known).
 */
@ApplicationScoped
public class WorkerMetrics {

    /** The {@code reason} tag of CREATED jobs. */
    static final String NO_REASON = "NONE";

    @Inject
    MeterRegistry registry;

    @Inject
    WorkerLifecycle lifecycle;

    @Inject
    SystemicFaultGate gate;

    @Inject
    RootHolds holds;

    @Inject
    ConversionRunner runner;

    @Inject
    CancelledRuns cancelled;

    private Counter dlq;
    private final java.util.Set<String> heldRoots = java.util.concurrent.ConcurrentHashMap.newKeySet();

    void register(@Observes StartupEvent ignored) {
        Gauge.builder("cbn.worker.inflight.jobs", lifecycle, WorkerLifecycle::inflight)
                .description("Jobs being processed now").register(registry);
        Gauge.builder("cbn.worker.systemic.fault", gate, g -> g.isFaulted() ? 1 : 0)
                .description("1 while a systemic fault holds consumption").register(registry);
        Gauge.builder("cbn.worker.stuck.conversions", runner, ConversionRunner::stuck)
                .description("Conversions abandoned at their time limit whose thread still runs").register(registry);
        Gauge.builder("cbn.worker.cancelled.runs", cancelled, CancelledRuns::size)
                .description("Cancelled runs this worker knows of").register(registry);
        dlq = Counter.builder("cbn.worker.dlq").description("Undecodable job messages sent to the dead-letter topic")
                .register(registry);
    }

    /**
     * One job's terminal result was published; {@code took} is the time from taking the job to its terminal result
     * in this worker (retries and any systemic-fault hold included, the result send not).
     */
    public void jobFinished(JobResult result, Duration took) {
        String outcome = result.getOutcome().name();
        String reason = result.getReason() == null ? NO_REASON : result.getReason();
        registry.counter("cbn.worker.jobs", "outcome", outcome, "reason", reason).increment();
        Timer.builder("cbn.worker.conversion")
                .description("Time from taking a job to its terminal result (retries included)")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(took);
    }

    /** A job was parked under {@code root}: its {@code cbn_worker_held_jobs{root}} gauge exists from now on. */
    public void heldRoot(String root) {
        if (heldRoots.add(root)) {
            Gauge.builder("cbn.worker.held.jobs", holds, h -> h.heldJobs(root)).tag("root", root)
                    .description("Jobs this worker parked under a held root, still held").register(registry);
        }
    }

    public void deadLettered() {
        if (dlq == null) {
            dlq = registry.counter("cbn.worker.dlq");
        }
        dlq.increment();
    }
}
