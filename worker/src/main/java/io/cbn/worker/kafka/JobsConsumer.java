package io.cbn.worker.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.cbn.worker.WorkerLifecycle;
import io.cbn.worker.config.WorkerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.StartupEvent;

/**
 * The cbn.jobs consumer (docs/design.md, "The jobs consumer"): one poll thread and a pool of
 * {@code cbn.worker.concurrency} conversion threads. It fetches only while a conversion thread is free; while every
 * thread is busy its partitions are paused and it waits in {@code poll} (heartbeats, rebalances, commits) until a
 * thread frees up and wakes it. A connector's consumer instead keeps a queue of fetched records and, while that queue
 * is full, polls with a zero timeout in a loop: 2-3% of a 2-core machine's CPU for the whole of a backlog
 * (bench/README.md, pipeline benchmark).
 *
 * <p>Offsets: {@link OffsetLedger} commits each partition up to its lowest unfinished record, every
 * {@code auto.commit.interval.ms}, on revocation and at close. A record handed back (stopping, unexpected error) is
 * never committed by this worker: its partition's next owner gets it again.
 */
@ApplicationScoped
public class JobsConsumer {

    private static final Logger LOG = Logger.getLogger(JobsConsumer.class);
    /** poll's wait while every conversion thread is busy; a finishing thread ends it early. */
    private static final Duration BUSY_POLL = Duration.ofSeconds(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    JobsConsumerConfig settings;

    @Inject
    JobRecordHandler handler;

    @Inject
    WorkerLifecycle lifecycle;

    @Inject
    WorkerConfig config;

    @Inject
    MeterRegistry registry;

    private final OffsetLedger ledger = new OffsetLedger();
    private final ArrayDeque<ConsumerRecord<String, byte[]>> fetched = new ArrayDeque<>();
    private final AtomicInteger threadSeq = new AtomicInteger();
    private volatile boolean closing;
    private volatile long lastPollNanos = System.nanoTime();
    private volatile Throwable died;
    private volatile double connections;
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaClientMetrics metrics;
    private Metric connectionMetric;
    private Semaphore free;
    private ExecutorService conversions;
    private Thread poller;

    void onStart(@Observes StartupEvent event) {
        int threads = config.concurrency();
        free = new Semaphore(threads);
        conversions = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "cbn-convert-" + threadSeq.incrementAndGet());
            t.setDaemon(true); // a conversion still running at exit (past the drain) must not keep the JVM up
            return t;
        });
        consumer = new KafkaConsumer<>(settings.clientProperties());
        metrics = new KafkaClientMetrics(consumer);
        metrics.bindTo(registry);
        poller = new Thread(this::pollLoop, "cbn-jobs-poll");
        poller.start();
        LOG.infof("consuming %s as group %s, %d conversion(s) at once", settings.topic(), settings.groupId(), threads);
    }

    /** Stop fetching and dispatching (the worker is stopping); jobs in flight go on. */
    public void stopTaking() {
        if (consumer != null) consumer.wakeup();
    }

    /** Commits every finished job and closes the consumer; jobs still in flight are not committed. */
    public void close() {
        if (poller == null || closing) return;
        int threads = config.concurrency();
        try { // a job just drained has left JobFlow but may not be in the ledger yet: give it a moment
            if (free.tryAcquire(threads, 1, TimeUnit.SECONDS)) free.release(threads);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closing = true;
        consumer.wakeup();
        try {
            poller.join(CLOSE_TIMEOUT.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        conversions.shutdownNow();
    }

    /** True while the poll thread runs and has polled recently. */
    public boolean polling() {
        return poller != null && poller.isAlive() && !closing
                && System.nanoTime() - lastPollNanos < TimeUnit.SECONDS.toNanos(30);
    }

    /** The consumer's open broker connections at its last poll. */
    public double connections() {
        return connections;
    }

    /** Why the poll thread ended, if it failed. */
    public Throwable died() {
        return died;
    }

    private void pollLoop() {
        Duration idlePoll = settings.pollTimeout(); // read once: the configuration does not change while polling
        long commitEvery = settings.commitInterval().toNanos();
        long nextCommit = System.nanoTime();
        try {
            consumer.subscribe(List.of(settings.topic()), new Rebalance());
            while (!closing) {
                boolean busy = lifecycle.isStopping() || !fetched.isEmpty() || free.availablePermits() == 0;
                if (busy) consumer.pause(consumer.assignment());
                else if (!consumer.paused().isEmpty()) consumer.resume(consumer.paused());
                try {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(busy ? BUSY_POLL : idlePoll)) {
                        fetched.add(r);
                    }
                } catch (WakeupException e) {
                    // a conversion thread is free, or the worker is stopping
                }
                lastPollNanos = System.nanoTime();
                connections = connectionCount();
                if (!lifecycle.isStopping()) dispatch();
                if (System.nanoTime() - nextCommit >= 0) {
                    commitAsync();
                    nextCommit = System.nanoTime() + commitEvery;
                }
            }
        } catch (RuntimeException | Error e) {
            died = e;
            LOG.errorf(e, "the %s consumer stopped", settings.topic());
        } finally {
            closeConsumer();
        }
    }

    private void dispatch() {
        while (!fetched.isEmpty() && free.tryAcquire()) {
            ConsumerRecord<String, byte[]> r = fetched.poll();
            OffsetLedger.Ticket ticket = ledger.received(new TopicPartition(r.topic(), r.partition()), r.offset());
            conversions.execute(() -> run(r, ticket));
        }
    }

    private void run(ConsumerRecord<String, byte[]> r, OffsetLedger.Ticket ticket) {
        try {
            if (handler.handle(r)) ledger.finished(ticket);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "job record %s-%d@%d: unexpected error, left for redelivery", r.topic(), r.partition(), r.offset());
        } finally {
            free.release();
            if (!closing) consumer.wakeup();
        }
    }

    private void commitAsync() {
        Map<TopicPartition, Long> positions = ledger.uncommitted();
        if (positions.isEmpty()) return;
        consumer.commitAsync(offsets(positions), (done, e) -> {
            if (e == null) ledger.committed(positions);
            else LOG.debugf("commit of %s failed (the next one retries): %s", positions, e.toString());
        });
    }

    private void commitSync(Map<TopicPartition, Long> positions) {
        if (positions.isEmpty()) return;
        for (int tries = 1; ; tries++) {
            try {
                consumer.commitSync(offsets(positions), CLOSE_TIMEOUT);
                ledger.committed(positions);
                return;
            } catch (WakeupException e) {
                if (tries >= 3) throw e; // a conversion thread's wake-up, not a failure: try again
            } catch (RuntimeException e) {
                LOG.warnf("commit of %s failed: %s (those jobs will be converted again)", positions, e.toString());
                return;
            }
        }
    }

    private void closeConsumer() {
        try {
            commitSync(ledger.uncommitted());
        } catch (RuntimeException e) {
            LOG.warnf("final commit failed: %s", e.toString());
        }
        try {
            metrics.close();
            consumer.close(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.debugf("closing the %s consumer: %s", settings.topic(), e.toString());
        }
    }

    private double connectionCount() {
        if (connectionMetric == null) {
            connectionMetric = consumer.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("connection-count") && e.getKey().group().equals("consumer-metrics"))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            if (connectionMetric == null) return 0;
        }
        return connectionMetric.metricValue() instanceof Number n ? n.doubleValue() : 0;
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(Map<TopicPartition, Long> positions) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        positions.forEach((tp, pos) -> out.put(tp, new OffsetAndMetadata(pos)));
        return out;
    }

    /** On the poll thread, inside poll: revoked partitions are committed as far as finished, then let go. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            fetched.removeIf(r -> revoked.contains(new TopicPartition(r.topic(), r.partition())));
            commitSync(ledger.revoke(revoked));
            if (!revoked.isEmpty()) LOG.infof("partitions revoked: %s", revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            fetched.removeIf(r -> lost.contains(new TopicPartition(r.topic(), r.partition())));
            ledger.revoke(lost);
            LOG.warnf("partitions lost: %s (their unfinished jobs go to the next owner)", lost);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (!assigned.isEmpty()) LOG.infof("partitions assigned: %s", assigned);
        }
    }
}
