package io.cbn.producer;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import picocli.CommandLine.Option;

/**
 * {@code --kafka-config FILE}: a standard Kafka client properties file (security.protocol, sasl.*, ssl.*), applied to
 * every Kafka client this command makes (docs/design.md, Security). A picocli mixin of {@code cbn enqueue},
 * {@code cbn cancel} and {@code cbn retry}. One command runs per process, so the loaded settings are held for the
 * command's clients in one place ({@link #applyTo}); {@code bootstrap.servers} in the file is ignored in favour of
 * {@code --bootstrap-servers}. Values are never logged: they hold passwords.
 */
public final class KafkaClientSettings {

    private static volatile Map<String, Object> current = Map.of();

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties file (security.protocol, sasl.*, ssl.*) for every client of this command.")
    Path file;

    /** Loads the file (or nothing) as the settings of this command's clients. */
    void load() {
        current = Map.copyOf(from(System.getenv(), file));
    }

    /** The settings of environment {@code env} (its KAFKA_* variables) and then {@code file} (null: none). */
    static Map<String, Object> from(Map<String, String> env, Path file) {
        Map<String, Object> m = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("KAFKA_") && name.length() > 6) {
                String key = name.substring(6).toLowerCase(java.util.Locale.ROOT).replace('_', '.');
                if (!key.equals("bootstrap.servers")) m.put(key, value);
            }
        });
        if (file == null) {
            return m;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("--kafka-config: cannot read " + file + ": " + e.getMessage());
        }
        for (String k : p.stringPropertyNames()) {
            if (!k.equals("bootstrap.servers")) m.put(k, p.getProperty(k));
        }
        return m;
    }

    /** {@code config} with the loaded security settings added (a new map). */
    static Map<String, Object> applyTo(Map<String, Object> config) {
        Map<String, Object> c = new HashMap<>(config);
        c.putAll(current);
        return c;
    }
}
