package io.cbn.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cbn.deploy.broker.LocalKafkaBroker;
import io.cbn.deploy.broker.Topics;
import io.cbn.schemas.ConversionSettings;
import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobResult;
import io.cbn.schemas.Outcome;
import io.cbn.schemas.codec.ImageJobSerializer;
import io.cbn.worker.KafkaTestClients.TopicReader;

/**
 * The packaged worker ({@code target/quarkus-app/quarkus-run.jar}, started the way the launcher starts it) under
 * SIGTERM with jobs in flight: those jobs finish, publish and are committed before the process exits; the jobs it
 * had not started stay uncommitted, so the group redelivers them.
 */
class GracefulShutdownIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final int CONCURRENCY = 2;
    private static final int JOBS = 4;

    private LocalKafkaBroker broker;
    private Process worker;
    private Path tmp;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void setUp() throws IOException {
        assertTrue(Files.isRegularFile(JAR), "package the worker first: " + JAR.toAbsolutePath());
        tmp = Files.createTempDirectory("cbn-worker-it");
        broker = LocalKafkaBroker.start();
        broker.createTopics(Topics.defaults(2));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (worker != null && worker.isAlive()) {
            worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (broker != null) broker.close();
    }

    @Test
    void sigtermFinishesInFlightJobsCommitsThemAndHandsBackTheRest() throws Exception {
        int port = freePort();
        worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + broker.bootstrapServers(),
                "-Dcbn.worker.worker-id=it-worker",
                "-Dcbn.worker.concurrency=" + CONCURRENCY,
                "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target/graceful-shutdown-it-worker.log").toFile())
                .start();
        String base = "http://localhost:" + port;
        await("worker ready").atMost(Duration.ofSeconds(90)).until(() -> status(base + "/q/health/ready") == 200);
        String build = get(base + "/build");
        assertTrue(build.contains("\"workerId\":\"it-worker\""), build);

        Map<String, RecordMetadata> sent = enqueue();
        await("jobs in flight").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> get(base + "/q/metrics").contains("cbn_worker_inflight_jobs " + CONCURRENCY + ".0"));

        worker.destroy(); // SIGTERM
        assertTrue(worker.waitFor(120, TimeUnit.SECONDS), "the worker exits after draining");
        int exit = worker.exitValue();
        assertTrue(exit == 0 || exit == 143, "exit code " + exit);

        Map<String, JobResult> results = new HashMap<>();
        try (TopicReader<JobResult> reader = new TopicReader<>(broker.bootstrapServers(), Topics.RESULTS, KafkaTestClients.resultsOnly())) {
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> {
                reader.poll().forEach(r -> results.put(r.key(), r.value()));
                return results.size() >= CONCURRENCY;
            });
        }
        assertTrue(results.size() >= CONCURRENCY, "the jobs in flight at SIGTERM finished: " + results.keySet());
        assertTrue(results.size() < JOBS, "jobs not yet started are handed back, not converted: " + results.keySet());
        results.values().forEach(r -> {
            assertEquals(Outcome.CREATED, r.getOutcome(), r.getMessage());
            assertEquals("it-worker", r.getWorkerId());
        });

        Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets();
        for (Map.Entry<String, RecordMetadata> e : sent.entrySet()) {
            RecordMetadata m = e.getValue();
            OffsetAndMetadata c = committed.get(new TopicPartition(m.topic(), m.partition()));
            long next = c == null ? 0 : c.offset();
            if (results.containsKey(e.getKey())) {
                assertTrue(m.offset() < next, "finished job " + e.getKey() + " at " + m + " is committed (" + next + ")");
            } else {
                assertTrue(m.offset() >= next, "unfinished job " + e.getKey() + " at " + m + " stays for redelivery (" + next + ")");
            }
        }
        String log = Files.readString(Path.of("target/graceful-shutdown-it-worker.log"));
        assertTrue(log.contains("every in-flight job finished"), "drain log line missing");
        assertFalse(log.contains("SRMSG18231"), "no unprocessed-record-max-age failure");
        assertFalse(log.contains("SRMSG18252"), "no failed commit at shutdown");
        assertFalse(log.contains("SRMSG00201"), "no job dispatched to a closed worker pool");
    }

    private Map<String, RecordMetadata> enqueue() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Map<String, Future<RecordMetadata>> futures = new HashMap<>();
        try (KafkaProducer<String, ImageJob> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new ImageJobSerializer())) {
            for (int i = 0; i < JOBS; i++) {
                String rel = "meadow-" + i + ".jpg";
                Files.copy(TestImages.image("jpeg_progressive_meadow_1.3mp.jpg"), src.resolve(rel));
                ImageJob job = ImageJob.newBuilder()
                        .setRunId("run-it").setJobId(UUID.randomUUID().toString())
                        .setSourceRoot(src.toString()).setRelativePath(rel)
                        .setSizeBytes(Files.size(src.resolve(rel))).setMtimeMillis(0)
                        .setSettings(ConversionSettings.newBuilder().build())
                        .setOutputRoot(tmp.resolve("out").toString())
                        .setEnqueuedAt(Instant.now())
                        .build();
                futures.put(job.getJobId(), p.send(new ProducerRecord<>(Topics.JOBS, job.getJobId(), job)));
            }
            p.flush();
        }
        Map<String, RecordMetadata> sent = new HashMap<>();
        for (Map.Entry<String, Future<RecordMetadata>> f : futures.entrySet()) sent.put(f.getKey(), f.getValue().get(30, TimeUnit.SECONDS));
        return sent;
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            return admin.listConsumerGroupOffsets("cbn-workers").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        }
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
