package io.cbn.aggregator.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.cbn.aggregator.engine.Aggregator;
import io.cbn.aggregator.kafka.RunTopicsConsumer;

/** Thin wiring: what the consumer reads goes to the {@link Aggregator}, which also does the periodic work. */
@Singleton
public class AggregatorSink implements RunTopicsConsumer.RecordSink {

    private static final Logger LOG = Logger.getLogger(AggregatorSink.class);

    private final Aggregator aggregator;
    private final AggregatorMetrics metrics;

    @Inject
    public AggregatorSink(Aggregator aggregator, AggregatorMetrics metrics) {
        this.aggregator = aggregator;
        this.metrics = metrics;
    }

    @Override
    public Map<String, Long> startPositions() {
        try {
            return aggregator.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the aggregator state", e);
        }
    }

    @Override
    public void onRecord(String topic, int partition, long offset, byte[] value) {
        aggregator.onRecord(topic, partition, offset, value);
    }

    @Override
    public void afterPoll(boolean caughtUp) {
        try {
            aggregator.tick(caughtUp, false);
            metrics.refresh(aggregator);
        } catch (RuntimeException e) {
            LOG.errorf(e, "periodic work failed; retrying");
        }
    }

    @Override
    public boolean paused() {
        return aggregator.backpressure();
    }
}
