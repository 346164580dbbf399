package io.cbn.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSettingsTest {

    @Test
    void kafkaEnvironmentVariablesAreClientSettingsAndTheFileWins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nbootstrap.servers=elsewhere:1\n");
        Map<String, Object> s = KafkaClientSettings.from(Map.of(
                "KAFKA_SASL_JAAS_CONFIG", "jaas", "KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_BOOTSTRAP_SERVERS", "x:1",
                "CBN_OTHER", "ignored"), file);
        assertEquals("jaas", s.get("sasl.jaas.config"));
        assertEquals("SASL_SSL", s.get("security.protocol"), "the file wins over the environment");
        assertEquals("SCRAM-SHA-512", s.get("sasl.mechanism"));
        assertFalse(s.containsKey("bootstrap.servers"), "--bootstrap-servers is the one address");
        assertEquals(3, s.size(), s.toString());
    }
}
