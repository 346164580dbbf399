package io.cbn.aggregator.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cbn.aggregator.engine.Aggregator;
import io.cbn.aggregator.kafka.RunTopicsConsumer;
import io.cbn.aggregator.ledger.LedgerSettings;
import io.cbn.aggregator.ledger.OutputCheckMode;
import io.cbn.aggregator.report.OutputVerifier;
import io.cbn.aggregator.testing.Events;
import io.cbn.aggregator.testing.KafkaBrokerResource;
import io.cbn.aggregator.testing.Login;
import io.cbn.deploy.broker.TopicAdmin;
import io.cbn.deploy.broker.Topics;
import io.cbn.schemas.JobResult;
import io.cbn.schemas.Outcome;
import io.cbn.schemas.RunEvent;
import io.cbn.schemas.RunNotice;
import io.cbn.schemas.codec.JobResultSerializer;
import io.cbn.schemas.codec.RunEventSerializer;
import io.cbn.schemas.codec.RunNoticeSerializer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The aggregator against a real broker: run events and results (with a duplicate and an
 * undecodable message) go in, a COMPLETE summary comes out on disk and over HTTP, the run is
 * closed; a restarted aggregator (from the service's checkpoint, and from scratch with no state)
 * leaves its files untouched.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
class AggregatorKafkaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "cbn.aggregator.state-dir")
    Path stateDir;

    @Test
    void aRunGoesFromOpenedToCompleteAndARestartRebuildsTheSameFiles() throws Exception {
        String runId = "it-" + UUID.randomUUID().toString().substring(0, 8);
        Path admin = Files.createTempDirectory("cbn-admin-");
        Path out = Files.createTempDirectory("cbn-out-");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60); // Avro timestamp-millis

        List<JobResult> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String rel = "album/photo-" + i + ".jpg";
            if (i == 4) {
                results.add(Events.notCreated(runId, "job-" + i, rel, Outcome.REJECTED, "TOO_SMALL", t0.plusSeconds(i)));
                continue;
            }
            Path svg = out.resolve("album/photo-" + i + ".svg");
            Files.createDirectories(svg.getParent());
            Files.writeString(svg, "<svg id='" + i + "'/>");
            results.add(Events.result(runId, "job-" + i, rel, t0.plusSeconds(i)).setWorkerId("w" + (i % 2))
                    .setOutputs(List.of(Events.output("album/photo-" + i + ".svg", Files.size(svg), OutputVerifier.sha256(svg))))
                    .build());
        }
        // job-2 delivered twice (a redelivery after a rebalance)
        results.add(JobResult.newBuilder(results.get(2)).setAttempt(2).setFinishedAt(t0.plusSeconds(30)).build());

        try (KafkaProducer<String, RunEvent> runs = producer(new RunEventSerializer());
             KafkaProducer<String, JobResult> jobs = producer(new JobResultSerializer());
             KafkaProducer<String, byte[]> raw = producer(new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.RESULTS, "garbage", new byte[] {1, 2, 3}));
            runs.send(new ProducerRecord<>(Topics.RUNS, runId, Events.opened(runId, out.toString(), admin.toString(), t0)));
            for (JobResult r : results) {
                jobs.send(new ProducerRecord<>(Topics.RESULTS, r.getJobId(), r));
            }
            runs.send(new ProducerRecord<>(Topics.RUNS, runId, Events.sealed(runId, 6, t0.plusSeconds(40))));
        }

        Path runDir = admin.resolve("runs").resolve(runId);
        Path summaryFile = runDir.resolve("summary.json");
        await().atMost(WAIT).until(() -> "COMPLETE".equals(state(summaryFile)));

        JsonNode summary = JSON.readTree(summaryFile.toFile());
        assertEquals(6, summary.get("expected").asInt());
        assertEquals(6, summary.get("processed").asInt());
        assertEquals(5, summary.get("created").asInt());
        assertEquals(1, summary.get("rejected").asInt());
        assertEquals(0, summary.get("failed").asInt());
        assertEquals(0, summary.get("outstanding").asInt());
        assertEquals(1, summary.get("duplicatesIgnored").asInt());
        assertEquals(1, summary.get("qaIssues").get("total").asInt());
        assertEquals(1, summary.get("rejectedByReason").get("TOO_SMALL").asInt());
        assertEquals("PASSED", summary.get("outputCheck").get("status").asText());
        assertEquals("STAT", summary.get("outputCheck").get("mode").asText());
        assertEquals(5, summary.get("outputCheck").get("filesChecked").asInt());
        assertEquals(0, summary.get("invariantViolations").size());
        assertEquals(t0.plusSeconds(40).toString(), summary.get("completedAt").asText());
        assertEquals(6, Files.readAllLines(runDir.resolve("items.jsonl")).size());
        assertTrue(Files.readString(runDir.resolve("summary.txt")).contains("Items Processed: 6/6\n"));

        String onDisk = Files.readString(summaryFile);
        Login.asViewer().get("/runs/" + runId).then().statusCode(200).contentType("application/json").body(equalTo(onDisk));
        Login.asViewer().get("/runs/" + runId + "/summary.txt").then().statusCode(200)
                .body(equalTo(Files.readString(runDir.resolve("summary.txt"))));
        JsonNode list = JSON.readTree(Login.asViewer().get("/runs").then().statusCode(200).extract().asString());
        JsonNode entry = null;
        for (JsonNode e : list) {
            if (e.get("runId").asText().equals(runId)) {
                entry = e;
            }
        }
        assertTrue(entry.get("closed").asBoolean());
        Login.asViewer().get("/runs/" + runId + "/items.jsonl").then().statusCode(200)
                .body(equalTo(Files.readString(runDir.resolve("items.jsonl"))));
        assertEquals(runId, entry.get("runId").asText());
        assertEquals("COMPLETE", entry.get("state").asText());
        assertEquals(6, entry.get("expected").asInt());
        assertEquals(6, entry.get("processed").asInt());
        assertEquals(0, entry.get("outstanding").asInt());
        Login.asViewer().get("/runs/no-such-run").then().statusCode(404);
        assertTrue(given().get("/q/health/ready").then().statusCode(200).extract().asString().contains("\"UP\""));
        assertTrue(given().get("/q/health/live").then().statusCode(200).extract().asString().contains("\"UP\""));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertFalse(metrics.contains("cbn_run_processed{run=\"" + runId + "\"}"), "a closed run's series are gone");
        assertTrue(metrics.contains("cbn_aggregator_duplicates_total"));
        assertTrue(metrics.contains("cbn_aggregator_undecodable_total{topic=\"cbn.results\"} 1.0"), metrics);

        assertARestartLeavesTheClosedRunsFilesAlone(runDir);
    }

    @Test
    void aHeldRootIsShownAndMeasuredAndAResultOfAnUnknownRunIsKeptAside() throws Exception {
        String runId = "held-" + UUID.randomUUID().toString().substring(0, 8);
        String ghost = "ghost-" + UUID.randomUUID().toString().substring(0, 8);
        Path admin = Files.createTempDirectory("cbn-admin-");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<String, RunEvent> runs = producer(new RunEventSerializer());
             KafkaProducer<String, RunNotice> notices = producer(new RunNoticeSerializer());
             KafkaProducer<String, JobResult> jobs = producer(new JobResultSerializer())) {
            runs.send(new ProducerRecord<>(Topics.RUNS, runId, Events.opened(runId, "/out", admin.toString(), t0)));
            // as a worker sends it: on the results topic (a worker may not write cbn.runs)
            notices.send(new ProducerRecord<>(Topics.RESULTS, runId, RunNotice.newBuilder().setRunId(runId).setKind("HELD")
                    .setRoot("/photos/b").setReason("SOURCE_ROOT_MISSING").setSince(t0).setJobs(5).setOrigin("w1")
                    .setAt(t0).build()));
            jobs.send(new ProducerRecord<>(Topics.RESULTS, "g1", Events.created(ghost, "g1", "a.jpg", t0)));
        }
        await().atMost(WAIT).until(() -> Login.asViewer().get("/runs/" + runId).then().extract().asString().contains("SOURCE_ROOT_MISSING"));
        JsonNode summary = JSON.readTree(Login.asViewer().get("/runs/" + runId).then().statusCode(200).extract().asString());
        assertEquals("/photos/b", summary.get("held").get(0).get("root").asText());
        assertEquals(5, summary.get("held").get(0).get("jobs").asInt());
        await().atMost(WAIT).until(() -> given().get("/q/metrics").then().extract().asString()
                .contains("cbn_run_held_jobs{root=\"/photos/b\",run=\"" + runId + "\"} 5.0"));
        JsonNode unknown = JSON.readTree(Login.asViewer().get("/runs/unknown").then().statusCode(200).extract().asString());
        boolean listed = false;
        for (JsonNode r : unknown.get("runs")) {
            listed |= r.get("runId").asText().equals(ghost) && r.get("results").asInt() == 1;
        }
        assertTrue(listed, unknown.toString());
    }

    @Test
    void topicsCreatedAfterTheConsumerStartedAreReadFromTheBeginning() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String runsTopic = "late.runs." + suffix;
        String resultsTopic = "late.results." + suffix;
        Aggregator aggregator = aggregator(Files.createTempDirectory("cbn-state-"), runsTopic, resultsTopic);
        RunTopicsConsumer consumer = new RunTopicsConsumer(Map.of("bootstrap.servers", bootstrapServers), runsTopic,
                resultsTopic, sink(aggregator), Duration.ofMillis(200), Duration.ofMillis(500));
        Path admin = Files.createTempDirectory("cbn-admin-");
        Thread thread = new Thread(consumer, "late-topics-consumer");
        thread.start();
        try {
            // nothing to replay: ready at once, so a launcher waiting for readiness can go on and create the topics
            await().atMost(WAIT).until(consumer::caughtUp);
            TopicAdmin.ensure(bootstrapServers, Map.of(runsTopic, 1, resultsTopic, 2));
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            try (KafkaProducer<String, RunEvent> runs = producer(new RunEventSerializer());
                 KafkaProducer<String, JobResult> jobs = producer(new JobResultSerializer())) {
                runs.send(new ProducerRecord<>(runsTopic, "late", Events.opened("late", "/out", admin.toString(), t0)));
                jobs.send(new ProducerRecord<>(resultsTopic, "j1", Events.created("late", "j1", "a.jpg", t0)));
                runs.send(new ProducerRecord<>(runsTopic, "late", Events.sealed("late", 1, t0)));
            }
            await().atMost(WAIT).until(() -> aggregator.closedRun("late").map(e -> e.state()).orElse(""),
                    equalTo("COMPLETE"));
        } finally {
            consumer.stop();
            thread.join(10_000);
        }
        assertTrue(consumer.failure() == null, String.valueOf(consumer.failure()));
    }

    @Test
    void aBacklogIsReadRunsFirstSoNoResultWaitsForItsOpened() throws Exception {
        // a restart with a backlog: OPENED, 3,000 results and SEALED are all on the broker before the consumer
        // starts; were any result read before the OPENED it would be kept aside (and, past the 100 this aggregator
        // keeps, dropped: the run would never complete)
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String runsTopic = "backlog.runs." + suffix;
        String resultsTopic = "backlog.results." + suffix;
        TopicAdmin.ensure(bootstrapServers, Map.of(runsTopic, 1, resultsTopic, 4));
        Path admin = Files.createTempDirectory("cbn-admin-");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        int n = 3000;
        try (KafkaProducer<String, RunEvent> runs = producer(new RunEventSerializer());
             KafkaProducer<String, JobResult> jobs = producer(new JobResultSerializer())) {
            runs.send(new ProducerRecord<>(runsTopic, "backlog", Events.opened("backlog", "/out", admin.toString(), t0))).get();
            for (int i = 0; i < n; i++) {
                jobs.send(new ProducerRecord<>(resultsTopic, "j" + i, Events.created("backlog", "j" + i, "p" + i + ".jpg", t0)));
            }
            jobs.flush();
            runs.send(new ProducerRecord<>(runsTopic, "backlog", Events.sealed("backlog", n, t0))).get();
        }
        Aggregator aggregator = new Aggregator(new Aggregator.Settings(new LedgerSettings(Clock.systemUTC(),
                Duration.ofMinutes(30), OutputCheckMode.NONE), Files.createTempDirectory("cbn-state-"), Duration.ofSeconds(1),
                Duration.ofMillis(200), 100, 100, 1, runsTopic, resultsTopic), Clock.systemUTC(), null);
        RunTopicsConsumer consumer = new RunTopicsConsumer(Map.of("bootstrap.servers", bootstrapServers), runsTopic,
                resultsTopic, sink(aggregator), Duration.ofMillis(200), Duration.ofMillis(500));
        Thread thread = new Thread(consumer, "backlog-consumer");
        thread.start();
        try {
            await().atMost(WAIT).until(() -> aggregator.closedRun("backlog").map(e -> e.state()).orElse(""),
                    equalTo("COMPLETE"));
            assertEquals(0, aggregator.unknownDropped(), "results dropped as results of an unknown run");
            assertEquals(0, aggregator.unknownRecords(), "results kept aside");
            assertEquals(n, Files.readAllLines(admin.resolve("runs/backlog/items.jsonl")).size());
        } finally {
            consumer.stop();
            thread.join(10_000);
        }
        assertTrue(consumer.failure() == null, String.valueOf(consumer.failure()));
    }

    private static Aggregator aggregator(Path stateDir, String runsTopic, String resultsTopic) {
        return new Aggregator(new Aggregator.Settings(new LedgerSettings(Clock.systemUTC(), Duration.ofMinutes(30),
                OutputCheckMode.STAT), stateDir, Duration.ofSeconds(1), Duration.ofMillis(200), 1000, 100, 1, runsTopic,
                resultsTopic), Clock.systemUTC(), null);
    }

    private static RunTopicsConsumer.RecordSink sink(Aggregator aggregator) {
        return new RunTopicsConsumer.RecordSink() {
            @Override
            public Map<String, Long> startPositions() {
                try {
                    return aggregator.start();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public void onRecord(String topic, int partition, long offset, byte[] value) {
                aggregator.onRecord(topic, partition, offset, value);
            }

            @Override
            public void afterPoll(boolean caughtUp) {
                aggregator.tick(caughtUp, false);
            }
        };
    }

    /**
     * What a restarted aggregator runs, twice: from a copy of the service's state (checkpoint) and
     * from scratch with no state at all. Neither touches the closed run's files.
     */
    private void assertARestartLeavesTheClosedRunsFilesAlone(Path runDir) throws Exception {
        Map<String, byte[]> before = new java.util.HashMap<>();
        Map<String, java.nio.file.attribute.FileTime> mtimes = new java.util.HashMap<>();
        for (String name : List.of("summary.json", "items.jsonl", "summary.txt")) {
            before.put(name, Files.readAllBytes(runDir.resolve(name)));
            mtimes.put(name, Files.getLastModifiedTime(runDir.resolve(name)));
        }
        Path copy = Files.createTempDirectory("cbn-state-copy-");
        try (var files = Files.list(stateDir)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        for (Path state : List.of(copy, Files.createTempDirectory("cbn-state-empty-"))) {
            Aggregator aggregator = aggregator(state, Topics.RUNS, Topics.RESULTS);
            RunTopicsConsumer consumer = new RunTopicsConsumer(Map.of("bootstrap.servers", bootstrapServers),
                    Topics.RUNS, Topics.RESULTS, sink(aggregator), Duration.ofMillis(200), Duration.ofSeconds(5));
            Thread thread = new Thread(consumer, "restarted-consumer");
            thread.start();
            try {
                await().atMost(WAIT).until(consumer::caughtUp);
                await().atMost(WAIT).until(() -> aggregator.closedRun(runDir.getFileName().toString()).isPresent());
            } finally {
                consumer.stop();
                thread.join(10_000);
            }
            assertFalse(thread.isAlive());
            assertTrue(consumer.failure() == null, String.valueOf(consumer.failure()));
            if (state == copy) {
                assertEquals(0, consumer.recordsRead(), "a restart from the checkpoint reads only what came after it");
            }
            aggregator.tick(true, true);
            for (Map.Entry<String, byte[]> file : before.entrySet()) {
                assertEquals(new String(file.getValue()), Files.readString(runDir.resolve(file.getKey())), file.getKey());
                assertEquals(mtimes.get(file.getKey()), Files.getLastModifiedTime(runDir.resolve(file.getKey())));
            }
        }
    }

    private static String state(Path summaryFile) {
        try {
            return Files.exists(summaryFile) ? JSON.readTree(summaryFile.toFile()).path("state").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private <V> KafkaProducer<String, V> producer(org.apache.kafka.common.serialization.Serializer<V> values) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), values);
    }
}
