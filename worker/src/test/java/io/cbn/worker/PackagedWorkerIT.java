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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cbn.deploy.broker.LocalKafkaBroker;
import io.cbn.deploy.broker.Topics;
import io.cbn.schemas.ConversionSettings;
import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobResult;
import io.cbn.schemas.Outcome;
import io.cbn.worker.KafkaTestClients.TopicReader;
import io.cbn.worker.job.AttemptMarkers;

/**
 * The packaged worker ({@code target/quarkus-app/quarkus-run.jar}) as a process of its own against a real broker,
 * started the way the README documents {@code ./cbn worker}: no {@code cbn.worker.concurrency} given (issue 8: it did
 * not start). Then a poison job: its conversion hangs (its source is a FIFO nobody writes), and the test kills the
 * worker (SIGKILL, as the kernel's OOM killer would) each time it has started that job; after
 * {@code cbn.worker.max-attempts} (3) such attempts the next worker ends it FAILED WORKER_CRASHED, and the run's other
 * job is converted.
 */
class PackagedWorkerIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private LocalKafkaBroker broker;
    private Process worker;
    private Path tmp;
    private static int starts;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void setUp() throws IOException {
        assertTrue(Files.isRegularFile(JAR), "package the worker first: " + JAR.toAbsolutePath());
        tmp = Files.createTempDirectory("cbn-worker-packaged-it");
        broker = LocalKafkaBroker.start();
        broker.createTopics(Topics.defaults(2));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (worker != null && worker.isAlive()) worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        if (broker != null) broker.close();
    }

    /** Starts the jar with no concurrency property and waits until it is ready; returns its base URL. */
    private String start() throws Exception {
        int port = freePort();
        Path log = Path.of("target/packaged-worker-it-" + (++starts) + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + broker.bootstrapServers(),
                "-Dcbn.worker.worker-id=it-worker-" + starts,
                // the same static member each start: a restarted worker takes its partitions back at once
                "-Dmp.messaging.incoming.jobs.group.instance.id=it-worker",
                "-Dmp.messaging.incoming.jobs.session.timeout.ms=6000",
                "-jar", JAR.toString()));
        assertFalse(String.join(" ", cmd).contains("concurrency"));
        worker = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String base = "http://localhost:" + port;
        await("worker ready (" + log + ")").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    assertTrue(worker.isAlive(), "the worker exited: " + Files.readString(log));
                    return status(base + "/q/health/ready") == 200;
                });
        return base;
    }

    @Test
    void theWorkerStartsWithoutAConcurrencyGiven() throws Exception {
        String base = start();
        assertEquals(200, status(base + "/q/health/live"));
        String log = Files.readString(Path.of("target/packaged-worker-it-" + starts + ".log"));
        assertFalse(log.contains("was not defined"), log);
    }

    @Test
    void aJobThatTakesItsWorkerDownEndsWorkerCrashedAfterThreeAttempts() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path out = tmp.resolve("out");
        Path fifo = src.resolve("poison.jpg");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        Files.copy(TestImages.image("jpeg_tiny_lizard_128.jpg"), src.resolve("good.jpg"));
        ImageJob poison = job(src, "poison.jpg", out);
        ImageJob good = job(src, "good.jpg", out);
        Path marker = AttemptMarkers.marker(out.toAbsolutePath().normalize(), poison.getJobId());

        start();
        KafkaTestClients.sendJob(broker.bootstrapServers(), Topics.JOBS, poison);
        KafkaTestClients.sendJob(broker.bootstrapServers(), Topics.JOBS, good);
        for (int attempt = 1; attempt <= 3; attempt++) {
            int expected = attempt;
            await("attempt " + attempt + " recorded").atMost(Duration.ofSeconds(90))
                    .until(() -> lines(marker) >= expected);
            worker.destroyForcibly(); // SIGKILL mid-conversion
            assertTrue(worker.waitFor(30, TimeUnit.SECONDS));
            start();
        }
        try (TopicReader<JobResult> results = new TopicReader<>(broker.bootstrapServers(), Topics.RESULTS, KafkaTestClients.resultsOnly())) {
            JobResult r = await().atMost(Duration.ofSeconds(90)).until(() -> results.poll().stream()
                    .filter(x -> poison.getJobId().equals(x.key())).map(ConsumerRecord::value).findFirst(), Optional::isPresent).get();
            assertEquals(Outcome.FAILED, r.getOutcome(), r.getMessage());
            assertEquals("WORKER_CRASHED", r.getReason());
            assertEquals(3, r.getAttempt());
            assertTrue(r.getMessage().startsWith("3 earlier attempts"), r.getMessage());
            await("the run's other job is converted").atMost(Duration.ofSeconds(90)).until(() -> results.poll().stream()
                    .anyMatch(x -> good.getJobId().equals(x.key()) && x.value().getOutcome() == Outcome.CREATED));
        }
        await("marker removed once the result is published").atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(marker));
    }

    private static int lines(Path marker) throws IOException {
        if (!Files.exists(marker)) return 0;
        return (int) Files.readAllLines(marker, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).count();
    }

    private static ImageJob job(Path src, String rel, Path out) throws IOException {
        Path f = src.resolve(rel);
        return ImageJob.newBuilder()
                .setRunId("run-poison").setJobId(UUID.randomUUID().toString())
                .setSourceRoot(src.toString()).setRelativePath(rel)
                .setSizeBytes(Files.isRegularFile(f) ? Files.size(f) : 0).setMtimeMillis(Files.getLastModifiedTime(f).toMillis())
                .setSettings(ConversionSettings.newBuilder().setMaxSize(400).setTimeoutMs(600_000).build())
                .setOutputRoot(out.toString())
                .setEnqueuedAt(Instant.now())
                .build();
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
