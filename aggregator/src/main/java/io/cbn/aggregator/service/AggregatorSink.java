package io.cbn.aggregator.service;

import jakarta.inject.Singleton;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.cbn.aggregator.kafka.RunTopicsConsumer;
import io.cbn.aggregator.ledger.RunLedger;
import io.cbn.aggregator.ledger.RunRegistry;
import io.cbn.schemas.JobResult;
import io.cbn.schemas.RunEvent;

/** Feeds what the consumer reads into the run registry and counts it. */
@Singleton
public class AggregatorSink implements RunTopicsConsumer.RecordSink {

    private static final Logger LOG = Logger.getLogger(AggregatorSink.class);

    private final RunRegistry registry;
    private final AggregatorMetrics metrics;

    @Inject
    public AggregatorSink(RunRegistry registry, AggregatorMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    @Override
    public void onRunEvent(RunEvent event) {
        registry.apply(event);
        metrics.runEventConsumed();
        LOG.debugf("run %s %s", event.getRunId(), event.getType());
    }

    @Override
    public void onResult(JobResult result) {
        metrics.resultConsumed(registry.apply(result));
    }

    @Override
    public void onUndecodable(String topic, int partition, long offset, Exception error) {
        metrics.undecodable(topic);
        LOG.errorf("skipped undecodable message %s-%d@%d: %s", topic, partition, offset, error.getMessage());
    }
}
