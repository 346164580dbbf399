package io.cbn.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.cbn.deploy.broker.Topics;
import io.cbn.schemas.ConversionSettings;
import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobResult;
import io.cbn.schemas.Outcome;
import io.cbn.schemas.RunNotice;
import io.cbn.worker.KafkaTestClients.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Two runs, one of whose source roots is gone (an unmounted volume): the other run's jobs are converted at once, the
 * held run's jobs are parked and, after the (short, test) hold timeout, end FAILED SOURCE_ROOT_MISSING, so that run
 * completes too and says why.
 */
@QuarkusTest
@TestProfile(HoldTimeoutTest.ShortHold.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
class HoldTimeoutTest {

    static final Duration HOLD_TIMEOUT = Duration.ofSeconds(4);

    public static class ShortHold implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cbn.worker.hold-timeout", HOLD_TIMEOUT.toSeconds() + "s");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aRunWhoseRootIsGoneEndsAfterTheHoldTimeoutWhileTheOtherRunCompletes() throws Exception {
        Path tmp = Files.createTempDirectory("cbn-hold-timeout");
        try (TopicReader<JobResult> results = new TopicReader<>(bootstrap, Topics.RESULTS, KafkaTestClients.resultsOnly());
             TopicReader<byte[]> runs = TopicReader.bytes(bootstrap, Topics.RESULTS)) {
            Path goneRoot = tmp.resolve("unmounted");
            List<ImageJob> held = List.of(job("run-held", goneRoot, "a.jpg", tmp), job("run-held", goneRoot, "b.jpg", tmp));
            delete(goneRoot); // the volume goes away after the run was enqueued
            ImageJob flowing = job("run-flowing", tmp.resolve("mounted"), "c.jpg", tmp);

            Instant sent = Instant.now();
            for (ImageJob j : held) KafkaTestClients.sendJob(bootstrap, Topics.JOBS, j);
            KafkaTestClients.sendJob(bootstrap, Topics.JOBS, flowing);

            JobResult ok = await().atMost(Duration.ofSeconds(60)).until(() -> result(results, flowing.getJobId()), Optional::isPresent).get();
            assertEquals(Outcome.CREATED, ok.getOutcome(), ok.getMessage());

            for (ImageJob j : held) {
                JobResult r = await().atMost(Duration.ofSeconds(60)).until(() -> result(results, j.getJobId()), Optional::isPresent).get();
                assertEquals(Outcome.FAILED, r.getOutcome());
                assertEquals("SOURCE_ROOT_MISSING", r.getReason(), r.getMessage());
                assertTrue(r.getFinishedAt().isAfter(sent.plus(HOLD_TIMEOUT).minusMillis(500)),
                        "ended after the hold timeout: " + r.getFinishedAt() + " vs sent " + sent);
            }
            RunNotice notice = await().atMost(Duration.ofSeconds(30)).until(() -> KafkaTestClients.notices(runs).stream()
                    .filter(n -> n.getKind().equals("HELD") && n.getRunId().equals("run-held")).reduce((a, b) -> b), Optional::isPresent).get();
            assertEquals(goneRoot.toString(), notice.getRoot());
            assertEquals("SOURCE_ROOT_MISSING", notice.getReason());
            await().atMost(Duration.ofSeconds(30)).until(() -> KafkaTestClients.notices(runs).stream()
                    .anyMatch(n -> n.getKind().equals("HELD") && n.getRunId().equals("run-held") && n.getJobs() == 2));
            assertTrue(KafkaTestClients.notices(runs).stream().noneMatch(n -> n.getRunId().equals("run-flowing")),
                    "the other run was never held");
        } finally {
            delete(tmp);
        }
    }

    private static Optional<JobResult> result(TopicReader<JobResult> results, String jobId) {
        return results.poll().stream().filter(r -> jobId.equals(r.key())).map(ConsumerRecord::value).findFirst();
    }

    private static ImageJob job(String runId, Path root, String rel, Path tmp) throws Exception {
        Path file = Files.createDirectories(root).resolve(rel);
        Files.copy(TestImages.image("jpeg_tiny_lizard_128.jpg"), file);
        return ImageJob.newBuilder()
                .setRunId(runId).setJobId(UUID.randomUUID().toString())
                .setSourceRoot(root.toString()).setRelativePath(rel)
                .setSizeBytes(Files.size(file)).setMtimeMillis(Files.getLastModifiedTime(file).toMillis())
                .setSettings(ConversionSettings.newBuilder().setMaxSize(400).build())
                .setOutputRoot(tmp.resolve("out-" + runId).toString())
                .setEnqueuedAt(Instant.now())
                .build();
    }

    private static void delete(Path dir) throws Exception {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
