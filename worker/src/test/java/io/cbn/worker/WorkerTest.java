package io.cbn.worker;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cbn.deploy.broker.Topics;
import io.cbn.schemas.ConversionSettings;
import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobResult;
import io.cbn.schemas.Outcome;
import io.cbn.schemas.RunNotice;
import io.cbn.worker.KafkaTestClients.TopicReader;
import io.cbn.worker.build.BuildInfo;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The worker against a real broker: jobs in, results out, dead letters, and the systemic-fault hold. */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
class WorkerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    BuildInfo build;

    private Path tmp;
    private TopicReader<JobResult> results;

    @BeforeEach
    void setUp() throws Exception {
        tmp = Files.createTempDirectory("cbn-worker-test");
        results = new TopicReader<>(bootstrap, Topics.RESULTS, KafkaTestClients.resultsOnly());
    }

    @AfterEach
    void tearDown() throws Exception {
        results.close();
        try (var walk = Files.walk(tmp)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aJobForARealImageGetsOneCreatedResultWithItsFilesOnDisk() throws Exception {
        ImageJob job = job("albums/2024/lizard.jpg", tmp.resolve("out"));
        KafkaTestClients.sendJob(bootstrap, Topics.JOBS, job);

        JobResult r = awaitResult(job.getJobId());
        assertEquals(Outcome.CREATED, r.getOutcome(), r.getMessage());
        assertNull(r.getReason());
        assertFalse(r.getOutputs().isEmpty());
        for (var o : r.getOutputs()) {
            assertTrue(o.getPath().startsWith("albums/2024/lizard"), o.getPath());
            Path file = tmp.resolve("out").resolve(o.getPath());
            assertTrue(Files.isRegularFile(file), "missing " + file);
            assertEquals(Files.size(file), o.getBytes());
            assertEquals(sha256(file), o.getSha256());
        }
        assertEquals(build.version(), r.getWorkerBuild().getVersion());
        assertEquals(build.commit(), r.getWorkerBuild().getCommit());
        assertTrue(r.getWorkerBuild().getCommit().matches("[0-9a-f]{7}(-dirty)?"), r.getWorkerBuild().getCommit());
        assertFalse(r.getWorkerId().isBlank());
        assertNotNull(r.getMetrics());

        given().get("/build").then().statusCode(200)
                .body(containsString(build.commit())).body(containsString(r.getWorkerId()));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("cbn_worker_jobs_total{outcome=\"CREATED\",reason=\"NONE\"}"))
                .body(containsString("cbn_worker_conversion_seconds_bucket"))
                .body(containsString("cbn_worker_inflight_jobs"))
                .body(containsString("cbn_worker_systemic_fault 0.0"));
    }

    @Test
    void undecodableJobsGoToTheDeadLetterTopicAndTheWorkerKeepsGoing() throws Exception {
        byte[] garbage = new byte[64];
        new Random(42).nextBytes(garbage);
        String key = "garbage-" + UUID.randomUUID();
        RecordMetadata at = KafkaTestClients.sendBytes(bootstrap, Topics.JOBS, key, garbage);

        try (TopicReader<byte[]> dlq = TopicReader.bytes(bootstrap, Topics.JOBS_DLQ)) {
            ConsumerRecord<String, byte[]> dead = await().atMost(WAIT).until(
                    () -> dlq.poll().stream().filter(rec -> key.equals(rec.key())).findFirst(), Optional::isPresent).get();
            assertArrayEquals(garbage, dead.value(), "the dead letter keeps the original bytes");
            Header reason = dead.headers().lastHeader("dead-letter-reason");
            assertNotNull(reason, "dead-letter-reason header");
            assertFalse(new String(reason.value(), StandardCharsets.UTF_8).isBlank());
            assertEquals(Topics.JOBS, new String(dead.headers().lastHeader("dead-letter-topic").value(), StandardCharsets.UTF_8));
        }
        // committed like any job, even as the last record of its partition: not dead-lettered again after a rebalance
        TopicPartition tp = new TopicPartition(at.topic(), at.partition());
        await().atMost(WAIT).until(() -> KafkaTestClients.committedOffset(bootstrap, "cbn-workers", tp) > at.offset());

        ImageJob good = job("after-garbage/lizard.jpg", tmp.resolve("out"));
        KafkaTestClients.sendJob(bootstrap, Topics.JOBS, good);
        assertEquals(Outcome.CREATED, awaitResult(good.getJobId()).getOutcome());
        given().get("/q/metrics").then().statusCode(200).body(containsString("cbn_worker_dlq_total"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void anUnwritableOutputRootHoldsOnlyItsJobsWhileOtherRootsFlow() throws Exception {
        Path out = tmp.resolve("out");
        Files.writeString(out, "a regular file where the output directory should be");
        ImageJob job = job("held/lizard.jpg", out);
        ImageJob other = job("flowing/lizard.jpg", tmp.resolve("other-out"));
        try (TopicReader<byte[]> runs = TopicReader.bytes(bootstrap, Topics.RESULTS)) {
            try {
                KafkaTestClients.sendJob(bootstrap, Topics.JOBS, job);
                RunNotice held = await().atMost(WAIT).until(() -> KafkaTestClients.notices(runs).stream()
                        .filter(n -> n.getKind().equals("HELD") && out.toString().equals(n.getRoot())).findFirst(), Optional::isPresent).get();
                assertEquals(job.getRunId(), held.getRunId());
                assertEquals("OUTPUT_ROOT_UNWRITABLE", held.getReason());
                assertEquals(1, held.getJobs());
                assertNotNull(held.getSince());
                assertFalse(held.getOrigin().isBlank());

                KafkaTestClients.sendJob(bootstrap, Topics.JOBS, other);
                assertEquals(Outcome.CREATED, awaitResult(other.getJobId()).getOutcome(), "another root keeps flowing");
                given().get("/q/health/ready").then().statusCode(200).body(containsString("OUTPUT_ROOT_UNWRITABLE"));
                given().get("/q/metrics").then().body(containsString("cbn_worker_held_jobs{root=\"" + out + "\"} 1.0"))
                        .body(containsString("cbn_worker_systemic_fault 0.0"));
                assertTrue(resultsFor(job.getJobId()).isEmpty(), "held, never FAILED");
                try (TopicReader<byte[]> retry = TopicReader.bytes(bootstrap, Topics.JOBS_RETRY)) {
                    ConsumerRecord<String, byte[]> parked = await().atMost(WAIT).until(() -> retry.poll().stream()
                            .filter(r -> job.getJobId().equals(r.key())).findFirst(), Optional::isPresent).get();
                    for (String h : List.of("cbn-held-since", "cbn-not-before", "cbn-hold-reason")) {
                        assertNotNull(parked.headers().lastHeader(h), h);
                    }
                    assertEquals("OUTPUT_ROOT_UNWRITABLE", new String(parked.headers().lastHeader("cbn-hold-reason").value(), StandardCharsets.UTF_8));
                }
            } finally {
                Files.deleteIfExists(out);
            }
            JobResult r = awaitResult(job.getJobId());
            assertEquals(Outcome.CREATED, r.getOutcome(), r.getMessage());
            assertEquals(1, resultsFor(job.getJobId()).size(), "exactly one result, never a FAILED one");
            assertTrue(Files.isRegularFile(out.resolve(r.getOutputs().get(0).getPath())));
            assertFalse(Files.exists(out.resolve(".cbn/attempts")) && hasFiles(out.resolve(".cbn/attempts")),
                    "the attempt marker is removed once the result is published");
            await().atMost(WAIT).until(() -> KafkaTestClients.notices(runs).stream()
                    .anyMatch(n -> n.getKind().equals("RELEASED") && out.toString().equals(n.getRoot())));
        }
    }

    @Test
    void jobsOfACancelledRunEndCancelledWithoutBeingConverted() throws Exception {
        String runId = "run-cancelled-" + UUID.randomUUID();
        KafkaTestClients.sendNotice(bootstrap, RunNotice.newBuilder().setRunId(runId).setKind("CANCEL")
                .setOrigin("cli").setAt(Instant.now()).build());
        await().atMost(WAIT).until(() -> given().get("/q/metrics").asString().matches("(?s).*cbn_worker_cancelled_runs [1-9].*"));
        Path out = tmp.resolve("out");
        ImageJob job = job("cancelled/lizard.jpg", out);
        job.setRunId(runId);
        KafkaTestClients.sendJob(bootstrap, Topics.JOBS, job);
        JobResult r = awaitResult(job.getJobId());
        assertEquals(Outcome.FAILED, r.getOutcome());
        assertEquals("CANCELLED", r.getReason());
        assertFalse(Files.exists(out.resolve("cancelled")), "nothing converted");
    }

    @Test
    void aConversionBlockedOnAFifoIsAbandonedAndEndsTimeout() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/fifo"));
        Path fifo = src.resolve("blocked.jpg");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        ImageJob job = ImageJob.newBuilder(job("fifo/placeholder.jpg", tmp.resolve("out")))
                .setRelativePath("fifo/blocked.jpg").setSizeBytes(0).setMtimeMillis(0).build();
        job.getSettings().setTimeoutMs(1000);
        long t0 = System.nanoTime();
        KafkaTestClients.sendJob(bootstrap, Topics.JOBS, job);
        JobResult r = awaitResult(job.getJobId());
        assertEquals(Outcome.FAILED, r.getOutcome(), r.getMessage());
        assertEquals("TIMEOUT", r.getReason());
        assertTrue(r.getMessage().contains("abandoned"), r.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(30)) < 0);
        given().get("/q/metrics").then().body(containsString("cbn_worker_stuck_conversions 1.0"));
        given().get("/q/health/live").then().statusCode(200); // one stuck thread is under the limit (2)
        // a writer opens and closes the FIFO until the stuck read has ended (EOF), so later tests start clean
        await().atMost(WAIT).until(() -> {
            new ProcessBuilder("timeout", "2", "sh", "-c", ": > '" + fifo + "'").start().waitFor();
            return given().get("/q/metrics").asString().contains("cbn_worker_stuck_conversions 0.0");
        });
    }

    @Test
    void reEnqueueingAFinishedJobReusesItsOutputsInsteadOfConvertingAgain() throws Exception {
        ImageJob job = job("again/lizard.jpg", tmp.resolve("out"));
        KafkaTestClients.sendJob(bootstrap, Topics.JOBS, job);
        JobResult first = awaitResult(job.getJobId());
        assertEquals(Outcome.CREATED, first.getOutcome(), first.getMessage());
        assertFalse(first.getReused());
        Path svg = tmp.resolve("out").resolve(first.getOutputs().get(0).getPath());
        var mtime = Files.getLastModifiedTime(svg);

        KafkaTestClients.sendJob(bootstrap, Topics.JOBS, job); // the same run re-enqueued
        JobResult again = await().atMost(WAIT).until(() -> resultsFor(job.getJobId()), l -> l.size() >= 2).get(1);
        assertEquals(Outcome.CREATED, again.getOutcome());
        assertTrue(again.getReused(), again.getMessage());
        assertEquals(first.getOutputs(), again.getOutputs());
        assertEquals(first.getSourceSha256(), again.getSourceSha256());
        assertEquals(mtime, Files.getLastModifiedTime(svg), "outputs not rewritten");
    }

    private static boolean hasFiles(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            return walk.anyMatch(Files::isRegularFile);
        }
    }

    private ImageJob job(String relativePath, Path outputRoot) throws Exception {
        Path src = tmp.resolve("src");
        Path file = src.resolve(relativePath);
        Files.createDirectories(file.getParent());
        Files.copy(TestImages.image("jpeg_tiny_lizard_128.jpg"), file);
        return ImageJob.newBuilder()
                .setRunId("run-test")
                .setJobId(UUID.randomUUID().toString())
                .setSourceRoot(src.toString())
                .setRelativePath(relativePath)
                .setSizeBytes(Files.size(file))
                .setMtimeMillis(Files.getLastModifiedTime(file).toMillis())
                .setSettings(ConversionSettings.newBuilder().setMaxSize(400).build())
                .setOutputRoot(outputRoot.toString())
                .setEnqueuedAt(Instant.now())
                .build();
    }

    private List<JobResult> resultsFor(String jobId) {
        return results.poll().stream().filter(r -> jobId.equals(r.key())).map(ConsumerRecord::value).toList();
    }

    private JobResult awaitResult(String jobId) {
        return await().atMost(WAIT).until(() -> resultsFor(jobId), l -> !l.isEmpty()).get(0);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
