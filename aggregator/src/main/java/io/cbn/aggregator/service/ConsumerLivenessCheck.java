package io.cbn.aggregator.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import io.cbn.aggregator.kafka.RunTopicsConsumer;

/** DOWN only when the consumer loop died (a broker outage is retried and keeps it UP). */
@Liveness
@ApplicationScoped
public class ConsumerLivenessCheck implements HealthCheck {

    private final AggregatorLifecycle lifecycle;

    @Inject
    public ConsumerLivenessCheck(AggregatorLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        RunTopicsConsumer consumer = lifecycle.consumer();
        boolean up = consumer == null || consumer.alive();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("cbn-aggregator-consumer").status(up)
                .withData("recordsRead", consumer == null ? 0 : consumer.recordsRead());
        if (!up && consumer.failure() != null) {
            response.withData("failure", consumer.failure().toString());
        }
        return response.build();
    }
}
