package io.cbn.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cbn.launcher.JavaCommand;
import io.cbn.launcher.Layout;
import io.cbn.launcher.LocalStack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Enqueues runs with the packaged producer and reads what the aggregator wrote, for the multi-process tests. */
final class RunDriver {
    static final ObjectMapper JSON = new ObjectMapper();

    private final LocalStack stack;
    private final Path work;

    RunDriver(LocalStack stack, Path work) {
        this.stack = stack;
        this.work = work;
    }

    Path admin() { return work.resolve("admin"); }

    Path output(String runId) { return work.resolve("out-" + runId); }

    Path runDir(String runId) { return admin().resolve("runs").resolve(runId); }

    /** Runs the producer jar to completion for {@code source}; asserts it exits 0. */
    void enqueue(String runId, Path source) throws Exception {
        Layout layout = Layout.detect();
        List<String> cmd = new JavaCommand(layout.require(layout.producerJar())).jvm("-Xmx256m")
            .arg("--bootstrap-servers", stack.bootstrapServers(), "--run-id", runId, "--source-paths", source.toString(),
                "--output-path", output(runId).toString(), "--admin-path", admin().toString(), "--quiet")
            .args(stack.kafkaConfig("producer") == null ? List.of() : List.of("--kafka-config", stack.kafkaConfig("producer").toString()))
            .toList();
        Path log = work.resolve("enqueue-" + runId + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertEquals(0, p.waitFor(), () -> "producer failed: " + read(log));
    }

    Optional<JsonNode> summary(String runId) {
        Path f = runDir(runId).resolve("summary.json");
        try {
            return Files.isRegularFile(f) ? Optional.of(JSON.readTree(f.toFile())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    JsonNode awaitComplete(String runId, Duration atMost) {
        await("run " + runId + " COMPLETE").atMost(atMost).pollInterval(Duration.ofMillis(500))
            .until(() -> summary(runId).map(s -> s.path("state").asText()).orElse(""), "COMPLETE"::equals);
        return summary(runId).orElseThrow();
    }

    List<JsonNode> items(String runId) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(runDir(runId).resolve("items.jsonl")))
            if (!line.isBlank()) out.add(JSON.readTree(line));
        return out;
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "(unreadable " + f + ")";
        }
    }
}
