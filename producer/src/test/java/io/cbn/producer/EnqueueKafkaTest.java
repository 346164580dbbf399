package io.cbn.producer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.cbn.deploy.broker.KafkaBrokerExtension;
import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobIds;
import io.cbn.schemas.RunEvent;
import io.cbn.schemas.RunEventType;
import io.cbn.schemas.codec.ImageJobDeserializer;
import io.cbn.schemas.codec.RunEventDeserializer;

/** ./cbn enqueue against a real single-node KRaft broker that has no topics yet. */
class EnqueueKafkaTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension(Map.of());

    @TempDir
    Path tmp;

    private Path photos;
    private Path more;
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String jobsTopic = "test.jobs." + suffix;
    private final String runsTopic = "test.runs." + suffix;

    @BeforeEach
    void tree() throws IOException {
        photos = tmp.resolve("photos");
        more = tmp.resolve("more");
        for (int i = 0; i < 25; i++) {
            write(photos, "y" + (2000 + i % 4) + "/img" + i + ".jpg");
        }
        write(photos, "readme.txt");
        write(photos, ".DS_Store");
        write(photos, "raw/skip.jpg");
        write(more, "x.png");
        Files.createSymbolicLink(photos.resolve("broken.jpg"), tmp.resolve("nowhere.jpg"));
    }

    @Test
    void enqueuesOpenedJobsAndSealedWithTheExactCount() throws Exception {
        String runId = "it-" + UUID.randomUUID().toString().substring(0, 8);
        Result result = enqueue("--run-id", runId, "--exclude", "raw/**", "--colors", "12", "--partitions", "6");

        assertEquals(0, result.exit, result.stderr);
        assertEquals(List.of("RUN " + runId, "ENQUEUED 27 EXCLUDED 1 WALK_ERRORS 1 RUN " + runId), result.stdoutLines(), result.stderr);
        assertTrue(result.stderr.contains(photos.resolve("broken.jpg") + ": dangling symbolic link"), result.stderr);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            var topics = admin.describeTopics(List.of(jobsTopic, runsTopic)).allTopicNames().get();
            assertEquals(6, topics.get(jobsTopic).partitions().size());
            assertEquals(1, topics.get(runsTopic).partitions().size());
        }

        List<ConsumerRecord<String, RunEvent>> events = read(runsTopic, new RunEventDeserializer(), 2);
        RunEvent opened = events.get(0).value();
        assertEquals(RunEventType.OPENED, opened.getType());
        assertEquals(runId, events.get(0).key());
        assertEquals(List.of(photos.toString(), more.toString()), opened.getSourcePaths());
        assertEquals(tmp.resolve("out").toString(), opened.getOutputPath());
        assertEquals(tmp.resolve("admin").toString(), opened.getAdminPath());
        assertEquals(12, opened.getSettings().getColors());
        RunEvent sealed = events.get(1).value();
        assertEquals(RunEventType.SEALED, sealed.getType());
        assertEquals(27L, sealed.getExpectedJobs());
        assertEquals(1L, sealed.getExcludedFiles());
        assertEquals(List.of(photos.resolve("broken.jpg") + ": dangling symbolic link"), sealed.getWalkErrors());

        List<ConsumerRecord<String, ImageJob>> jobs = read(jobsTopic, new ImageJobDeserializer(), 27);
        assertEquals(27, jobs.size());
        Set<String> paths = new HashSet<>();
        for (ConsumerRecord<String, ImageJob> record : jobs) {
            ImageJob job = record.value();
            assertEquals(job.getJobId(), record.key());
            assertEquals(runId, job.getRunId());
            assertEquals(JobIds.jobId(runId, job.getSourceRoot(), job.getRelativePath()), job.getJobId());
            // two roots: each root's templates under its own subfolder (OutputLayout)
            assertEquals(tmp.resolve("out") + "/./" + Path.of(job.getSourceRoot()).getFileName(), job.getOutputRoot());
            assertEquals(12, job.getSettings().getColors());
            Path file = Path.of(job.getSourceRoot()).resolve(job.getRelativePath());
            assertEquals(Files.size(file), job.getSizeBytes());
            assertEquals(Files.getLastModifiedTime(file).toMillis(), job.getMtimeMillis());
            paths.add(job.getSourceRoot() + "|" + job.getRelativePath());
        }
        assertEquals(27, paths.size(), "one job per file");
        assertTrue(paths.contains(photos + "|y2003/img3.jpg"));
        assertTrue(paths.contains(photos + "|readme.txt"), "non-images are enqueued; the worker rejects them");
        assertTrue(paths.contains(more + "|x.png"));
        // dealt out round-robin: 27 jobs over 6 partitions = 4 or 5 each (a key hash gives 1-8 on such a run)
        Map<Integer, Long> perPartition = jobs.stream().collect(Collectors.groupingBy(ConsumerRecord::partition, Collectors.counting()));
        assertEquals(6, perPartition.size(), perPartition.toString());
        assertTrue(perPartition.values().stream().allMatch(c -> c == 4 || c == 5), perPartition.toString());
    }

    @Test
    void reEnqueueingARunSendsTheSameJobIdsAndTheSameSealedCount() throws Exception {
        String runId = "again-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(0, enqueue("--run-id", runId).exit);
        assertEquals(0, enqueue("--run-id", runId).exit);

        List<RunEvent> sealed = read(runsTopic, new RunEventDeserializer(), 4).stream().map(ConsumerRecord::value)
                .filter(e -> e.getRunId().equals(runId) && e.getType() == RunEventType.SEALED).toList();
        assertEquals(2, sealed.size());
        assertEquals(sealed.get(0).getExpectedJobs(), sealed.get(1).getExpectedJobs());

        List<ImageJob> jobs = read(jobsTopic, new ImageJobDeserializer(), 56).stream().map(ConsumerRecord::value)
                .filter(j -> j.getRunId().equals(runId)).toList();
        long distinct = jobs.stream().map(ImageJob::getJobId).distinct().count();
        assertEquals(2 * distinct, jobs.size(), "every job id sent exactly twice");
        assertEquals(sealed.get(0).getExpectedJobs(), distinct);
    }

    @Test
    void nothingIsEnqueuedWhenASourceIsMissing() throws Exception {
        Result result = enqueue("--run-id", "never", "--source-paths", tmp.resolve("missing").toString());
        assertEquals(2, result.exit);
        assertEquals("", result.stdout);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            Set<String> names = admin.listTopics().names().get();
            assertFalse(names.contains(jobsTopic) || names.contains(runsTopic), "refused before touching Kafka: " + names);
        }
    }

    @Test
    void anOutOfRangeSettingIsRefusedBeforeAnythingIsPublished() throws Exception {
        Result result = enqueue("--run-id", "colors-100", "--colors", "100");
        assertEquals(2, result.exit, result.stderr);
        assertTrue(result.stderr.contains("--colors must be 2..64, got 100"), result.stderr);
        assertEquals("", result.stdout, "no RUN line: nothing started");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            Set<String> names = admin.listTopics().names().get();
            assertFalse(names.contains(jobsTopic) || names.contains(runsTopic), "refused before touching Kafka: " + names);
        }
    }

    /**
     * A producer process whose environment has no LANG (usual in containers: file names decode as ASCII) enqueues
     * a Latin-1 name by its bytes and a UTF-8 name by its true text, each with its own job id.
     */
    @Test
    void aProducerWithoutLangEnqueuesLatin1AndUtf8NamesTruthfully() throws Exception {
        Path names = Files.createDirectories(tmp.resolve("names"));
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xE9, '.', 'p', 'n', 'g'};
        Files.write(FileNames.pathOf(concat((names + "/").getBytes(StandardCharsets.UTF_8), latin1)), new byte[] {1, 2});
        Files.write(names.resolve("na\u00efve.png"), new byte[] {3});
        Files.write(names.resolve("plain.png"), new byte[] {4});
        String runId = "nolang-" + suffix;

        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EnqueueCommand.class.getName(),
                "--source-paths", names.toString(), "--output-path", tmp.resolve("out").toString(),
                "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-jobs", jobsTopic, "--topic-runs", runsTopic,
                "--run-id", runId, "--quiet");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.equals("LANG") || k.startsWith("LC_"));
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        assertTrue(output.contains("ENQUEUED 3 EXCLUDED 0 WALK_ERRORS 0 RUN " + runId), output);

        Map<String, ImageJob> byPath = read(jobsTopic, new ImageJobDeserializer(), 3).stream().map(ConsumerRecord::value)
                .filter(j -> j.getRunId().equals(runId)).collect(Collectors.toMap(ImageJob::getRelativePath, j -> j));
        assertEquals(Set.of("caf%E9.png", "na\u00efve.png", "plain.png"), byPath.keySet(), "readable names");
        ImageJob cafe = byPath.get("caf%E9.png");
        assertTrue(cafe.getRelativePathBytes() != null, "the raw bytes travel with the job");
        byte[] carried = new byte[cafe.getRelativePathBytes().remaining()];
        cafe.getRelativePathBytes().duplicate().get(carried);
        assertArrayEquals(latin1, carried);
        assertTrue(Files.isRegularFile(FileNames.pathOf(concat((cafe.getSourceRoot() + "/").getBytes(StandardCharsets.UTF_8), carried))),
                "the bytes name the file");
        assertEquals(2, cafe.getSizeBytes());
        ImageJob naive = byPath.get("na\u00efve.png");
        assertEquals(null, naive.getRelativePathBytes(), "valid UTF-8: the name itself, no bytes");
        assertEquals(JobIds.jobId(runId, naive.getSourceRoot(), "na\u00efve.png"), naive.getJobId());
        assertEquals(1, naive.getSizeBytes());
        assertEquals(3, byPath.values().stream().map(ImageJob::getJobId).distinct().count(), "no two files share a job id");
        assertEquals(tmp.resolve("out").toString(), naive.getOutputRoot(), "one root: no per-root subfolder");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private Result enqueue(String... extra) {
        List<String> args = new ArrayList<>(List.of("--source-paths", photos + "," + more,
                "--output-path", tmp.resolve("out").toString(), "--admin-path", tmp.resolve("admin").toString(),
                "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-jobs", jobsTopic, "--topic-runs", runsTopic));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = EnqueueCommand.run(new EnqueueCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false), args.toArray(String[]::new));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Everything on the topic from the beginning: at least {@code atLeast} records, then until it is quiet. */
    private <T> List<ConsumerRecord<String, T>> read(String topic, Deserializer<T> deserializer, int atLeast) {
        List<ConsumerRecord<String, T>> records = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= atLeast && consumer.assignment().size() > 0
                        && consumer.assignment().stream().allMatch(tp -> consumer.position(tp) >= consumer.endOffsets(List.of(tp)).get(tp));
            });
        }
        return records;
    }

    private static void write(Path root, String relative) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "content of " + relative);
    }

    private record Result(int exit, String stdout, String stderr) {
        List<String> stdoutLines() {
            return stdout.lines().toList();
        }
    }
}
