package io.cbn.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The processes of one local cbn deployment: a KRaft broker (unless bootstrap servers are given), the aggregator and
 * N workers, each a separate JVM from the packaged jars. Used by {@code ./cbn run} and by the multi-process tests.
 */
public final class LocalStack implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LocalStack.class.getName());
    private static final Pattern BROKER_READY = Pattern.compile("BROKER READY (\\S+)");
    /** Longer than the slowest permitted conversion plus a commit: what Kubernetes' grace period is set to too. */
    public static final Duration WORKER_GRACE = Duration.ofSeconds(150);
    /**
     * Where the services of a local deployment listen for HTTP: this machine only (docs/design.md, Security). A
     * deployment elsewhere binds to what it configures ({@code quarkus.http.host}, {@code CBN_HTTP_HOST}).
     */
    public static final String HTTP_HOST = "127.0.0.1";

    /**
     * {@code bootstrapServers} null: start a broker. {@code workDir}: logs and broker data. {@code secure}: the local
     * broker on SASL_SSL, each process with its own user (docs/design.md, Security). {@code kafkaConfig}: a Kafka
     * client properties file every process uses with the external cluster (null: none). {@code allowedRoots}: the
     * only roots the workers may read or write (the run's source and output paths; null: any root).
     */
    public record Options(Layout layout, Path workDir, String bootstrapServers, int workers, int concurrencyPerWorker,
                          int partitions, Duration startTimeout, boolean secure, Path kafkaConfig, List<Path> allowedRoots) {
        public Options {
            if (workers < 1) throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
            if (concurrencyPerWorker < 1) throw new IllegalArgumentException("concurrency must be >= 1");
            if (secure && bootstrapServers != null)
                throw new IllegalArgumentException("--secure secures the local broker; for another cluster give --kafka-config");
        }

        /** A plain deployment (no Kafka security). */
        public Options(Layout layout, Path workDir, String bootstrapServers, int workers, int concurrencyPerWorker,
                       int partitions, Duration startTimeout) {
            this(layout, workDir, bootstrapServers, workers, concurrencyPerWorker, partitions, startTimeout, false, null, null);
        }
    }

    private final Options options;
    private ManagedProcess broker;
    private int brokerPort;
    private int controllerPort;
    private int brokerStarts;
    private String bootstrap;
    private ManagedProcess aggregator;
    private int aggregatorPort;
    /**
     * The collector {@code ./cbn convert} uses, for the local workers and the aggregator too: batch work on a few
     * cores, where pauses do not matter and G1's concurrent threads cost CPU the conversions need (24 photos of
     * 1-1.4 MP, 2 threads: 41.3 CPU s with Serial, 43.0 with G1, 43.1 with Parallel; bench/README.md).
     */
    static final String THROUGHPUT_GC = "-XX:+UseSerialGC";

    /**
     * For the broker and the aggregator beside local conversions: the client JIT only. Their load here is a few messages
     * a second, far below what C1's code serves, while C2 compiling Kafka's and Quarkus' hot paths took CPU from the
     * conversions for minutes (bench/README.md, pipeline benchmark, session 6).
     */
    static final String LIGHT_JIT = "-XX:TieredStopAtLevel=1";

    private final List<ManagedProcess> workers = new ArrayList<>();
    private final List<Integer> workerPorts = new ArrayList<>();
    private int workerSeq;
    private LocalLogin login;

    public LocalStack(Options options) { this.options = options; }

    public LocalStack start() throws IOException {
        Files.createDirectories(options.workDir());
        bootstrap = options.bootstrapServers();
        if (bootstrap == null) startBroker();
        aggregatorPort = Ports.free();
        // the dashboard's login, new for every start; its files go with the aggregator's state (deleted by close)
        login = LocalLogin.create(options.workDir().resolve("http-login"));
        aggregator = ManagedProcess.start("aggregator", new JavaCommand(options.layout().require(options.layout().aggregatorJar()))
                .jvm("-Xmx512m").jvm(THROUGHPUT_GC).jvm(LIGHT_JIT)
                .property("quarkus.http.port", aggregatorPort)
                .property("quarkus.http.host", HTTP_HOST)
                .property("cbn.aggregator.http.users-file", login.usersFile())
                .property("cbn.aggregator.http.roles-file", login.rolesFile())
                .property("kafka.bootstrap.servers", bootstrap)
                // checkpoint + closed-run index; its offsets belong to this broker, so it goes with kafka-data
                .property("cbn.aggregator.state-dir", options.workDir().resolve("aggregator-state"))
                .toList(), kafkaEnv("aggregator"), options.workDir().resolve("aggregator.log"));
        for (int i = 0; i < options.workers(); i++) startWorkerProcess();
        aggregator.awaitHttpOk(aggregatorUrl() + "/q/health/ready", options.startTimeout());
        for (int i = 0; i < workers.size(); i++) awaitWorkerReady(i);
        return this;
    }

    private void startBroker() throws IOException {
        brokerPort = Ports.free();
        controllerPort = Ports.free();
        launchBroker();
    }

    private void launchBroker() throws IOException {
        Path data = options.workDir().resolve("kafka-data");
        broker = ManagedProcess.start("broker", new JavaCommand(options.layout().require(options.layout().brokerJar()))
                .jvm("-Xmx768m").jvm(THROUGHPUT_GC).jvm(LIGHT_JIT)
                .arg("--port", String.valueOf(brokerPort), "--controller-port", String.valueOf(controllerPort),
                    "--data-dir", data.toString(), "--partitions", String.valueOf(options.partitions()))
                .args(options.secure() ? List.of("--secure") : List.of())
                .toList(), Map.of(), options.workDir().resolve(++brokerStarts == 1 ? "broker.log" : "broker-" + brokerStarts + ".log"));
        bootstrap = broker.awaitLogLine(BROKER_READY, options.startTimeout());
    }

    /** Stops the local broker (SIGTERM), as an outage would; {@link #restartBroker()} brings it back on the same ports and data. */
    public void stopBroker() {
        if (broker == null) throw new IllegalStateException("this stack uses an external broker");
        broker.stop(Duration.ofSeconds(30));
    }

    public void restartBroker() throws IOException {
        if (broker == null) throw new IllegalStateException("this stack uses an external broker");
        if (broker.isAlive()) broker.stop(Duration.ofSeconds(30));
        launchBroker();
    }

    /** Starts one more worker JVM (scale-out); returns its index. Does not wait for readiness. */
    public int startWorkerProcess() throws IOException {
        int port = Ports.free();
        String id = "worker-" + (++workerSeq);
        int heapMb = 384 + 512 * options.concurrencyPerWorker();
        ManagedProcess p = ManagedProcess.start(id, new JavaCommand(options.layout().require(options.layout().workerJar()))
                .jvm("-Xmx" + heapMb + "m").jvm(THROUGHPUT_GC)
                .property("quarkus.http.port", port)
                .property("quarkus.http.host", HTTP_HOST)
                .property("kafka.bootstrap.servers", bootstrap)
                .property("cbn.worker.worker-id", id)
                .property("cbn.worker.concurrency", options.concurrencyPerWorker())
                .property("cbn.worker.allowed-roots", options.allowedRoots() == null ? "/"
                    : String.join(",", options.allowedRoots().stream().map(r -> r.toAbsolutePath().normalize().toString()).toList()))
                .toList(), kafkaEnv("worker"), options.workDir().resolve(id + ".log"));
        workers.add(p);
        workerPorts.add(port);
        return workers.size() - 1;
    }

    public void awaitWorkerReady(int index) {
        workers.get(index).awaitHttpOk(workerUrl(index) + "/q/health/ready", options.startTimeout());
    }

    public String bootstrapServers() { return bootstrap; }

    /**
     * The Kafka client properties file of a cbn user ({@code producer}, {@code worker}, {@code aggregator}): the local
     * secured broker's file for that user, or the one {@code --kafka-config} file; null when Kafka is not secured.
     */
    public Path kafkaConfig(String user) {
        if (options.secure()) return options.workDir().resolve("kafka-data-security").resolve("client-" + user + ".properties");
        return options.kafkaConfig();
    }

    /**
     * A service's Kafka client settings as {@code KAFKA_*} environment variables (Quarkus hands every one to the
     * clients it makes): in the environment, not on the command line, so no password shows in a process list.
     */
    Map<String, String> kafkaEnv(String user) throws IOException {
        Path file = kafkaConfig(user);
        if (file == null) return Map.of();
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IOException("cannot read the Kafka client config " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> env = new java.util.TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.equals("bootstrap.servers")) continue; // given as kafka.bootstrap.servers
            env.put("KAFKA_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), p.getProperty(key));
        }
        return env;
    }

    /** The aggregator's base URL (no trailing slash); its dashboard is this + "/". */
    public String aggregatorUrl() { return "http://" + HTTP_HOST + ":" + aggregatorPort; }

    public int aggregatorPort() { return aggregatorPort; }

    /** The login of the aggregator's pages (a password made at {@link #start()}). */
    public LocalLogin login() { return login; }

    /** GET a path of the aggregator ("/runs/R") with this stack's login: the body of a 200, else empty. */
    public java.util.Optional<String> aggregatorGet(String path) {
        return ManagedProcess.httpGet(aggregatorUrl() + path, login.basicHeader());
    }

    public String workerUrl(int index) { return "http://" + HTTP_HOST + ":" + workerPorts.get(index); }

    public List<ManagedProcess> workers() { return List.copyOf(workers); }

    public ManagedProcess aggregator() { return aggregator; }

    public boolean anyWorkerAlive() { return workers.stream().anyMatch(ManagedProcess::isAlive); }

    @Override
    public void close() {
        // workers first (they drain in-flight jobs), then the aggregator, then the broker they all need
        workers.parallelStream().forEach(w -> w.stop(WORKER_GRACE));
        if (aggregator != null) aggregator.stop(Duration.ofSeconds(30));
        if (broker != null) {
            broker.stop(Duration.ofSeconds(30));
            deleteQuietly(options.workDir().resolve("kafka-data"));
            deleteQuietly(options.workDir().resolve("kafka-data-security"));
            deleteQuietly(options.workDir().resolve("aggregator-state"));
        }
        deleteQuietly(options.workDir().resolve("http-login"));
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "could not delete {0}: {1}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not clean {0}: {1}", dir, e.getMessage());
        }
    }
}
