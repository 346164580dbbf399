package io.cbn.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.cbn.launcher.Layout;
import io.cbn.launcher.LocalStack;

/**
 * A whole run over SASL_SSL (docs/design.md, Security): the local broker secured, the producer, the aggregator and a
 * worker each with its own SCRAM user and only its own ACLs. The run completes with every photo created, and no
 * password appears in any process's log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureRunIT {
    private Path work;
    private LocalStack stack;
    private RunDriver driver;

    @BeforeAll
    void startSecuredDeployment() throws Exception {
        Corpus.dir();
        work = Files.createTempDirectory("cbn-secure-");
        stack = new LocalStack(new LocalStack.Options(Layout.detect(), work.resolve("logs"), null, 1, 1, 2,
            Duration.ofMinutes(3), true, null, List.of(work))).start();
        driver = new RunDriver(stack, work);
    }

    @AfterAll
    void stop() {
        if (stack != null) stack.close();
    }

    @Test
    void aRunCompletesOverSaslSslAndNoSecretIsLogged() throws Exception {
        Path src = work.resolve("src");
        // a few small photos: the point is the security, not the conversions
        int n = Corpus.copy(src, e -> e.convertible() && (long) e.width() * e.height() <= 300_000).size();
        assertTrue(n > 0, "no small convertible photo in the corpus to run");
        driver.enqueue("secure", src);
        JsonNode s = driver.awaitComplete("secure", Duration.ofMinutes(10));
        assertEquals(n, s.path("processed").asLong(), () -> "summary: " + s);
        assertEquals(n, s.path("created").asLong(), () -> "every photo created over SASL_SSL: " + s);
        String enqueued = Files.readString(work.resolve("enqueue-secure.log"));
        assertFalse(enqueued.contains("cannot read the brokers'"), () -> "the producer may read the brokers' configs: " + enqueued);

        List<String> secrets = new ArrayList<>();
        for (String user : List.of("producer", "worker", "aggregator")) {
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(stack.kafkaConfig(user))) {
                p.load(in);
            }
            assertEquals("SASL_SSL", p.getProperty("security.protocol"));
            secrets.add(p.getProperty("sasl.jaas.config").replaceAll(".*password=\"([^\"]+)\".*", "$1"));
            secrets.add(p.getProperty("ssl.truststore.password"));
        }
        try (Stream<Path> logs = Files.list(work)) {
            for (Path log : Stream.concat(logs, Files.list(work.resolve("logs"))).filter(f -> f.toString().endsWith(".log")).toList()) {
                String text = Files.readString(log);
                for (String secret : secrets) assertFalse(text.contains(secret), "a password was logged in " + log);
            }
        }
    }
}
