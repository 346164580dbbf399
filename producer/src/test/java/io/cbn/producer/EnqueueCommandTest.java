package io.cbn.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input validation: refused before anything touches Kafka (the bootstrap address is unreachable). */
class EnqueueCommandTest {

    private static final String NO_KAFKA = "127.0.0.1:1";

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void missingSourceExitsTwoNamingItAndEnqueuesNothing() {
        int exit = run("--source-paths", tmp.resolve("missing").toString(), "--output-path", tmp.resolve("out").toString());
        assertEquals(2, exit);
        assertEquals("", stdout(), "no RUN line: nothing was started");
        assertTrue(stderr().contains("source path " + tmp.resolve("missing") + " does not exist"), stderr());
    }

    @Test
    void sourceThatIsAFileExitsTwo() throws IOException {
        Path file = Files.writeString(tmp.resolve("x.jpg"), "x");
        assertEquals(2, run("--source-paths", file.toString(), "--output-path", tmp.resolve("out").toString()));
        assertTrue(stderr().contains("is not a directory"), stderr());
    }

    @Test
    void outputInsideSourceExitsTwo() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        assertEquals(2, run("--source-paths", src.toString(), "--output-path", src.resolve("out").toString()));
        assertTrue(stderr().contains("output path " + src.resolve("out") + " is inside source path " + src), stderr());
    }

    @Test
    void commaSeparatedAndRepeatedSourcesAreAllChecked() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        assertEquals(2, run("--source-paths", a + "," + b, "--source-paths", tmp.resolve("c").toString(),
                "--output-path", tmp.resolve("out").toString()));
        assertTrue(stderr().contains("source path " + tmp.resolve("c") + " does not exist"), stderr());
    }

    @Test
    void invalidSettingsAndRunIdExitTwo() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        assertEquals(2, run("--source-paths", src.toString(), "--output-path", tmp.resolve("out").toString(), "--colors", "1"));
        assertTrue(stderr().contains("--colors must be 2..64, got 1"), stderr());
        assertEquals(2, run("--source-paths", src.toString(), "--output-path", tmp.resolve("out").toString(), "--run-id", "../x"));
        assertTrue(stderr().contains("invalid --run-id '../x'"), stderr());
        assertEquals(2, run("--source-paths", src.toString(), "--output-path", tmp.resolve("out").toString(), "--include", "[a-"));
        assertTrue(stderr().contains("invalid glob '[a-'"), stderr());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("--output-path", tmp.toString()));
        assertTrue(stderr().contains("Missing required option: '--source-paths=DIR'"), stderr());
    }

    @Test
    void unreachableKafkaExitsTwoAfterTheRunLine() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.jpg"), "x");
        assertEquals(2, run("--source-paths", src.toString(), "--output-path", tmp.resolve("out").toString(),
                "--run-id", "r1", "--kafka-timeout-ms", "1500"));
        assertEquals("RUN r1\n", stdout());
        assertTrue(stderr().contains("Kafka at " + NO_KAFKA + " did not answer within 1500 ms"), stderr());
        assertTrue(stderr().contains("a secured broker (SASL_SSL) needs its client properties: --kafka-config FILE"), stderr());
    }

    @Test
    void unreachableKafkaWithSecuredClientSettingsDoesNotAskForThem() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.jpg"), "x");
        Path props = Files.writeString(tmp.resolve("client.properties"), "security.protocol=SSL\n");
        assertEquals(2, run("--source-paths", src.toString(), "--output-path", tmp.resolve("out").toString(),
                "--run-id", "r2", "--kafka-timeout-ms", "1500", "--kafka-config", props.toString()));
        assertTrue(stderr().contains("Kafka at " + NO_KAFKA + " did not answer within 1500 ms"), stderr());
        assertFalse(stderr().contains("--kafka-config FILE"), stderr());
    }

    private int run(String... args) {
        String[] withKafka = new String[args.length + 2];
        System.arraycopy(args, 0, withKafka, 0, args.length);
        withKafka[args.length] = "--bootstrap-servers";
        withKafka[args.length + 1] = NO_KAFKA;
        return EnqueueCommand.run(new EnqueueCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false), withKafka);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
