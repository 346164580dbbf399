package io.cbn.producer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.cbn.schemas.RunEvent;
import io.cbn.schemas.RunEventType;
import io.cbn.schemas.codec.AvroCodec;

/**
 * The OPENED event of an earlier run, read from the runs topic (one small partition, no consumer group, nothing
 * committed): its source roots, output path and conversion settings, which {@code cbn retry} reuses. Empty when the
 * topic no longer holds it (retention, docs/design.md, Aggregator state).
 */
final class OriginalRun {

    private OriginalRun() {
    }

    static Optional<RunEvent> opened(String bootstrapServers, String runsTopic, String runId, Duration timeout) {
        AvroCodec<RunEvent> codec = AvroCodec.of(RunEvent.class);
        RunEvent found = null;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaClientSettings.applyTo(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "cbn-retry-reader",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000)), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(runsTopic, timeout);
            if (infos == null || infos.isEmpty()) {
                return Optional.empty();
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(runsTopic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + runsTopic + " on " + bootstrapServers + " took longer than " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!runId.equals(record.key()) || !codec.recognises(record.value())) {
                        continue;
                    }
                    RunEvent event = codec.decode(record.value());
                    if (event.getType() == RunEventType.OPENED && runId.equals(event.getRunId())) {
                        found = event; // the last OPENED wins (a re-enqueued run id sends it again)
                    }
                }
            }
        }
        return Optional.ofNullable(found);
    }
}
