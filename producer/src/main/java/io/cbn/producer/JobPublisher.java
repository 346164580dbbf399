package io.cbn.producer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cbn.schemas.ImageJob;
import io.cbn.schemas.RunEvent;
import io.cbn.schemas.RunNotice;
import io.cbn.schemas.codec.AvroCodec;

/**
 * Sends jobs (key jobId) and run events (key runId) asynchronously, Avro single-object encoded. Jobs are dealt out
 * round-robin over the jobs topic's partitions, not hashed by key: every partition gets the same number of a run's
 * jobs (plus or minus one), so workers that own equal shares of the partitions finish together instead of one
 * converting the tail of a hash-heavy partition alone (docs/design.md, "Messages").
 * Sends are never awaited one by one: a callback counts acknowledgements and keeps the first
 * failure, which the caller checks ({@link #failed()}) to stop early and, after {@link #flush()},
 * to decide whether the run may be sealed.
 */
public final class JobPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobPublisher.class);

    private final Producer<String, byte[]> producer;
    private final String jobsTopic;
    private final String runsTopic;
    private final AvroCodec<ImageJob> jobCodec = AvroCodec.of(ImageJob.class);
    private final AvroCodec<RunEvent> runCodec = AvroCodec.of(RunEvent.class);
    private final AvroCodec<RunNotice> noticeCodec = AvroCodec.of(RunNotice.class);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong jobsAcknowledged = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Exception> firstError = new AtomicReference<>();
    /** The next job's partition, modulo the partition count; starts anywhere so many small runs spread too. */
    private final AtomicLong nextJobPartition = new AtomicLong(ThreadLocalRandom.current().nextInt(1 << 16));
    private volatile int jobPartitions;
    private final Callback eventCallback = this::onCompletion;
    private final Callback jobCallback = (metadata, e) -> {
        if (e == null) {
            jobsAcknowledged.incrementAndGet();
        }
        onCompletion(metadata, e);
    };

    public JobPublisher(Producer<String, byte[]> producer, String jobsTopic, String runsTopic) {
        this.producer = producer;
        this.jobsTopic = jobsTopic;
        this.runsTopic = runsTopic;
    }

    /** A publisher with its own {@link KafkaProducer} configured by {@link #producerConfig(String)}. */
    public static JobPublisher create(String bootstrapServers, String jobsTopic, String runsTopic) {
        return new JobPublisher(new KafkaProducer<>(KafkaClientSettings.applyTo(producerConfig(bootstrapServers)),
                new StringSerializer(), new ByteArraySerializer()),
                jobsTopic, runsTopic);
    }

    /**
     * Idempotent (no duplicates from retries), acks=all, batched (linger 20 ms, 256 KiB batches)
     * and lz4-compressed: jobs are small and similar, so batches compress well. One request in flight per
     * connection: a first batch refused by a partition whose leader was a moment from ready could otherwise be
     * overtaken by the next one, and the idempotent producer then retried an out-of-order sequence until its
     * delivery timeout (seen once in CI); one request carries a batch for every partition, so it costs little.
     */
    public static Map<String, Object> producerConfig(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "cbn-producer");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        return config;
    }

    public void publish(ImageJob job) {
        send(new ProducerRecord<>(jobsTopic, jobPartition(), job.getJobId(), jobCodec.encode(job)), jobCallback);
    }

    /** Round-robin over the jobs topic's partitions; null (the key's hash decides) when they can not be listed. */
    private Integer jobPartition() {
        int n = jobPartitions;
        if (n == 0) {
            try {
                n = producer.partitionsFor(jobsTopic).size();
            } catch (RuntimeException e) {
                return null; // the send itself then fails or succeeds with the same metadata problem
            }
            if (n == 0) return null;
            jobPartitions = n;
        }
        return (int) Math.floorMod(nextJobPartition.getAndIncrement(), (long) n);
    }

    public void publish(RunEvent event) {
        send(new ProducerRecord<>(runsTopic, event.getRunId(), runCodec.encode(event)), eventCallback);
    }

    /** A notice about a run (e.g. CANCEL from {@code cbn cancel}) on the runs topic, keyed by runId. */
    public void publish(RunNotice notice) {
        send(new ProducerRecord<>(runsTopic, notice.getRunId(), noticeCodec.encode(notice)), eventCallback);
    }

    private void send(ProducerRecord<String, byte[]> record, Callback callback) {
        sent.incrementAndGet();
        try {
            producer.send(record, callback);
        } catch (RuntimeException e) {
            // send() itself failed (e.g. metadata not available within max.block.ms)
            callback.onCompletion(null, e);
        }
    }

    private void onCompletion(RecordMetadata metadata, Exception e) {
        if (e == null) {
            acknowledged.incrementAndGet();
            return;
        }
        failures.incrementAndGet();
        if (firstError.compareAndSet(null, e)) {
            LOG.debug("first failed send", e);
        }
    }

    /** Waits until every send so far is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    public boolean failed() {
        return firstError.get() != null;
    }

    /** The first failed send, or null. */
    public Exception firstError() {
        return firstError.get();
    }

    public long sent() {
        return sent.get();
    }

    /** Records (jobs and run events) the cluster acknowledged. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Jobs the cluster acknowledged. */
    public long jobsAcknowledged() {
        return jobsAcknowledged.get();
    }

    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
