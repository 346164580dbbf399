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
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;


/**
 * Reads cbn.runs and cbn.results with {@code assign} (all partitions of both topics, no group id,
 * no commits) from the positions the sink's checkpoint gives, or from the beginning of a partition
 * it has none for, and hands every message to a {@link RecordSink}; after every poll the sink does
 * its periodic work on this same thread (docs/design.md, "Aggregator state": the checkpoint's
 * offsets are exactly those of the messages applied).
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
        /** Where to read on from: "topic-partition" -> next offset; partitions not listed start at the beginning. */
        Map<String, Long> startPositions();

        /** One message, still encoded (decoding errors are the sink's to count). Must not throw. */
        void onRecord(String topic, int partition, long offset, byte[] value);

        /** After every poll (at least every poll timeout): periodic work. */
        void afterPoll(boolean caughtUp);

        /** True to stop polling for now (e.g. report files cannot be written); afterPoll is still called. */
        default boolean paused() {
            return false;
        }
    }

    private final Map<String, Object> kafkaConfig;
    private final String runsTopic;
    private final String resultsTopic;
    private final RecordSink sink;
    private final Duration pollTimeout;
    private final Duration metadataRefresh;

    private final CountDownLatch stopped = new CountDownLatch(1);

    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile boolean finished;
    private volatile Throwable failure;
    private volatile long recordsRead;
    private long firstRecordAt;
    private long cpuAtFirstRecord;

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
            Map<String, Long> start = sink.startPositions();
            LOG.infof("reading %s and %s from %s (bootstrap servers %s)", runsTopic, resultsTopic,
                    start.isEmpty() ? "the beginning" : "the checkpoint's " + start.size() + " positions",
                    kafkaConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
            loop(c, started, start);
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
        // results are small and read in bulk: big fetches, many records per poll
        config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        config.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        return config;
    }

    private void loop(KafkaConsumer<byte[], byte[]> c, long started, Map<String, Long> start)
            throws InterruptedException {
        Set<TopicPartition> assigned = new HashSet<>();
        Map<TopicPartition, Long> catchUpTargets = null;
        // cbn.runs is read to the end it had at start before any result: every run's OPENED is applied before its
        // results arrive, so a backlog's results are not kept aside as results of an unknown run (where more than
        // max-unknown-records of them would be dropped) and not decoded twice (docs/design.md, "Aggregator state")
        boolean runsFirst = true;
        long nextLookup = System.nanoTime();
        boolean retrying = false;
        while (running) {
            try {
                if (System.nanoTime() - nextLookup >= 0) {
                    Set<TopicPartition> added = addNewPartitions(c, assigned, start);
                    if (catchUpTargets == null) {
                        catchUpTargets = c.endOffsets(assigned, LOOKUP_TIMEOUT);
                        long backlog = catchUpTargets.values().stream().mapToLong(Long::longValue).sum();
                        LOG.infof("reading up to %d records from %d partitions until caught up",
                                backlog - positionsSum(c, assigned), assigned.size());
                    } else if (!added.isEmpty()) {
                        LOG.infof("new partitions %s, reading them from the beginning", added);
                    }
                    // until both topics exist, look again at every poll: a run may be starting right now
                    Duration wait = bothTopicsFound(assigned) ? metadataRefresh : pollTimeout;
                    nextLookup = System.nanoTime() + wait.toNanos();
                }
                if (assigned.isEmpty()) {
                    markCaughtUp(started);
                    sink.afterPoll(true);
                    stopped.await(pollTimeout.toMillis(), TimeUnit.MILLISECONDS);
                    continue;
                }
                if (runsFirst) {
                    runsFirst = holdResultsUntilRunsRead(c, assigned, catchUpTargets);
                }
                if (sink.paused()) {
                    sink.afterPoll(caughtUp);
                    stopped.await(pollTimeout.toMillis(), TimeUnit.MILLISECONDS);
                    continue;
                }
                ConsumerRecords<byte[], byte[]> records = c.poll(pollTimeout);
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (recordsRead++ == 0) {
                        firstRecordAt = System.nanoTime();
                        cpuAtFirstRecord = processCpuNanos();
                    }
                    sink.onRecord(record.topic(), record.partition(), record.offset(), record.value());
                }
                if (!caughtUp && reached(c, catchUpTargets)) {
                    markCaughtUp(started);
                }
                sink.afterPoll(caughtUp);
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

    /**
     * Pauses the results partitions while the runs partitions are short of their start-time end offsets; resumes
     * them once they are not. Returns whether to look again at the next poll.
     */
    private boolean holdResultsUntilRunsRead(KafkaConsumer<byte[], byte[]> c, Set<TopicPartition> assigned,
                                             Map<TopicPartition, Long> targets) {
        Set<TopicPartition> results = new HashSet<>();
        Map<TopicPartition, Long> runs = new HashMap<>();
        for (TopicPartition tp : assigned) {
            if (tp.topic().equals(resultsTopic)) {
                results.add(tp);
            } else if (targets.containsKey(tp)) {
                runs.put(tp, targets.get(tp));
            }
        }
        if (reached(c, runs)) {
            if (!c.paused().isEmpty()) {
                c.resume(results);
                LOG.infof("%s read to its end at start: reading %s", runsTopic, resultsTopic);
            }
            return false;
        }
        if (c.paused().isEmpty() && !results.isEmpty()) {
            LOG.infof("reading %s to its end before %s", runsTopic, resultsTopic);
        }
        c.pause(results);
        return true;
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

    private Set<TopicPartition> addNewPartitions(KafkaConsumer<byte[], byte[]> c, Set<TopicPartition> assigned,
                                                 Map<String, Long> start) {
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
            Set<TopicPartition> fromBeginning = new HashSet<>();
            for (TopicPartition tp : added) {
                Long position = start.get(tp.topic() + "-" + tp.partition());
                if (position == null) {
                    fromBeginning.add(tp);
                } else {
                    c.seek(tp, position);
                }
            }
            if (!fromBeginning.isEmpty()) {
                // never with an empty set: that would seek every assigned partition to the beginning
                c.seekToBeginning(fromBeginning);
            }
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
            long now = System.nanoTime();
            // the process's CPU (every thread: this one, the Kafka client's, GC, JIT) spent on the replay: what
            // bench/aggregator-bench.sh reports as the ingest rate per CPU-second
            LOG.infof("caught up: %d records replayed in %d ms (%d ms from the first record, %d ms of process CPU)",
                    recordsRead, (now - started) / 1_000_000, recordsRead == 0 ? 0 : (now - firstRecordAt) / 1_000_000,
                    recordsRead == 0 ? 0 : (processCpuNanos() - cpuAtFirstRecord) / 1_000_000);
        }
    }

    /** CPU time of the whole process in ns, or 0 where the platform does not tell. */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    private long positionsSum(KafkaConsumer<byte[], byte[]> c, Set<TopicPartition> assigned) {
        long sum = 0;
        for (TopicPartition tp : assigned) {
            sum += c.position(tp, LOOKUP_TIMEOUT);
        }
        return sum;
    }
}
