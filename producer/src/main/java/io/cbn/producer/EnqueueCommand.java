package io.cbn.producer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cbn.deploy.broker.Topics;
import io.cbn.schemas.ConversionSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ./cbn enqueue}: walks the source roots and enqueues one {@code ImageJob} per regular,
 * non-hidden file on Kafka, between a RunEvent OPENED and a SEALED carrying the exact count.
 *
 * <p>stdout (for scripts): {@code RUN <runId>} first, {@code ENQUEUED <n> EXCLUDED <e> WALK_ERRORS <w> RUN <runId>}
 * last. stderr: progress on a terminal, walk errors, the rate. Exit 0 sealed, 2 not sealed (bad
 * input, Kafka unreachable or a send failed).
 *
 * <p>Before anything is published: the conversion settings are checked against the converter's rules
 * ({@link Conversion}), and the topics are created or validated against the one topic table ({@link TopicSetup});
 * either refusing exits 2 with a message naming the problem. File names are read as bytes, so every file is
 * enqueued whatever the locale ({@link FileNames}); a run with several roots writes each root's templates into its
 * own subfolder ({@link OutputLayout}).
 *
 * <p>Enqueueing the same run id again is safe: job ids are a hash of run id, source root and
 * relative path, so the aggregator counts a re-sent job once, and the new SEALED carries the
 * count of this walk (the same count when the tree did not change). Workers may convert a
 * re-sent job again; its result is counted once.
 */
@Command(name = "cbn enqueue", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Walk source directories and enqueue one conversion job per file on Kafka.",
                "Prints 'RUN <runId>' first and 'ENQUEUED <n> EXCLUDED <e> WALK_ERRORS <w> RUN <runId>' last on stdout.",
                "Exit 0 when the run is sealed, 2 when nothing or not everything could be enqueued."})
public final class EnqueueCommand implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 2;

    private static final Logger LOG = LoggerFactory.getLogger(EnqueueCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--source-paths", required = true, split = ",", paramLabel = "DIR",
            description = "Source roots (comma-separated or repeated). Must exist, be directories and not overlap.")
    List<Path> sourcePaths = new ArrayList<>();

    @Option(names = "--output-path", required = true, paramLabel = "DIR",
            description = "Where workers write templates; must not be inside a source path.")
    Path outputPath;

    @Option(names = "--admin-path", paramLabel = "DIR",
            description = "Where the aggregator writes runs/<runId>/ (default: the aggregator's own); must not be inside a source path.")
    Path adminPath;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "${env:CBN_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (default: $CBN_BOOTSTRAP_SERVERS or localhost:9092; now ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @CommandLine.Mixin
    KafkaClientSettings kafkaSettings = new KafkaClientSettings();

    @Option(names = "--run-id", description = "Run id (default: yyyyMMdd-HHmmss-<6 hex>). Re-using one re-enqueues without double counting.")
    String runId;

    @Option(names = "--include", paramLabel = "GLOB",
            description = "Only files whose path relative to their root matches (repeatable; no '/' = file name at any depth).")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Skip matching files, counted as excluded (repeatable).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--follow-links", description = "Descend into symbolic links to directories (loops are detected and reported).")
    boolean followLinks;

    @CommandLine.Mixin
    ConversionOptions conversion = new ConversionOptions();

    @Option(names = "--partitions", defaultValue = "12", description = "Partitions of the jobs topics (cbn.jobs, cbn.jobs.retry) when this creates them (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--topic-jobs", defaultValue = "cbn.jobs", description = "Jobs topic (default ${DEFAULT-VALUE}).")
    String jobsTopic;

    @Option(names = "--topic-runs", defaultValue = "cbn.runs", description = "Run events topic (default ${DEFAULT-VALUE}).")
    String runsTopic;

    @Option(names = "--kafka-timeout-ms", defaultValue = "60000", description = "Give up when Kafka does not answer topic creation within this (default ${DEFAULT-VALUE}).")
    long kafkaTimeoutMs;

    @Option(names = "--quiet", description = "No progress or rate on stderr (errors are still printed).")
    boolean quiet;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    public EnqueueCommand() {
        this(System.out, System.err, System.console() != null);
    }

    EnqueueCommand(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        System.exit(run(new EnqueueCommand(), args));
    }

    /** Parses and runs; picocli usage errors exit 2 as well. */
    static int run(EnqueueCommand command, String[] args) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new java.io.PrintWriter(command.out, true, StandardCharsets.UTF_8));
        cli.setErr(new java.io.PrintWriter(command.err, true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            LOG.debug("enqueue failed", e);
            command.err.println("cbn enqueue: failed, the run was NOT sealed: " + e);
            return EXIT_FAILED;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        String id;
        List<Path> roots;
        String output;
        String admin;
        ConversionSettings settings;
        try {
            kafkaSettings.load();
            id = runId == null ? RunIds.generate() : RunIds.validate(runId);
            roots = SourcePaths.validateSources(sourcePaths);
            output = SourcePaths.validateOutside(outputPath, "output path", roots).toString();
            admin = adminPath == null ? null : SourcePaths.validateOutside(adminPath, "admin path", roots).toString();
            settings = settings();
            checkPlatformEncoding(roots, output);
            new PathFilter(includes, excludes);
            if (partitions < 1) {
                throw new IllegalArgumentException("--partitions must be >= 1, got " + partitions);
            }
        } catch (IllegalArgumentException e) {
            err.println("cbn enqueue: " + e.getMessage());
            return EXIT_FAILED;
        }

        out.println("RUN " + id);
        out.flush();
        try {
            TopicSetup.ensure(bootstrapServers, Map.of(Topics.JOBS, jobsTopic, Topics.RUNS, runsTopic), partitions, kafkaTimeoutMs,
                    warning -> err.println("cbn enqueue: warning: " + warning));
        } catch (RuntimeException e) {
            err.println("cbn enqueue: " + e.getMessage());
            return EXIT_FAILED;
        }

        Clock clock = Clock.systemUTC();
        WalkStats stats = new WalkStats();
        SourceWalker walker = new SourceWalker(new PathFilter(includes, excludes), followLinks, stats, err);
        long started = System.nanoTime();
        RunEnqueuer.Outcome outcome;
        try (JobPublisher publisher = JobPublisher.create(bootstrapServers, jobsTopic, runsTopic);
             Progress progress = Progress.start(terminal && !quiet, err, stats, publisher::jobsAcknowledged)) {
            outcome = new RunEnqueuer(publisher, new JobFactory(id, settings, output, OutputLayout.outputRoots(roots, output), clock), new RunEvents(id, clock), walker, stats)
                    .enqueue(roots, output, admin, settings);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (!outcome.sealed()) {
            RunEnqueuer.reportFailure(err, id, outcome);
            return EXIT_FAILED;
        }
        if (!quiet) {
            err.printf("cbn enqueue: run %s sealed: %d jobs in %.2f s (%.0f jobs/s); excluded %d; walk errors %d; skipped hidden: %d files, %d dirs%n",
                    id, outcome.enqueued(), seconds, outcome.enqueued() / Math.max(seconds, 1e-3), outcome.excluded(),
                    outcome.walkErrors(), stats.hiddenFiles(), stats.hiddenDirs());
        }
        out.println("ENQUEUED " + outcome.enqueued() + " EXCLUDED " + outcome.excluded() + " WALK_ERRORS " + outcome.walkErrors()
                + " RUN " + id);
        out.flush();
        return EXIT_OK;
    }

    private ConversionSettings settings() {
        return conversion.settings();
    }

    /**
     * File names under the roots are read as bytes whatever the locale ({@link FileNames}); the roots themselves
     * come from the command line, decoded by the platform encoding: a root that is not plain ASCII needs a UTF-8
     * locale (the {@code ./cbn} launcher and the container images set {@code LC_ALL=C.UTF-8}).
     */
    private void checkPlatformEncoding(List<Path> roots, String output) {
        if (FileNames.platformIsUtf8()) {
            return;
        }
        String encoding = System.getProperty("sun.jnu.encoding", "");
        for (String p : concat(roots, output)) {
            if (FileNames.mayBeLossy(p)) {
                throw new IllegalArgumentException("path " + p + " is not plain ASCII and this JVM decodes file names as " + encoding
                        + " (the locale): run with LC_ALL=C.UTF-8 (./cbn sets it)");
            }
        }
        if (!quiet) {
            err.println("cbn enqueue: note: the locale's file name encoding is " + encoding + ", not UTF-8; names are read as bytes"
                    + " and enqueued all the same. Workers need a UTF-8 locale (LC_ALL=C.UTF-8).");
        }
    }

    private static List<String> concat(List<Path> roots, String output) {
        List<String> all = new ArrayList<>();
        roots.forEach(r -> all.add(r.toString()));
        all.add(output);
        return all;
    }
}
