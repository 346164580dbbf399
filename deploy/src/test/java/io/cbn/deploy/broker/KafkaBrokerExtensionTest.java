package io.cbn.deploy.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaBrokerExtensionTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension(Map.of("ext.a", 2, "ext.b", 1));

    @Test
    void injectsTheRunningBrokerWithItsTopics(LocalKafkaBroker kafka) throws Exception {
        assertSame(KAFKA.broker(), kafka);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            assertEquals(Set.of("ext.a", "ext.b"), admin.listTopics().names().get());
            assertEquals(2, admin.describeTopics(Set.of("ext.a")).allTopicNames().get().get("ext.a").partitions().size());
        }
        KafkaClients.send(kafka.bootstrapServers(), "ext.a", "k", "v");
        assertEquals("v", KafkaClients.readAll(kafka.bootstrapServers(), "ext.a", 1).get(0).value());
    }
}
