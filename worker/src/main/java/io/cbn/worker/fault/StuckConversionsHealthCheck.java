package io.cbn.worker.fault;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.cbn.worker.config.WorkerConfig;
import io.cbn.worker.job.ConversionRunner;

/**
 * Liveness DOWN once {@code cbn.worker.stuck-thread-limit} abandoned conversions are still running: their threads
 * can not be stopped from inside the JVM (a read that ignores interrupts), they hold memory and maybe CPU, so the
 * worker takes itself out of service and is restarted cleanly (Kubernetes restarts a container whose liveness fails;
 * docs/design.md, "Faults, holds and poison jobs"). Below the limit the worker goes on: each abandoned job ended
 * FAILED TIMEOUT and the thread it needs for its next job is a new one.
 */
@Liveness
@ApplicationScoped
public class StuckConversionsHealthCheck implements HealthCheck {

    static final String NAME = "cbn-worker-stuck-conversions";

    @Inject
    ConversionRunner runner;

    @Inject
    WorkerConfig config;

    @Override
    public HealthCheckResponse call() {
        int stuck = runner.stuck();
        return HealthCheckResponse.named(NAME).status(stuck < config.stuckThreadLimit())
                .withData("stuck", stuck).withData("limit", config.stuckThreadLimit()).build();
    }
}
