package io.cbn.aggregator.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.cbn.aggregator.kafka.RunTopicsConsumer;

/** Ready once the consumer has read the topics up to the end offsets they had at startup. */
@Readiness
@ApplicationScoped
public class ConsumerReadinessCheck implements HealthCheck {

    private final AggregatorLifecycle lifecycle;

    @Inject
    public ConsumerReadinessCheck(AggregatorLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        RunTopicsConsumer consumer = lifecycle.consumer();
        boolean up = consumer != null && consumer.alive() && consumer.caughtUp();
        return HealthCheckResponse.named("cbn-aggregator-caught-up").status(up)
                .withData("recordsRead", consumer == null ? 0 : consumer.recordsRead())
                .build();
    }
}
