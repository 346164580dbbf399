package io.cbn.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.cbn.schemas.ImageJob;
import io.cbn.schemas.codec.ImageJobSerializer;

/** Plain Kafka clients for tests: send jobs or raw bytes, read a topic from the beginning. */
public final class KafkaTestClients {

    private KafkaTestClients() {
    }

    public static RecordMetadata sendJob(String bootstrap, String topic, ImageJob job) throws Exception {
        try (KafkaProducer<String, ImageJob> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new ImageJobSerializer())) {
            return p.send(new ProducerRecord<>(topic, job.getJobId(), job)).get(30, TimeUnit.SECONDS);
        }
    }

    public static void sendNotice(String bootstrap, io.cbn.schemas.RunNotice notice) throws Exception {
        try (KafkaProducer<String, io.cbn.schemas.RunNotice> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new io.cbn.schemas.codec.RunNoticeSerializer())) {
            p.send(new ProducerRecord<>(io.cbn.deploy.broker.Topics.RUNS, notice.getRunId(), notice)).get(30, TimeUnit.SECONDS);
        }
    }

    /** The RunNotices on cbn.runs read so far (RunEvents skipped), oldest first. */
    public static List<io.cbn.schemas.RunNotice> notices(TopicReader<byte[]> runs) {
        io.cbn.schemas.codec.AvroCodec<io.cbn.schemas.RunNotice> codec = io.cbn.schemas.codec.AvroCodec.of(io.cbn.schemas.RunNotice.class);
        return runs.poll().stream().map(ConsumerRecord::value).filter(codec::recognises).map(codec::decode).toList();
    }

    public static RecordMetadata sendBytes(String bootstrap, String topic, String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            return p.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** The group's committed offset (the next record to read) of one partition; -1 when nothing is committed. */
    public static long committedOffset(String bootstrap, String group, TopicPartition partition) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            OffsetAndMetadata o = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(partition);
            return o == null ? -1 : o.offset();
        }
    }

    /**
     * JobResults of cbn.results; the RunNotices (HELD/RELEASED) workers also publish there read as null, which
     * {@link TopicReader} leaves out.
     */
    public static org.apache.kafka.common.serialization.Deserializer<io.cbn.schemas.JobResult> resultsOnly() {
        io.cbn.schemas.codec.JobResultDeserializer results = new io.cbn.schemas.codec.JobResultDeserializer();
        io.cbn.schemas.codec.AvroCodec<io.cbn.schemas.RunNotice> notices = io.cbn.schemas.codec.AvroCodec.of(io.cbn.schemas.RunNotice.class);
        return (topic, data) -> data != null && notices.recognises(data) ? null : results.deserialize(topic, data);
    }

    /** Reads every partition of one topic from the beginning; {@link #poll()} returns all records read so far. */
    public static final class TopicReader<V> implements AutoCloseable {
        private final KafkaConsumer<String, V> consumer;
        private final List<ConsumerRecord<String, V>> records = new ArrayList<>();

        public TopicReader(String bootstrap, String topic, Deserializer<V> values) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), values);
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        public static TopicReader<byte[]> bytes(String bootstrap, String topic) {
            return new TopicReader<>(bootstrap, topic, new ByteArrayDeserializer());
        }

        public List<ConsumerRecord<String, V>> poll() {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (r.value() != null) records.add(r); // null: a record of another type (resultsOnly)
            });
            return List.copyOf(records);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
