package io.cbn.aggregator.service;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.cbn.aggregator.engine.Aggregator;
import io.cbn.aggregator.kafka.RunTopicsConsumer;

/**
 * Ready once the consumer has read the topics up to the end offsets they had at startup, and while
 * every admin path and the state directory can be written: an unwritable path turns it DOWN with
 * the path named ({@code unwritable.<path>}), and it comes back by itself once a write succeeds.
 */
@Readiness
@ApplicationScoped
public class ConsumerReadinessCheck implements HealthCheck {

    private final AggregatorLifecycle lifecycle;
    private final Aggregator aggregator;

    @Inject
    public ConsumerReadinessCheck(AggregatorLifecycle lifecycle, Aggregator aggregator) {
        this.lifecycle = lifecycle;
        this.aggregator = aggregator;
    }

    @Override
    public HealthCheckResponse call() {
        RunTopicsConsumer consumer = lifecycle.consumer();
        Map<String, String> failing = aggregator.failingPaths();
        boolean up = consumer != null && consumer.alive() && consumer.caughtUp() && failing.isEmpty();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("cbn-aggregator-caught-up").status(up)
                .withData("recordsRead", consumer == null ? 0 : consumer.recordsRead())
                .withData("caughtUp", consumer != null && consumer.caughtUp());
        failing.forEach((path, error) -> response.withData("unwritable " + path, error));
        return response.build();
    }
}
