package io.cbn.deploy.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs BrokerMain as its own process, as {@code ./cbn broker} and {@code ./cbn run} do. */
class BrokerMainTest {

    @Test
    void printsReadyWithTopicsAndStopsCleanlyOnSigterm(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("data");
        Process process = new ProcessBuilder(javaCommand("--port", "0", "--data-dir", dataDir.toString(), "--partitions", "4"))
                .redirectError(tmp.resolve("stderr.log").toFile())
                .start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> readLine(stdout));
            String line = ready.get(60, TimeUnit.SECONDS);
            assertTrue(line.matches("BROKER READY 127\\.0\\.0\\.1:\\d+"), line);
            String bootstrap = line.substring("BROKER READY ".length());

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                var topics = admin.describeTopics(Topics.names()).allTopicNames().get();
                assertEquals(4, topics.get(Topics.JOBS).partitions().size());
                assertEquals(4, topics.get(Topics.JOBS_RETRY).partitions().size());
                assertEquals(4, topics.get(Topics.RESULTS).partitions().size());
                assertEquals(1, topics.get(Topics.RUNS).partitions().size());
                assertEquals(1, topics.get(Topics.JOBS_DLQ).partitions().size());
            }

            process.destroy(); // SIGTERM
            await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
            assertEquals(143, process.exitValue(), "terminated by SIGTERM after the shutdown hook ran");
            String stderr = Files.readString(tmp.resolve("stderr.log"));
            assertTrue(stderr.contains("stopped"), stderr);
            assertTrue(Files.isRegularFile(dataDir.resolve("meta.properties")), "persistent data dir kept");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void exitsTwoWhenThePortIsTaken(@TempDir Path tmp) throws Exception {
        try (LocalKafkaBroker kafka = LocalKafkaBroker.start()) {
            Process process = new ProcessBuilder(javaCommand("--port", String.valueOf(kafka.port()),
                    "--data-dir", tmp.resolve("data").toString()))
                    .redirectErrorStream(true).start();
            try {
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(process.waitFor(60, TimeUnit.SECONDS));
                assertEquals(2, process.exitValue(), output);
                assertTrue(output.contains("cbn broker: cannot start"), output);
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private static List<String> javaCommand(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), BrokerMain.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
