package io.cbn.aggregator.service;

import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.cbn.aggregator.kafka.RunTopicsConsumer;
import io.cbn.aggregator.engine.Aggregator;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Starts the consumer thread at startup (it loads the checkpoint, reads on from it and does the
 * periodic writing between polls) and stops it on shutdown, then writes every changed summary and a
 * last checkpoint. Reports are written only once the consumer has caught up, so a restart does not
 * write half-replayed numbers.
 */
@Singleton
public class AggregatorLifecycle {

    private static final Logger LOG = Logger.getLogger(AggregatorLifecycle.class);
    private static final long STOP_WAIT_MS = 10_000;

    private final AggregatorConfig config;
    private final Map<String, Object> kafkaConfig;
    private final AggregatorSink sink;
    private final Aggregator aggregator;

    private volatile RunTopicsConsumer consumer;
    private Thread consumerThread;

    @Inject
    public AggregatorLifecycle(AggregatorConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                               AggregatorSink sink, Aggregator aggregator) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.sink = sink;
        this.aggregator = aggregator;
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    synchronized void start() {
        consumer = new RunTopicsConsumer(kafkaConfig, config.topicRuns(), config.topicResults(), sink,
                config.pollTimeout(), config.metadataRefresh());
        consumerThread = new Thread(consumer, "cbn-aggregator-consumer");
        consumerThread.setDaemon(true);
        consumerThread.start();
        LOG.infof("aggregator started: topics %s + %s, state dir %s, checkpoint every %s, stall timeout %s, "
                        + "write debounce %s, output check %s", config.topicRuns(), config.topicResults(),
                config.stateDir().toAbsolutePath(), config.checkpointInterval(), config.stallTimeout(),
                config.writeDebounce(), config.verifyOutputs());
    }

    /** The running consumer (for health checks); null before start. */
    public RunTopicsConsumer consumer() {
        return consumer;
    }

    @PreDestroy
    synchronized void stop() {
        if (consumer == null) {
            return;
        }
        consumer.stop();
        try {
            consumerThread.join(STOP_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!consumerThread.isAlive()) {
            aggregator.tick(consumer.caughtUp(), true);
            LOG.infof("aggregator stopped; summaries and checkpoint written (%d open runs)",
                    aggregator.openRuns().size());
        }
    }
}
