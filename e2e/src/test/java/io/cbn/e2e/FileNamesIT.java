package io.cbn.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.cbn.launcher.JavaCommand;
import io.cbn.launcher.Layout;
import io.cbn.launcher.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every file name (issue 9 item 5, docs/design.md, Messages): a Latin-1 name and a UTF-8 name enqueued by a producer
 * process whose environment has no LANG, {@code a.jpg} next to {@code a.JPG}, and two source roots holding the same
 * relative path all end CREATED with their own templates, through the packaged producer, a real broker, a worker and
 * the aggregator as separate processes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileNamesIT {

    private Path work;
    private LocalStack stack;
    private RunDriver driver;

    @BeforeAll
    void startDeployment() throws Exception {
        work = Files.createTempDirectory("cbn-e2e-names-");
        stack = new LocalStack(new LocalStack.Options(Layout.detect(), work.resolve("logs"), null, 1, 2, 2, Duration.ofMinutes(3))).start();
        driver = new RunDriver(stack, work);
    }

    @AfterAll
    void stopDeployment() {
        if (stack != null) stack.close();
    }

    @Test
    void everyNameEndsCreatedWithItsOwnTemplates() throws Exception {
        Path photo = Path.of(System.getProperty("cbn.home", ".")).resolve("samples/images/jpeg_tiny_lizard_128.jpg");
        byte[] image = Files.readAllBytes(photo);
        Path names = Files.createDirectories(work.resolve("names"));
        Path other = Files.createDirectories(work.resolve("other"));
        Files.write(byBytes(names, new byte[] {'c', 'a', 'f', (byte) 0xE9, '.', 'j', 'p', 'g'}), image);
        Files.write(names.resolve("na\u00efve.jpg"), image);
        Files.write(names.resolve("a.jpg"), image);
        Files.write(names.resolve("a.JPG"), image);
        Files.write(other.resolve("a.jpg"), image);

        String runId = "names";
        Path out = driver.output(runId);
        List<String> cmd = new JavaCommand(Layout.detect().require(Layout.detect().producerJar())).jvm("-Xmx256m")
            .arg("--bootstrap-servers", stack.bootstrapServers(), "--run-id", runId, "--source-paths", names + "," + other,
                "--output-path", out.toString(), "--admin-path", driver.admin().toString(), "--quiet")
            .toList();
        Path log = work.resolve("enqueue-" + runId + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.equals("LANG") || k.startsWith("LC_")); // as in many containers
        Process p = pb.start();
        assertEquals(0, p.waitFor(), () -> "producer failed: " + RunDriver.read(log));

        JsonNode s = driver.awaitComplete(runId, Duration.ofMinutes(5));
        assertEquals(5, s.path("expected").asLong(), s::toString);
        assertEquals(5, s.path("created").asLong(), s::toString);
        assertFalse(s.path("qaIssues").path("byCategory").has("Output Path Collision"), s::toString);
        assertEquals(0, s.path("invariantViolations").size(), s::toString);

        Map<String, JsonNode> bySource = new HashMap<>();
        for (JsonNode it : driver.items(runId)) bySource.put(it.path("sourcePath").asText(), it);
        assertEquals(5, bySource.size(), bySource::toString);
        assertEquals("CREATED", bySource.get(names + "/caf%E9.jpg").path("outcome").asText(), bySource::toString);
        assertEquals("CREATED", bySource.get(names + "/na\u00efve.jpg").path("outcome").asText(), bySource::toString);
        for (String svg : List.of("names/caf%E9.svg", "names/na\u00efve.svg", "names/a.jpg.svg", "names/a.JPG.svg", "other/a.svg")) {
            assertTrue(Files.isRegularFile(out.resolve(svg)), svg + " under " + out + ": " + bySource);
        }
    }

    /** A path from raw bytes whatever the JVM's file name encoding (the file: URI carries them). */
    private static Path byBytes(Path dir, byte[] name) {
        StringBuilder uri = new StringBuilder("file://");
        byte[] d = (dir.toAbsolutePath() + "/").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[d.length + name.length];
        System.arraycopy(d, 0, all, 0, d.length);
        System.arraycopy(name, 0, all, d.length, name.length);
        for (byte value : all) {
            int b = value & 0xFF;
            if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '/' || b == '.' || b == '-' || b == '_') {
                uri.append((char) b);
            } else {
                uri.append('%').append(String.format("%02X", b));
            }
        }
        return Path.of(URI.create(uri.toString()));
    }
}
