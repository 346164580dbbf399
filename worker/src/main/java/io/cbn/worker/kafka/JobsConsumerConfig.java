package io.cbn.worker.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;

import io.cbn.worker.WorkerId;
import io.smallrye.common.annotation.Identifier;

/**
 * The jobs consumer's settings, from the keys a connector channel would read, so every documented key keeps working:
 * the shared {@code kafka.*} client settings (bootstrap servers, security), overlaid with any Kafka consumer setting
 * under {@code mp.messaging.incoming.jobs.} ({@code group.id}, {@code max.poll.records}, {@code session.timeout.ms},
 * ...), plus {@code topic}, {@code poll-timeout} and {@code auto.commit.interval.ms} (how often finished jobs are
 * committed). The channel itself is disabled ({@code enabled=false}): {@link JobsConsumer} reads the topic.
 */
@ApplicationScoped
public class JobsConsumerConfig {

    static final String PREFIX = "mp.messaging.incoming.jobs.";

    @Inject
    Config config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Inject
    WorkerId workerId;

    public String topic() {
        return config.getOptionalValue(PREFIX + "topic", String.class).orElse("cbn.jobs");
    }

    public String groupId() {
        return config.getOptionalValue(PREFIX + ConsumerConfig.GROUP_ID_CONFIG, String.class).orElse("cbn-workers");
    }

    /** poll's longest wait while a conversion thread is free and nothing arrives. */
    public Duration pollTimeout() {
        return Duration.ofMillis(config.getOptionalValue(PREFIX + "poll-timeout", Integer.class).orElse(1000));
    }

    public Duration commitInterval() {
        return Duration.ofMillis(config.getOptionalValue(PREFIX + ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, Integer.class)
                .orElse(1000));
    }

    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>(kafka);
        for (String name : ConsumerConfig.configNames()) {
            config.getOptionalValue(PREFIX + name, String.class).ifPresent(v -> props.put(name, v));
        }
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId());
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "cbn-jobs-" + workerId.value());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // the bytes as they are: an undecodable job goes to the dead-letter topic unchanged (JobRecordHandler)
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }
}
