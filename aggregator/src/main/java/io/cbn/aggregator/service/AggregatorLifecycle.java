package io.cbn.aggregator.service;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.cbn.aggregator.kafka.RunTopicsConsumer;
import io.cbn.aggregator.report.ReportPublisher;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Starts the consumer thread and the report publisher at startup and stops them on shutdown:
 * consumer first, then one last write of every changed run. Reports are written only once the
 * consumer has caught up, so a restart does not rewrite files with half-replayed numbers.
 */
@Singleton
public class AggregatorLifecycle {

    private static final Logger LOG = Logger.getLogger(AggregatorLifecycle.class);
    private static final long STOP_WAIT_MS = 10_000;

    private final AggregatorConfig config;
    private final Map<String, Object> kafkaConfig;
    private final AggregatorSink sink;
    private final ReportPublisher publisher;

    private volatile RunTopicsConsumer consumer;
    private Thread consumerThread;
    private ScheduledExecutorService publishing;

    @Inject
    public AggregatorLifecycle(AggregatorConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                               AggregatorSink sink, ReportPublisher publisher) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.sink = sink;
        this.publisher = publisher;
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
        publishing = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cbn-aggregator-reports");
            t.setDaemon(true);
            return t;
        });
        long every = config.publishInterval().toMillis();
        publishing.scheduleWithFixedDelay(this::publishTick, every, every, TimeUnit.MILLISECONDS);
        LOG.infof("aggregator started: topics %s + %s, stall timeout %s, write debounce %s, verify outputs %s",
                config.topicRuns(), config.topicResults(), config.stallTimeout(), config.writeDebounce(),
                config.verifyOutputs());
    }

    private void publishTick() {
        try {
            if (consumer.caughtUp()) {
                publisher.publish(false);
            }
        } catch (RuntimeException e) {
            // keep the schedule alive: an exception would cancel every later tick
            LOG.errorf(e, "report publishing failed; retrying");
        }
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
            publishing.shutdown();
            publishing.awaitTermination(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (consumer.caughtUp()) {
            int written = publisher.publish(true);
            LOG.infof("aggregator stopped; final write of %d runs", written);
        }
    }
}
