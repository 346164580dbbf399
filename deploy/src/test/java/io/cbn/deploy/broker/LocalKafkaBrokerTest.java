package io.cbn.deploy.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaBrokerTest {

    @Test
    void startsCreatesTopicsAndCarriesARecord() throws Exception {
        Path dataDir;
        try (LocalKafkaBroker kafka = LocalKafkaBroker.start()) {
            dataDir = kafka.dataDir();
            assertTrue(Files.isRegularFile(dataDir.resolve("meta.properties")));
            assertEquals("127.0.0.1:" + kafka.port(), kafka.bootstrapServers());

            assertEquals(List.of(Topics.JOBS, Topics.JOBS_RETRY, Topics.RESULTS, Topics.RUNS, Topics.JOBS_DLQ),
                    kafka.createTopics(Topics.defaults(12)));
            assertEquals(List.of(), kafka.createTopics(Topics.defaults(12)), "second creation finds them all");

            try (Admin admin = admin(kafka)) {
                Map<String, TopicDescription> topics = admin.describeTopics(List.of(Topics.JOBS, Topics.RUNS)).allTopicNames().get();
                assertEquals(12, topics.get(Topics.JOBS).partitions().size());
                assertEquals(1, topics.get(Topics.RUNS).partitions().size());
                ConfigResource runs = new ConfigResource(ConfigResource.Type.TOPIC, Topics.RUNS);
                Config config = admin.describeConfigs(List.of(runs)).all().get().get(runs);
                assertEquals(String.valueOf(Topics.LEDGER_RETENTION.toMillis()), config.get("retention.ms").value(),
                        "finite: closed runs live in their files (docs/design.md, Aggregator state)");
                ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
                assertEquals(String.valueOf(Topics.OFFSETS_RETENTION.toMinutes()),
                        admin.describeConfigs(List.of(broker)).all().get().get(broker).get("offsets.retention.minutes").value(),
                        "consumer offsets outlive every topic");
            }

            KafkaClients.send(kafka.bootstrapServers(), Topics.JOBS, "job-1", "hello");
            List<ConsumerRecord<String, String>> records = KafkaClients.readAll(kafka.bootstrapServers(), Topics.JOBS, 1);
            assertEquals("job-1", records.get(0).key());
            assertEquals("hello", records.get(0).value());
        }
        assertFalse(Files.exists(dataDir), "temp data dir deleted on close");
    }

    @Test
    void neverAutoCreatesTopics() throws Exception {
        try (LocalKafkaBroker kafka = LocalKafkaBroker.start(); Admin admin = admin(kafka)) {
            // a producer asks for auto-creation in its metadata requests; the broker must refuse
            Exception refused = assertThrows(Exception.class,
                    () -> KafkaClients.send(kafka.bootstrapServers(), "not.created", "k", "v", 1500));
            assertTrue(refused.toString().contains("not.created"), refused.toString());
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeTopics(List.of("not.created")).allTopicNames().get());
            assertTrue(e.getCause() instanceof UnknownTopicOrPartitionException, e.toString());
        }
    }

    @Test
    void restartsOnTheSameDataDirKeepingTopicsAndRecords(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("kafka");
        int port;
        try (LocalKafkaBroker first = LocalKafkaBroker.builder().dataDir(dataDir).start()) {
            port = first.port();
            first.createTopics(Map.of("kept", 3));
            KafkaClients.send(first.bootstrapServers(), "kept", "k", "before restart");
        }
        assertTrue(Files.isRegularFile(dataDir.resolve("meta.properties")), "given data dir kept");
        String clusterId = Files.readString(dataDir.resolve("meta.properties"));

        try (LocalKafkaBroker second = LocalKafkaBroker.builder().dataDir(dataDir).port(port).start()) {
            assertEquals(clusterId, Files.readString(dataDir.resolve("meta.properties")), "not reformatted");
            assertEquals(List.of(), second.createTopics(Map.of("kept", 3)), "topic survived the restart");
            List<ConsumerRecord<String, String>> records = KafkaClients.readAll(second.bootstrapServers(), "kept", 1);
            assertEquals("before restart", records.get(0).value());
        }
    }

    @Test
    void refusesATakenPortClearly() throws Exception {
        try (LocalKafkaBroker kafka = LocalKafkaBroker.start()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> LocalKafkaBroker.builder().port(kafka.port()).start());
            assertTrue(e.getMessage().contains("failed to start on 127.0.0.1:" + kafka.port()), e.getMessage());
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", kafka.port()), 2000);
                assertTrue(socket.isConnected(), "first broker still serving");
            }
        }
    }

    private static Admin admin(LocalKafkaBroker kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }
}
