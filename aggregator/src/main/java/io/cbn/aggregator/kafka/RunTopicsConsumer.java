package io.cbn.aggregator.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import io.cbn.schemas.JobResult;
import io.cbn.schemas.RunEvent;
import io.cbn.schemas.codec.JobResultDeserializer;
import io.cbn.schemas.codec.RunEventDeserializer;

/**
 * Reads cbn.runs and cbn.results from the beginning, every time it starts, and hands each decoded
 * message to a {@link RecordSink}.
 *
 * <p>Why re-read instead of committed offsets or Kafka Streams: the summary is a pure function of
 * the two topics' contents. Results are keyed by jobId, so every report of one job is on one
 * partition in the order it was written, and "first terminal result wins" picks the same result on
 * every replay; run events are keyed by runId likewise. Re-reading therefore rebuilds exactly the
 * same ledger after a restart, with no state store, changelog topic or group coordination to
 * operate, and any number of aggregator replicas each see everything. The cost is replay time at
 * start (results are small: about a million per minute on one core) and it needs the topics'
 * retention to be at least as long as runs must stay visible. The consumer has no group id, uses
 * {@code assign} (all partitions of both topics) and never commits.
 *
 * <p>Topics or partitions that appear later (the aggregator may start before the producer creates
 * the topics) are read from their beginning once seen: missing topics are looked for at every poll,
 * new partitions of existing ones every {@code metadataRefresh}.
 * {@link #caughtUp()} turns true once every partition known at the first successful look-up has
 * been read to the end offset it had then (immediately if there was nothing to read). Retriable
 * Kafka errors (broker unreachable, time-outs) are logged and retried; anything else ends the loop
 * and is reported by {@link #failure()}.
 */
public final class RunTopicsConsumer implements Runnable {

    private static final Logger LOG = Logger.getLogger(RunTopicsConsumer.class);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    /** Receives what the consumer reads. Called on the consumer's thread. */
    public interface RecordSink {
        void onRunEvent(RunEvent event);

        void onResult(JobResult result);

        /** A message that is not a decodable event; it is skipped. */
        void onUndecodable(String topic, int partition, long offset, Exception error);
    }

    private final Map<String, Object> kafkaConfig;
    private final String runsTopic;
    private final String resultsTopic;
    private final RecordSink sink;
    private final Duration pollTimeout;
    private final Duration metadataRefresh;

    private final RunEventDeserializer runEvents = new RunEventDeserializer();
    private final JobResultDeserializer results = new JobResultDeserializer();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile boolean finished;
    private volatile Throwable failure;
    private volatile long recordsRead;
    private volatile long recordsFailed;

    /**
     * @param kafkaConfig client settings (bootstrap.servers, security, ...); group id, commit and
     *                    deserializer settings are overridden
     */
    public RunTopicsConsumer(Map<String, Object> kafkaConfig, String runsTopic, String resultsTopic, RecordSink sink,
                             Duration pollTimeout, Duration metadataRefresh) {
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.runsTopic = Objects.requireNonNull(runsTopic, "runsTopic");
        this.resultsTopic = Objects.requireNonNull(resultsTopic, "resultsTopic");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.pollTimeout = Objects.requireNonNull(pollTimeout, "pollTimeout");
        this.metadataRefresh = Objects.requireNonNull(metadataRefresh, "metadataRefresh");
    }

    /** True once the backlog present at start has been read. Stays true. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** True while the loop runs (or has not started yet) and has not failed. */
    public boolean alive() {
        return failure == null && !(finished && running);
    }

    /** Why the loop ended abnormally; null if it did not. */
    public Throwable failure() {
        return failure;
    }

    public long recordsRead() {
        return recordsRead;
    }

    /** Records that decoded but could not be applied (logged as errors). */
    public long recordsFailed() {
        return recordsFailed;
    }

    /** Asks the loop to end; returns at once. */
    public void stop() {
        running = false;
        stopped.countDown();
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public void run() {
        long started = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(clientConfig())) {
            consumer = c;
            LOG.infof("reading %s and %s from the beginning (bootstrap servers %s)", runsTopic, resultsTopic,
                    kafkaConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
            loop(c, started);
        } catch (WakeupException e) {
            if (running) {
                failed(e);
            }
        } catch (Throwable t) {
            failed(t);
        } finally {
            finished = true;
            consumer = null;
            LOG.infof("consumer loop ended after %d records", recordsRead);
        }
    }

    private void failed(Throwable t) {
        failure = t;
        LOG.errorf(t, "consumer loop died; the summaries stop updating (liveness DOWN)");
    }

    private Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "cbn-aggregator");
        return config;
    }

    private void loop(KafkaConsumer<byte[], byte[]> c, long started) throws InterruptedException {
        Set<TopicPartition> assigned = new HashSet<>();
        Map<TopicPartition, Long> catchUpTargets = null;
        long nextLookup = System.nanoTime();
        boolean retrying = false;
        while (running) {
            try {
                if (System.nanoTime() - nextLookup >= 0) {
                    Set<TopicPartition> added = addNewPartitions(c, assigned);
                    if (catchUpTargets == null) {
                        catchUpTargets = c.endOffsets(assigned, LOOKUP_TIMEOUT);
                        long backlog = catchUpTargets.values().stream().mapToLong(Long::longValue).sum();
                        LOG.infof("replaying up to %d records from %d partitions", backlog, assigned.size());
                    } else if (!added.isEmpty()) {
                        LOG.infof("new partitions %s, reading them from the beginning", added);
                    }
                    // until both topics exist, look again at every poll: a run may be starting right now
                    Duration wait = bothTopicsFound(assigned) ? metadataRefresh : pollTimeout;
                    nextLookup = System.nanoTime() + wait.toNanos();
                }
                if (assigned.isEmpty()) {
                    markCaughtUp(started);
                    stopped.await(pollTimeout.toMillis(), TimeUnit.MILLISECONDS);
                    continue;
                }
                ConsumerRecords<byte[], byte[]> records = c.poll(pollTimeout);
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    handle(record);
                }
                if (!caughtUp && reached(c, catchUpTargets)) {
                    markCaughtUp(started);
                }
                if (retrying) {
                    LOG.info("Kafka reachable again");
                    retrying = false;
                }
            } catch (RetriableException e) {
                if (!retrying) {
                    LOG.warnf("Kafka not reachable (%s); retrying", e.toString());
                    retrying = true;
                }
                stopped.await(pollTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private boolean bothTopicsFound(Set<TopicPartition> assigned) {
        boolean runs = false;
        boolean results = false;
        for (TopicPartition tp : assigned) {
            runs |= tp.topic().equals(runsTopic);
            results |= tp.topic().equals(resultsTopic);
        }
        return runs && results;
    }

    private Set<TopicPartition> addNewPartitions(KafkaConsumer<byte[], byte[]> c, Set<TopicPartition> assigned) {
        Map<String, List<PartitionInfo>> topics = c.listTopics(LOOKUP_TIMEOUT);
        Set<TopicPartition> added = new HashSet<>();
        for (String topic : List.of(runsTopic, resultsTopic)) {
            for (PartitionInfo info : topics.getOrDefault(topic, List.of())) {
                TopicPartition tp = new TopicPartition(info.topic(), info.partition());
                if (!assigned.contains(tp)) {
                    added.add(tp);
                }
            }
        }
        if (!added.isEmpty()) {
            assigned.addAll(added);
            // partitions already assigned keep their positions across assign()
            c.assign(Set.copyOf(assigned));
            c.seekToBeginning(added);
        }
        return added;
    }

    private boolean reached(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> targets) {
        for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
            if (c.position(target.getKey(), LOOKUP_TIMEOUT) < target.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void markCaughtUp(long started) {
        if (!caughtUp) {
            caughtUp = true;
            LOG.infof("caught up: %d records replayed in %d ms", recordsRead, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        recordsRead++;
        if (record.value() == null) {
            return;
        }
        boolean runTopic = record.topic().equals(runsTopic);
        RunEvent event = null;
        JobResult result = null;
        try {
            if (runTopic) {
                event = runEvents.deserialize(record.topic(), record.value());
            } else {
                result = results.deserialize(record.topic(), record.value());
            }
        } catch (SerializationException e) {
            sink.onUndecodable(record.topic(), record.partition(), record.offset(), e);
            return;
        }
        try {
            if (runTopic) {
                sink.onRunEvent(event);
            } else {
                sink.onResult(result);
            }
        } catch (RuntimeException e) {
            // a message the ledger cannot take must not stop every other run's summary
            recordsFailed++;
            LOG.errorf(e, "cannot apply %s-%d@%d; skipped", record.topic(), record.partition(), record.offset());
        }
    }
}
