package io.cbn.producer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cbn.deploy.broker.KafkaBrokerExtension;
import io.cbn.schemas.ImageJob;
import io.cbn.schemas.RunEvent;
import io.cbn.schemas.RunEventType;
import io.cbn.schemas.RunNotice;
import io.cbn.schemas.codec.AvroCodec;

/** ./cbn cancel and ./cbn retry against a real broker. */
class CancelRetryKafkaTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension(Map.of());

    @TempDir
    Path tmp;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String jobsTopic = "cr.jobs." + suffix;
    private final String runsTopic = "cr.runs." + suffix;

    @Test
    void cancelPublishesACancelNoticeForTheRun() throws Exception {
        assertEquals(0, enqueue("--source-paths", Files.createDirectories(tmp.resolve("empty")).toString(), "--run-id", "to-cancel").exit);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CancelCommand.run(new CancelCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), java.time.Clock.systemUTC()),
                new String[] {"--run-id", "to-cancel", "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-runs", runsTopic});
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        assertEquals("CANCEL to-cancel", out.toString(StandardCharsets.UTF_8).strip());

        AvroCodec<RunNotice> notices = AvroCodec.of(RunNotice.class);
        List<RunNotice> found = readRuns(3).stream().filter(r -> notices.recognises(r.value())).map(r -> notices.decode(r.value())).toList();
        assertEquals(1, found.size());
        RunNotice n = found.get(0);
        assertEquals("to-cancel", n.getRunId());
        assertEquals("CANCEL", n.getKind());
        assertEquals("cli", n.getOrigin());
    }

    @Test
    void cancelRefusesABadRunIdAndSendsNothing() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CancelCommand.run(new CancelCommand(System.out, new PrintStream(err, true, StandardCharsets.UTF_8), java.time.Clock.systemUTC()),
                new String[] {"--run-id", "../x", "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-runs", runsTopic});
        assertEquals(2, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("invalid --run-id"));
    }

    @Test
    void retryEnqueuesTheSelectedItemsAsANewRunThatNamesTheOriginal() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xE9, '.', 'p', 'n', 'g'};
        byte[] root = (src + "/").getBytes(StandardCharsets.UTF_8);
        byte[] full = new byte[root.length + latin1.length];
        System.arraycopy(root, 0, full, 0, root.length);
        System.arraycopy(latin1, 0, full, root.length, latin1.length);
        Files.write(FileNames.pathOf(full), new byte[] {1, 2, 3});
        for (String f : List.of("a.png", "b.png", "c.png")) Files.writeString(src.resolve(f), f);
        String original = "orig-" + suffix;
        assertEquals(0, enqueue("--source-paths", src.toString(), "--run-id", original, "--max-size", "800").exit);
        List<ImageJob> jobs = readJobs(4).stream().filter(j -> j.getRunId().equals(original)).toList();
        assertEquals(4, jobs.size());

        // the aggregator's items.jsonl of the original run: a and café FAILED, b REJECTED, c CREATED
        Map<String, String> outcome = Map.of("a.png", "FAILED:IO_ERROR", "caf%E9.png", "FAILED:DECODE_ERROR", "b.png", "REJECTED:TOO_SMALL",
                "c.png", "CREATED:");
        ObjectMapper json = new ObjectMapper();
        Path runDir = Files.createDirectories(tmp.resolve("admin/runs/" + original));
        List<String> lines = new ArrayList<>();
        for (ImageJob j : jobs) {
            String[] o = outcome.get(j.getRelativePath()).split(":", -1);
            ObjectNode line = json.createObjectNode().put("jobId", j.getJobId()).put("sourcePath", j.getSourceRoot() + "/" + j.getRelativePath())
                    .put("outcome", o[0]).put("relativePath", j.getRelativePath());
            if (o[1].isEmpty()) line.putNull("reason"); else line.put("reason", o[1]);
            lines.add(json.writeValueAsString(line));
        }
        Files.write(runDir.resolve("items.jsonl"), lines);

        Result r = retry("--run-id", original, "--new-run-id", "retry1-" + suffix, "--colors", "12");
        assertEquals(0, r.exit, r.stderr);
        assertEquals(List.of("RUN retry1-" + suffix, "RETRY 2 OF " + original + " RUN retry1-" + suffix), r.stdout.lines().toList());

        RunEvent opened = runEvents().stream().filter(e -> e.getRunId().equals("retry1-" + suffix) && e.getType() == RunEventType.OPENED)
                .findFirst().orElseThrow();
        assertEquals(original, opened.getRetryOf());
        assertEquals(List.of(src.toString()), opened.getSourcePaths());
        assertEquals(12, opened.getSettings().getColors(), "the option given replaces the original's value");
        assertEquals(800, opened.getSettings().getMaxSize(), "the original's other settings are kept");
        RunEvent sealed = runEvents().stream().filter(e -> e.getRunId().equals("retry1-" + suffix) && e.getType() == RunEventType.SEALED)
                .findFirst().orElseThrow();
        assertEquals(2L, sealed.getExpectedJobs());

        Map<String, ImageJob> retried = readJobs(6).stream().filter(j -> j.getRunId().equals("retry1-" + suffix))
                .collect(Collectors.toMap(ImageJob::getRelativePath, j -> j));
        assertEquals(java.util.Set.of("a.png", "caf%E9.png"), retried.keySet());
        assertNull(retried.get("a.png").getRelativePathBytes());
        byte[] carried = new byte[retried.get("caf%E9.png").getRelativePathBytes().remaining()];
        retried.get("caf%E9.png").getRelativePathBytes().duplicate().get(carried);
        assertArrayEquals(latin1, carried, "the Latin-1 name travels as bytes again");
        assertEquals(3, retried.get("caf%E9.png").getSizeBytes());

        Result byReason = retry("--run-id", original, "--new-run-id", "retry2-" + suffix, "--outcome", "FAILED,REJECTED", "--reason", "TOO_SMALL");
        assertEquals(0, byReason.exit, byReason.stderr);
        assertTrue(byReason.stdout.contains("RETRY 1 OF " + original), byReason.stdout);

        Result none = retry("--run-id", original, "--new-run-id", "retry3-" + suffix, "--reason", "TIMEOUT");
        assertEquals(0, none.exit, none.stderr);
        assertEquals("RETRY 0 OF " + original, none.stdout.strip(), "nothing selected: no run");

        Result bad = retry("--run-id", original, "--new-run-id", "retry4-" + suffix, "--colors", "100");
        assertEquals(2, bad.exit);
        assertTrue(bad.stderr.contains("--colors must be 2..64, got 100"), bad.stderr);
        assertEquals("", bad.stdout);

        Result missing = retry("--run-id", "no-such-run", "--new-run-id", "retry5-" + suffix);
        assertEquals(2, missing.exit);
        assertTrue(missing.stderr.contains("runs/no-such-run/items.jsonl does not exist"), missing.stderr);
    }

    private Result enqueue(String... extra) {
        List<String> args = new ArrayList<>(List.of("--output-path", tmp.resolve("out").toString(), "--admin-path", tmp.resolve("admin").toString(),
                "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-jobs", jobsTopic, "--topic-runs", runsTopic, "--quiet"));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = EnqueueCommand.run(new EnqueueCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false), args.toArray(String[]::new));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Result retry(String... extra) {
        List<String> args = new ArrayList<>(List.of("--admin-path", tmp.resolve("admin").toString(),
                "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-jobs", jobsTopic, "--topic-runs", runsTopic));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = RetryCommand.run(new RetryCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)), args.toArray(String[]::new));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private List<RunEvent> runEvents() {
        AvroCodec<RunEvent> codec = AvroCodec.of(RunEvent.class);
        return readRuns(1).stream().filter(r -> codec.recognises(r.value())).map(r -> codec.decode(r.value())).toList();
    }

    private List<ImageJob> readJobs(int atLeast) {
        AvroCodec<ImageJob> codec = AvroCodec.of(ImageJob.class);
        return read(jobsTopic, atLeast).stream().map(r -> codec.decode(r.value())).toList();
    }

    private List<ConsumerRecord<String, byte[]>> readRuns(int atLeast) {
        return read(runsTopic, atLeast);
    }

    private List<ConsumerRecord<String, byte[]>> read(String topic, int atLeast) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= atLeast && !consumer.assignment().isEmpty()
                        && consumer.assignment().stream().allMatch(tp -> consumer.position(tp) >= consumer.endOffsets(List.of(tp)).get(tp));
            });
        }
        return records;
    }

    private record Result(int exit, String stdout, String stderr) {
    }
}
