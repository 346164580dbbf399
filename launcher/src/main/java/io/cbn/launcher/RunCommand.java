package io.cbn.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code ./cbn run}: a whole run on this machine (docs/design.md, "Shape"; README.md). Starts a broker (unless
 * --bootstrap-servers), the aggregator and N worker JVMs, enqueues, waits until the aggregator says COMPLETE,
 * prints summary.txt, stops what it started. Exit 0 all created, 1 QA issues, 2 not completed.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Convert every file under the source paths on a local cbn deployment and print the QA summary.%n"
        + "Exit codes: 0 all files created with no QA issue; 1 run complete with QA issues; 2 run not completed.")
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--source-paths", required = true, split = ",", description = "Directories to convert (comma-separated or repeated).")
    List<Path> sourcePaths;

    @Option(names = "--output-path", required = true, description = "Where templates are written, mirroring each file's path under its source root.")
    Path outputPath;

    @Option(names = "--admin-path", required = true, description = "Where runs/<runId>/summary.{json,txt}, items.jsonl and logs go.")
    Path adminPath;

    /**
     * One worker JVM converting on every core by default, as a Kubernetes worker pod does with its concurrency: one JIT,
     * one heap and one consumer for all conversions, where a JVM per core paid each of them again (bench/README.md,
     * pipeline benchmark). More JVMs only to test scale-out and failover.
     */
    @Option(names = "--workers", description = "Worker processes (default: ${DEFAULT-VALUE}, converting on every core).")
    int workers = 1;

    @Option(names = "--concurrency", description = "Conversions in parallel per worker (default: cores / workers, at least 1).")
    Integer concurrency;

    @Option(names = "--bootstrap-servers", description = "Use this Kafka cluster instead of starting a local broker.")
    String bootstrapServers;

    @Option(names = "--secure", description = "Start the local broker secured (SASL_SSL, SCRAM-SHA-512, per-user ACLs) and"
        + " give the producer, the workers and the aggregator each its own user.")
    boolean secure;

    @Option(names = "--kafka-config", description = "Kafka client properties file (security settings) every process uses"
        + " with the cluster of --bootstrap-servers.")
    Path kafkaConfig;

    @Option(names = "--keep-open", description = "After the run, keep the broker, the workers and the aggregator (its"
        + " dashboard) up until Ctrl-C (SIGINT) or SIGTERM; then stop them and exit with the run's exit code.")
    boolean keepOpen;

    @Option(names = "--run-id", description = "Run id (default: generated from the time).")
    String runId;

    @Option(names = "--timeout", description = "Give up (exit 2) when the run is not complete after this ISO-8601 duration (default ${DEFAULT-VALUE}).")
    Duration timeout = Duration.ofHours(24);

    @Option(names = "--partitions", description = "Partitions of the topics when the local broker creates them (default ${DEFAULT-VALUE}).")
    int partitions = 12;

    @Option(names = "--colors", description = "Palette size (default 16).")
    Integer colors;

    @Option(names = "--max-size", description = "Template long side in px, 0 = source size (default 1600).")
    Integer maxSize;

    @Option(names = "--min-region-px", description = "Smallest region in px (default 0 = derived from a legible 2 mm number).")
    Integer minRegionPx;

    @Option(names = "--include", description = "Only files whose path relative to the root matches this glob (repeatable).")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", description = "Skip files whose relative path matches this glob (repeatable; counted and reported).")
    List<String> excludes = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        for (Path p : sourcePaths)
            if (!Files.isDirectory(p)) {
                System.err.println("cbn run: source path " + p + " is not a directory");
                return RunVerdict.NOT_COMPLETED;
            }
        String id = runId != null ? runId : newRunId();
        Path runDir = SummaryFiles.runDir(adminPath.toAbsolutePath(), id);
        int perWorker = concurrency != null ? concurrency : Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
        if (kafkaConfig != null && !Files.isReadable(kafkaConfig)) {
            System.err.println("cbn run: --kafka-config " + kafkaConfig + " is not a readable file");
            return RunVerdict.NOT_COMPLETED;
        }
        LocalStack.Options opts;
        try {
            opts = new LocalStack.Options(Layout.detect(), runDir.resolve("logs"), bootstrapServers,
                workers, perWorker, partitions, Duration.ofMinutes(3), secure, kafkaConfig == null ? null : kafkaConfig.toAbsolutePath(),
                // the workers touch this run's roots only (docs/design.md, Security)
                java.util.stream.Stream.concat(sourcePaths.stream(), java.util.stream.Stream.of(outputPath)).toList());
        } catch (IllegalArgumentException e) {
            System.err.println("cbn run: " + e.getMessage());
            return RunVerdict.NOT_COMPLETED;
        }
        try (LocalStack stack = new LocalStack(opts)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopOnSignal(stack), "cbn-run-stop"));
            System.err.printf("cbn run %s: starting %s%d worker(s) x %d, aggregator; logs in %s%n", id,
                bootstrapServers == null ? "local broker, " : "", workers, perWorker, opts.workDir());
            stack.start();
            // the one place this run's password is shown: the operator's terminal (docs/design.md, Security)
            System.err.printf("cbn run %s: dashboard %s/ (user %s, password %s; until the run stops%s)%n", id,
                stack.aggregatorUrl(), stack.login().user(), stack.login().password(), keepOpen ? " and Ctrl-C" : "");
            long t0 = System.nanoTime();
            int enq = enqueue(stack, id);
            if (enq != 0) {
                System.err.println("cbn run: enqueue failed (exit " + enq + "); see its messages above");
                return RunVerdict.NOT_COMPLETED;
            }
            JsonNode summary = new RunWaiter(stack, id, runDir, timeout).await();
            if (summary == null) return RunVerdict.NOT_COMPLETED;
            double secs = (System.nanoTime() - t0) / 1e9;
            System.err.printf(java.util.Locale.ROOT, "cbn run %s: %d files complete %.1f s after enqueue started (%.1f files/s)%n",
                id, summary.path("processed").asLong(), secs, summary.path("processed").asLong() / secs);
            System.out.print(SummaryFiles.readText(runDir));
            int code = RunVerdict.exitCode(summary);
            if (keepOpen) keepOpen(stack, id, code);
            return code;
        } catch (IllegalStateException e) {
            System.err.println("cbn run: " + e.getMessage());
            return RunVerdict.NOT_COMPLETED;
        }
    }

    /** Set once the run is over and --keep-open holds the stack: the exit code a signal then ends the launcher with. */
    private volatile Integer exitWhenSignalled;
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);

    /**
     * --keep-open: the run is over and its summary printed; the stack stays up until SIGINT/SIGTERM, whose shutdown
     * hook ({@link #stopOnSignal}) stops every process and ends the launcher with the run's {@code code}.
     */
    private void keepOpen(LocalStack stack, String id, int code) throws InterruptedException {
        exitWhenSignalled = code;
        System.out.flush();
        System.err.printf("cbn run %s: --keep-open: broker, workers and aggregator stay up; dashboard %s/ (user %s)."
            + " Ctrl-C stops them (exit %d)%n", id, stack.aggregatorUrl(), stack.login().user(), code);
        stopped.await(); // released only by the shutdown hook, which then halts with the code
    }

    /** The shutdown hook: stops the stack (Ctrl-C mid-run, or after --keep-open); after a kept-open run, exits with its code. */
    private void stopOnSignal(LocalStack stack) {
        stack.close();
        Integer code = exitWhenSignalled;
        if (code != null) {
            System.err.println("cbn run: stopped");
            System.out.flush();
            System.err.flush();
            stopped.countDown();
            Runtime.getRuntime().halt(code); // the run's exit code rather than the signal's 128 + n
        }
    }

    private int enqueue(LocalStack stack, String id) throws Exception {
        Layout layout = Layout.detect();
        // C1 only + serial GC: the producer is a short walk-and-send process where JIT time dominates (measured: 26k
        // jobs/s instead of 14-22k with the default tiers, bench/producer-bench.sh)
        JavaCommand cmd = new JavaCommand(layout.require(layout.producerJar()))
            .jvm("-Xmx512m").jvm("-XX:TieredStopAtLevel=1").jvm("-XX:+UseSerialGC")
            .arg("--bootstrap-servers", stack.bootstrapServers(), "--run-id", id,
                "--output-path", outputPath.toAbsolutePath().toString(), "--admin-path", adminPath.toAbsolutePath().toString(),
                "--partitions", String.valueOf(partitions));
        for (Path p : sourcePaths) cmd.arg("--source-paths", p.toAbsolutePath().toString());
        Path producerConfig = stack.kafkaConfig("producer");
        if (producerConfig != null) cmd.arg("--kafka-config", producerConfig.toString());
        if (colors != null) cmd.arg("--colors", colors.toString());
        if (maxSize != null) cmd.arg("--max-size", maxSize.toString());
        if (minRegionPx != null) cmd.arg("--min-region-px", minRegionPx.toString());
        includes.forEach(g -> cmd.arg("--include", g));
        excludes.forEach(g -> cmd.arg("--exclude", g));
        Process p = new ProcessBuilder(cmd.toList()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return p.waitFor();
    }

    static String newRunId() {
        byte[] b = new byte[3];
        ThreadLocalRandom.current().nextBytes(b);
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + HexFormat.of().formatHex(b);
    }
}
