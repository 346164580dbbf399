package io.cbn.worker.kafka;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.cbn.deploy.broker.Topics;
import io.cbn.schemas.ConversionSettings;
import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobResult;
import io.cbn.worker.KafkaBrokerResource;
import io.cbn.worker.KafkaTestClients;
import io.cbn.worker.KafkaTestClients.TopicReader;
import io.cbn.worker.TestImages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The jobs consumer against a real broker: with every conversion thread busy it fetches nothing more (the backlog stays
 * on the broker, where another worker can take it), and once they free up every job is converted and committed.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
class JobsConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The jobs consumer's records-consumed counter (its client id starts with cbn-jobs-; retry and runs have others). */
    private static final Pattern CONSUMED = Pattern.compile(
            "kafka_consumer_fetch_manager_records_consumed_total\\{[^}]*client_id=\"cbn-jobs-[^\"]*\"[^}]*} ([0-9.E]+)");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "cbn.worker.concurrency")
    int concurrency;

    @Test
    void fetchesNothingWhileEveryConversionThreadIsBusyAndCommitsEveryJobOnceDone() throws Exception {
        Path tmp = Files.createTempDirectory("cbn-jobs-consumer-test");
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path out = tmp.resolve("out");
        double before = consumed();
        try (TopicReader<JobResult> results = new TopicReader<>(bootstrap, Topics.RESULTS, KafkaTestClients.resultsOnly())) {
            // as many jobs as conversion threads, each reading a FIFO nobody writes yet: every thread is busy
            List<Path> fifos = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                Path fifo = src.resolve("blocked-" + i + ".jpg");
                assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
                fifos.add(fifo);
                ImageJob job = job(src, fifo.getFileName().toString(), out);
                job.getSettings().setTimeoutMs(120_000);
                ids.add(job.getJobId());
                KafkaTestClients.sendJob(bootstrap, Topics.JOBS, job);
            }
            await().atMost(WAIT).until(() -> metric("cbn_worker_inflight_jobs") == concurrency);
            // a backlog behind them
            List<RecordMetadata> backlog = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Files.copy(TestImages.image("jpeg_tiny_lizard_128.jpg"), src.resolve("queued-" + i + ".jpg"));
                ImageJob job = job(src, "queued-" + i + ".jpg", out);
                ids.add(job.getJobId());
                backlog.add(KafkaTestClients.sendJob(bootstrap, Topics.JOBS, job));
            }
            // busy: at most one poll's worth (max.poll.records = concurrency) beyond the running jobs is ever fetched
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> consumed() - before <= 2.0 * concurrency);

            for (Path fifo : fifos) { // a writer opens and closes each FIFO: the blocked reads end (EOF)
                new ProcessBuilder("timeout", "5", "sh", "-c", ": > '" + fifo + "'").start().waitFor();
            }
            Set<String> seen = new HashSet<>();
            await().atMost(WAIT).until(() -> {
                results.poll().forEach(r -> seen.add(r.value().getJobId().toString()));
                return seen.containsAll(ids);
            });
            for (RecordMetadata at : backlog) {
                TopicPartition tp = new TopicPartition(at.topic(), at.partition());
                await().atMost(WAIT).until(() -> KafkaTestClients.committedOffset(bootstrap, "cbn-workers", tp) > at.offset());
            }
        }
        double fetched = consumed() - before;
        assertTrue(fetched >= 12 + concurrency, "the counter above counts this consumer's records: " + fetched);
        assertTrue(given().get("/q/health/ready").statusCode() == 200, "ready again once the jobs are done");
    }

    private static ImageJob job(Path src, String relativePath, Path outputRoot) throws Exception {
        Path file = src.resolve(relativePath);
        boolean regular = Files.isRegularFile(file);
        return ImageJob.newBuilder()
                .setRunId("run-consumer-test")
                .setJobId(UUID.randomUUID().toString())
                .setSourceRoot(src.toString())
                .setRelativePath(relativePath)
                .setSizeBytes(regular ? Files.size(file) : 0)
                .setMtimeMillis(regular ? Files.getLastModifiedTime(file).toMillis() : 0)
                .setSettings(ConversionSettings.newBuilder().setMaxSize(400).build())
                .setOutputRoot(outputRoot.toString())
                .setEnqueuedAt(java.time.Instant.now())
                .build();
    }

    private static double consumed() {
        Matcher m = CONSUMED.matcher(given().get("/q/metrics").asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static double metric(String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.E]+)").matcher(given().get("/q/metrics").asString());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
