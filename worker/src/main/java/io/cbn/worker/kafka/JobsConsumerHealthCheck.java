package io.cbn.worker.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The jobs consumer's health: readiness UP while its poll thread polls (at least every 30 s) with a broker connection
 * open; liveness DOWN only when the poll thread died (a restart gets a new one).
 */
@ApplicationScoped
public class JobsConsumerHealthCheck {

    static final String NAME = "cbn-worker-jobs-consumer";

    @Inject
    JobsConsumer jobs;

    @Produces
    @Readiness
    HealthCheck ready() {
        return () -> {
            boolean up = jobs.polling() && jobs.connections() > 0;
            return HealthCheckResponse.named(NAME).status(up).withData("polling", jobs.polling())
                    .withData("connections", (long) jobs.connections()).build();
        };
    }

    @Produces
    @Liveness
    HealthCheck live() {
        return () -> {
            Throwable died = jobs.died();
            var b = HealthCheckResponse.named(NAME).status(died == null);
            if (died != null) b.withData("died", died.toString());
            return b.build();
        };
    }
}
