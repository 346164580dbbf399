package io.cbn.deploy.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.awaitility.Awaitility.await;

/**
 * The secured local broker (docs/design.md, "Security"), with real clients: every cbn user gets in with its own
 * password over SASL_SSL and does what its ACLs allow; an anonymous client, a wrong password and a worker writing
 * {@code cbn.runs} are refused; no password reaches the logs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureBrokerTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;
    private LocalKafkaBroker broker;

    @BeforeAll
    void start() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(new Tee(originalOut, captured), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr, captured), true, StandardCharsets.UTF_8));
        broker = LocalKafkaBroker.builder().secure(true).start();
        broker.createTopics(Topics.defaults(2));
    }

    @AfterAll
    void stop() {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void aJobGoesFromTheProducerUserToTheWorkerUserOverSaslSsl() throws Exception {
        try (KafkaProducer<String, String> producer = producer(broker.clientConfig("producer"))) {
            producer.send(new ProducerRecord<>(Topics.JOBS, "job-1", "hello")).get();
        }
        Map<String, Object> c = new HashMap<>(broker.clientConfig("worker"));
        c.put("group.id", "cbn-workers");
        c.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.JOBS));
            List<String> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.value());
                }
                return seen.contains("hello");
            });
        }
    }

    @Test
    void aWrongPasswordIsRefusedNamingTheMechanism() {
        Map<String, Object> c = new HashMap<>(broker.clientConfig("producer"));
        c.putAll(broker.security().clientConfig("producer", "not-the-password"));
        c.put("max.block.ms", 20_000);
        try (KafkaProducer<String, String> producer = producer(c)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(Topics.JOBS, "k", "v")).get());
            assertInstanceOf(SaslAuthenticationException.class, e.getCause(), e.toString());
            assertTrue(e.getCause().getMessage().contains("SCRAM-SHA-512"), e.getCause().getMessage());
        }
    }

    @Test
    void anAnonymousClientGetsNothing() {
        Map<String, Object> c = Map.of("bootstrap.servers", broker.bootstrapServers(), "default.api.timeout.ms", 8_000,
                "request.timeout.ms", 4_000);
        try (Admin admin = Admin.create(c)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> admin.listTopics().names().get());
            assertInstanceOf(org.apache.kafka.common.errors.TimeoutException.class, e.getCause(), e.toString());
        }
    }

    @Test
    void theWorkerUserMayNotWriteRunEvents() {
        Map<String, Object> c = new HashMap<>(broker.clientConfig("worker"));
        c.put("max.block.ms", 20_000);
        try (KafkaProducer<String, String> producer = producer(c)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(Topics.RUNS, "run-1", "forged")).get());
            assertInstanceOf(TopicAuthorizationException.class, e.getCause(), e.toString());
            assertTrue(e.getCause().getMessage().contains(Topics.RUNS), e.getCause().getMessage());
        }
    }

    @Test
    void theAggregatorUserMayNotReadJobs() {
        Map<String, Object> c = new HashMap<>(broker.clientConfig("aggregator"));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(Topics.JOBS, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            assertThrows(TopicAuthorizationException.class, () -> {
                for (int i = 0; i < 100; i++) {
                    consumer.poll(Duration.ofMillis(200));
                }
            });
        }
    }

    @Test
    void clientConfigFilesAreStandardPropertiesOnlyTheOwnerCanRead() throws Exception {
        for (String user : BrokerSecurity.USERS) {
            var file = broker.security().clientConfigFile(user);
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), perms, file.toString());
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(file)) {
                p.load(in);
            }
            assertEquals("SASL_SSL", p.getProperty("security.protocol"));
            assertTrue(p.getProperty("sasl.jaas.config").contains("username=\"" + user + "\""));
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void noPasswordAppearsInTheLogs() {
        // the other tests ran failing and succeeding clients; the broker and clients logged all of it here
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertFalse(logs.isEmpty(), "nothing was captured: the check would prove nothing");
        for (String user : BrokerSecurity.USERS) {
            String jaas = (String) broker.security().clientConfig(user).get("sasl.jaas.config");
            String password = jaas.replaceAll(".*password=\"([^\"]+)\".*", "$1");
            assertFalse(logs.contains(password), "the password of " + user + " was logged");
        }
        String store = (String) broker.security().clientConfig("admin").get("ssl.truststore.password");
        assertFalse(logs.contains(store), "the store password was logged");
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> config) {
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Writes to the console and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            a.write(x);
            synchronized (b) {
                b.write(x);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }
    }
}
