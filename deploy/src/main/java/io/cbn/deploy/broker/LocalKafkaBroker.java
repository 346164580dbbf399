package io.cbn.deploy.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real single-node Kafka cluster (KRaft, combined broker + controller) in this JVM, from the
 * Maven Central Kafka jars: no Docker, no downloads at run time. Starts in a few seconds.
 *
 * <pre>{@code
 * try (LocalKafkaBroker kafka = LocalKafkaBroker.start()) {          // random ports, temp dir
 *     kafka.createTopics(Topics.defaults(12));
 *     String bootstrap = kafka.bootstrapServers();                    // "127.0.0.1:PORT"
 * }                                                                   // stopped, temp dir deleted
 *
 * LocalKafkaBroker.builder().port(9092).controllerPort(9093).dataDir(Path.of("data/kafka")).start();
 * }</pre>
 *
 * A given data dir is formatted once and reused on later starts (topics and offsets survive); a
 * temp dir is deleted by {@link #close()}. Replication factors are 1 and topics are never
 * auto-created.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    /** Interface the broker listens on and advertises. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);

    private final KafkaRaftServer server;
    private final String host;
    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final BrokerSecurity security;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalKafkaBroker(KafkaRaftServer server, String host, int port, int controllerPort, Path dataDir,
                             boolean deleteDataDirOnClose, BrokerSecurity security) {
        this.security = security;
        this.server = server;
        this.host = host;
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
    }

    /** Starts a broker on free ports with a temp data dir that {@link #close()} deletes. */
    public static LocalKafkaBroker start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return host + ":" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** True when clients must use SASL_SSL with a cbn user ({@link Builder#secure(boolean)}). */
    public boolean secure() {
        return security != null;
    }

    /** The secured broker's secrets and client configs; throws when the broker is not secured. */
    public BrokerSecurity security() {
        if (security == null) {
            throw new IllegalStateException("the broker on " + bootstrapServers() + " is not secured");
        }
        return security;
    }

    /**
     * Settings for a Kafka client of this broker: bootstrap servers, plus, on a secured broker, the SASL_SSL settings
     * of the cbn user {@code user} (ignored on a plain broker).
     */
    public Map<String, Object> clientConfig(String user) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("bootstrap.servers", bootstrapServers());
        if (security != null) {
            c.putAll(security.clientConfig(user));
        }
        return c;
    }

    /**
     * Creates the topics that do not exist yet, with the given partition counts (existing ones
     * are fine).
     *
     * @return the topics created now
     */
    public List<String> createTopics(Map<String, Integer> partitions) {
        try (Admin admin = Admin.create(clientConfig("admin"))) {
            return TopicAdmin.ensure(admin, partitions);
        }
    }

    /** Stops the broker (idempotent) and deletes the data dir if it was a temp dir. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (deleteDataDirOnClose) {
                deleteRecursively(dataDir);
                deleteRecursively(securityDir(dataDir));
            }
        }
        LOG.info("Kafka broker {} stopped in {} ms", bootstrapServers(), (System.nanoTime() - started) / 1_000_000);
    }

    /** Where a secured broker keeps its keys and client configs: beside its data dir, {@code <data-dir>-security}. */
    public static Path securityDir(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + "-security");
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot delete broker temp dir {}: {}", dir, e.toString());
        }
    }

    /** Ports, data dir and extra broker properties; unset ports are picked free, unset dir is a temp dir. */
    public static final class Builder {

        private String host = DEFAULT_HOST;
        private int port;
        private int controllerPort;
        private Path dataDir;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private boolean secure;

        private Builder() {
        }

        /**
         * Secured: clients on SASL_SSL with SCRAM-SHA-512 users (admin, producer, worker, aggregator) and per-user
         * ACLs ({@link BrokerAcls}); a throwaway CA and keystores are generated in {@link #securityDir} on first use.
         */
        public Builder secure(boolean secure) {
            this.secure = secure;
            return this;
        }

        /** Listen and advertise address (default {@value LocalKafkaBroker#DEFAULT_HOST}). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Client port; 0 (default) = a free port. */
        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        /** KRaft controller port; 0 (default) = a free port. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = checkPort(controllerPort);
            return this;
        }

        /** Persistent data dir, formatted on first use; null (default) = a temp dir deleted on close. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** An extra broker property, applied over the defaults. */
        public Builder config(String key, String value) {
            overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Formats the data dir if needed and starts the broker; returns once it serves clients.
         *
         * @throws IllegalStateException if the broker cannot start (port taken, unusable data dir)
         */
        public LocalKafkaBroker start() {
            long started = System.nanoTime();
            boolean temp = dataDir == null;
            Path dir;
            BrokerSecurity security = null;
            try {
                dir = temp ? Files.createTempDirectory("cbn-kafka-") : dataDir.toAbsolutePath().normalize();
                if (secure) {
                    boolean formatted = Files.isRegularFile(dir.resolve("meta.properties"));
                    if (formatted && !Files.isRegularFile(securityDir(dir).resolve("secrets.properties"))) {
                        throw new IllegalStateException("data dir " + dir + " was formatted for a plain broker; a"
                                + " secured broker needs a fresh --data-dir (its users are created when it is formatted)");
                    }
                    security = BrokerSecurity.createOrLoad(securityDir(dir), host);
                    LogDirFormatter.formatIfNeeded(dir, security.scramArguments());
                } else {
                    LogDirFormatter.formatIfNeeded(dir);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare Kafka data dir " + (temp ? "(temp)" : dataDir) + ": " + e.getMessage(), e);
            }
            int brokerPort = port != 0 ? port : FreePorts.pick();
            int raftPort = controllerPort != 0 ? controllerPort : FreePorts.pick();
            if (brokerPort == raftPort) {
                throw new IllegalArgumentException("broker and controller ports must differ, both are " + brokerPort);
            }
            KafkaConfig config = new KafkaConfig(BrokerProperties.combined(host, brokerPort, raftPort, dir, security, overrides), false);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                stopQuietly(server);
                if (temp) {
                    deleteRecursively(dir);
                }
                throw new IllegalStateException("Kafka broker failed to start on " + host + ":" + brokerPort
                        + " (controller " + raftPort + ", data dir " + dir + "): " + e.getMessage(), e);
            }
            LocalKafkaBroker broker = new LocalKafkaBroker(server, host, brokerPort, raftPort, dir, temp, security);
            if (security != null) {
                try (Admin admin = Admin.create(broker.clientConfig("admin"))) {
                    BrokerAcls.apply(admin);
                } catch (RuntimeException e) {
                    broker.close();
                    throw e;
                }
            }
            LOG.info("Kafka broker {} started in {} ms (data dir {}{})", broker.bootstrapServers(),
                    (System.nanoTime() - started) / 1_000_000, dir,
                    security == null ? "" : ", SASL_SSL, client configs in " + security.dir());
            return broker;
        }

        private static void stopQuietly(KafkaRaftServer server) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                LOG.debug("error stopping a broker that failed to start", e);
            }
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            return port;
        }
    }
}
