package io.cbn.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.cbn.launcher.Layout;
import io.cbn.launcher.LocalStack;
import io.cbn.launcher.ManagedProcess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline as separate processes: a KRaft broker, the aggregator and two workers from the packaged jars,
 * runs enqueued by the packaged producer. One deployment serves the runs of this class, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {
    /** Malformed corpus files whose reason is certain; the others may be TOO_SMALL, DECODE_ERROR or UNSUPPORTED_FORMAT. */
    private static final Map<String, String> EXACT_REASON = Map.of(
        "bomb_gif_65535x66601.gif", "TOO_LARGE",
        "bomb_bmp_3000000x2000000.bmp", "TOO_LARGE",
        "bad_webp_empty.webp", "UNSUPPORTED_FORMAT",
        "bad_png_zlib.png", "DECODE_ERROR",
        "bad_jpeg_progressive_truncated.jpeg", "DECODE_ERROR");
    private static final Set<String> MALFORMED_REASONS = Set.of("TOO_SMALL", "TOO_LARGE", "DECODE_ERROR", "UNSUPPORTED_FORMAT");

    private Path work;
    private LocalStack stack;
    private RunDriver driver;

    @BeforeAll
    void startDeployment() throws Exception {
        Corpus.dir();
        work = Files.createTempDirectory("cbn-e2e-");
        stack = new LocalStack(new LocalStack.Options(Layout.detect(), work.resolve("logs"), null, 2, 1, 12, Duration.ofMinutes(3))).start();
        driver = new RunDriver(stack, work);
    }

    @AfterAll
    void stopDeployment() {
        if (stack != null) stack.close();
    }

    @Test
    @Order(1)
    void theWholeCorpusIsAccountedForExactly() throws Exception {
        Path src = work.resolve("src-corpus");
        List<Corpus.Entry> files = Corpus.copy(src, e -> true);
        assertEquals(42, files.size(), "the corpus manifest lists 42 files");
        driver.enqueue("corpus", src);
        JsonNode s = driver.awaitComplete("corpus", Duration.ofMinutes(15));

        assertEquals(42, s.path("expected").asLong());
        assertEquals(42, s.path("processed").asLong());
        assertEquals(0, s.path("outstanding").asLong());
        assertEquals(s.path("processed").asLong(), s.path("created").asLong() + s.path("rejected").asLong() + s.path("failed").asLong());
        assertEquals(0, s.path("invariantViolations").size(), () -> "violations: " + s.path("invariantViolations"));

        List<JsonNode> items = driver.items("corpus");
        assertEquals(42, items.size());
        Map<String, JsonNode> byFile = new HashMap<>();
        for (JsonNode it : items) byFile.put(Path.of(it.path("sourcePath").asText()).getFileName().toString(), it);
        for (Corpus.Entry e : files) {
            JsonNode it = byFile.get(e.file());
            String where = e.file() + " -> " + it;
            String outcome = it.path("outcome").asText(), reason = it.path("reason").asText();
            if (e.convertible()) {
                assertEquals("CREATED", outcome, where);
                assertEquals(5, it.path("outputs").size(), where); // svg, template and preview png, palette json, pdf
                assertOutputsOnDisk("corpus", it);
            } else if (!e.malformed()) {
                assertEquals("REJECTED", outcome, where);
                assertEquals("TOO_SMALL", reason, where);
            } else {
                assertNotEquals("CREATED", outcome, where);
                assertTrue(MALFORMED_REASONS.contains(reason), where);
                if (EXACT_REASON.containsKey(e.file())) assertEquals(EXACT_REASON.get(e.file()), reason, where);
            }
            assertFalse(it.path("workerBuild").asText().isBlank(), "every result names the worker build: " + where);
        }
        assertSummaryTextAgrees("corpus", s);
    }

    @Test
    @Order(2)
    void aMessageOfRandomBytesGoesToTheDeadLetterTopic() throws Exception {
        byte[] garbage = new byte[64];
        new Random(42).nextBytes(garbage);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            p.send(new ProducerRecord<>("cbn.jobs", "garbage".getBytes(StandardCharsets.UTF_8), garbage)).get();
        }
        Path src = work.resolve("src-dlq");
        Corpus.copy(src, e -> e.file().equals("jpeg_tiny_lizard_128.jpg") || e.file().equals("gif_person_jim.gif"));
        driver.enqueue("dlq", src);
        JsonNode s = driver.awaitComplete("dlq", Duration.ofMinutes(5));
        assertEquals(2, s.path("created").asLong());

        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-dlq-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            c.subscribe(List.of("cbn.jobs.dlq"));
            List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
            await("the random bytes on cbn.jobs.dlq").atMost(Duration.ofMinutes(1)).until(() -> {
                c.poll(Duration.ofMillis(500)).forEach(r -> { if (Arrays.equals(garbage, r.value())) found.add(r); });
                return !found.isEmpty();
            });
            StringBuilder headers = new StringBuilder();
            for (Header h : found.get(0).headers()) headers.append(h.key()).append('=').append(new String(h.value(), StandardCharsets.UTF_8)).append("; ");
            assertTrue(headers.toString().toLowerCase().contains("reason"), "the dead letter carries its reason: " + headers);
        }
    }

    @Test
    @Order(3)
    void anUnwritableOutputRootHoldsItsJobsWithoutFailingThemOrStoppingTheWorkers() throws Exception {
        Path src = work.resolve("src-fault");
        int n = 0;
        for (String copy : List.of("a", "b")) n += Corpus.copy(src.resolve(copy), Corpus.Entry::convertible).size();
        int expected = n;
        Path out = driver.output("fault");
        Files.createDirectories(out);
        driver.enqueue("fault", src);
        await("the run under way").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
            .until(() -> driver.summary("fault").map(s -> s.path("processed").asLong()).orElse(0L) >= 1);

        // mid-run the output root stops being a directory (tests run as root: chmod would not stop writes). A fault of
        // one root holds that root's jobs only (docs/design.md, "Faults, holds and poison jobs"): parked on the retry
        // topic, shown as held in the run's summary, nothing FAILED, and the workers stay ready for other runs' jobs
        Path aside = work.resolve("out-fault-aside");
        Files.move(out, aside);
        Files.writeString(out, "not a directory");
        await("the run shows its output root held").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
            .until(() -> driver.summary("fault").map(s -> {
                for (JsonNode h : s.path("held"))
                    if (h.path("reason").asText().equals("OUTPUT_ROOT_UNWRITABLE") && h.path("jobs").asLong() >= 1) return true;
                return false;
            }).orElse(false));
        JsonNode during = driver.summary("fault").orElseThrow();
        assertEquals(0, during.path("failed").asLong(), () -> "no job is marked FAILED for a held root: " + during);
        assertTrue(during.path("processed").asLong() < expected, () -> "the backlog is held, not burnt through: " + during);
        assertEquals(200, ManagedProcess.httpStatus(stack.workerUrl(0) + "/q/health/ready"), "a held root is no reason to stop a worker");
        assertEquals(200, ManagedProcess.httpStatus(stack.workerUrl(1) + "/q/health/ready"), "a held root is no reason to stop a worker");

        Files.delete(out);
        Files.move(aside, out);
        JsonNode s = driver.awaitComplete("fault", Duration.ofMinutes(10));
        assertEquals(expected, s.path("created").asLong(), () -> "every held job created once the fault cleared: " + s);
        assertEquals(0, s.path("failed").asLong());
        for (JsonNode it : driver.items("fault")) assertOutputsOnDisk("fault", it);
    }

    @Test
    @Order(4)
    void aWorkerKilledMidRunLosesNothingAndCountsNothingTwice() throws Exception {
        Path src = work.resolve("src-kill");
        int n = 0;
        for (String copy : List.of("a", "b")) n += Corpus.copy(src.resolve(copy), Corpus.Entry::convertible).size();
        driver.enqueue("kill", src);
        await("some progress before the kill").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
            .until(() -> driver.summary("kill").map(s -> s.path("processed").asLong()).orElse(0L) >= 3);
        ManagedProcess victim = stack.workers().get(0);
        victim.kill(); // SIGKILL: no drain, no commit
        int replacement = stack.startWorkerProcess();
        stack.awaitWorkerReady(replacement);

        JsonNode s = driver.awaitComplete("kill", Duration.ofMinutes(15));
        assertEquals(n, s.path("expected").asLong());
        assertEquals(n, s.path("processed").asLong());
        assertEquals(n, s.path("created").asLong(), () -> "every photo created: " + s);
        List<JsonNode> items = driver.items("kill");
        Set<String> ids = new HashSet<>();
        for (JsonNode it : items) {
            assertTrue(ids.add(it.path("jobId").asText()), "a job listed twice: " + it);
            assertOutputsOnDisk("kill", it);
        }
        assertEquals(n, ids.size());
        assertTrue(s.path("duplicatesIgnored").asLong() >= 0);
        assertSummaryTextAgrees("kill", s);
    }

    private void assertOutputsOnDisk(String runId, JsonNode item) throws Exception {
        for (JsonNode o : item.path("outputs")) {
            Path f = driver.output(runId).resolve(o.path("path").asText());
            assertTrue(Files.isRegularFile(f), "output listed but missing: " + f);
            assertEquals(o.path("sha256").asText(), RunDriver.sha256(f), "sha256 of " + f);
            assertEquals(o.path("bytes").asLong(), Files.size(f), "size of " + f);
        }
    }

    private void assertSummaryTextAgrees(String runId, JsonNode s) throws Exception {
        String txt = Files.readString(driver.runDir(runId).resolve("summary.txt"));
        assertEquals(s.path("processed").asLong() + "/" + s.path("expected").asLong(), number(txt, "Items Processed: ([\\d,]+/[\\d,]+)"));
        assertEquals(String.valueOf(s.path("failed").asLong()), number(txt, "Failed Items: ([\\d,]+)"));
        assertEquals(String.valueOf(s.path("rejected").asLong()), number(txt, "Rejected Items: ([\\d,]+)"));
        assertEquals(String.valueOf(s.path("qaIssues").path("total").asLong()), number(txt, "Total QA Issues: ([\\d,]+)"));
        assertEquals(s.path("created").asLong() + "/" + s.path("expected").asLong(), number(txt, "Files Successfully Created: ([\\d,]+/[\\d,]+)"));
    }

    private static String number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "summary.txt has no line matching " + regex + ":\n" + text);
        return m.group(1).replace(",", "");
    }
}
