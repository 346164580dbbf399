package io.cbn.producer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cbn.deploy.broker.Topics;
import io.cbn.schemas.ConversionSettings;
import io.cbn.schemas.JobIds;
import io.cbn.schemas.RunEvent;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./cbn retry --run-id R --admin-path A}: enqueues the selected items of run R again as a new run whose
 * OPENED names R ({@code retryOf}, docs/design.md, Messages), so each summary stays true and R's summary can link to
 * the retry.
 *
 * <ul>
 *   <li>Items come from {@code A/runs/R/items.jsonl} (one JSON line per job, aggregator README), read line by line:
 *       never held whole. Selected: {@code --outcome} (default FAILED) and, when given, {@code --reason}.</li>
 *   <li>Source roots, output path and settings are R's own (its OPENED on the runs topic; when retention has removed
 *       it, {@code summary.json}'s roots and output path with the default settings, said on stderr); any
 *       conversion option given here replaces R's value, checked against the converter's rules.</li>
 *   <li>Each item's file is named by R's item (sourcePath = root + "/" + relativePath); a name that is not UTF-8
 *       is recognised by its job id (the escaped form's bytes give R's job id) and travels as bytes again.</li>
 * </ul>
 * stdout: {@code RUN <new>} first, {@code RETRY <n> OF <R> RUN <new>} last. Exit 0 sealed (or nothing selected),
 * 2 not sealed or bad input.
 */
@Command(name = "cbn retry", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Enqueue the FAILED (or --outcome / --reason selected) items of a run again, as a new run that names it.",
                "Prints 'RUN <newRunId>' first and 'RETRY <n> OF <runId> RUN <newRunId>' last. Exit 0 sealed, 2 not."})
public final class RetryCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> OUTCOMES = Set.of("CREATED", "REJECTED", "FAILED");

    @Spec
    CommandSpec spec;

    @Option(names = "--run-id", required = true, description = "The run whose items are retried.")
    String runId;

    @Option(names = "--admin-path", required = true, paramLabel = "DIR", description = "The admin path holding runs/<runId>/items.jsonl.")
    Path adminPath;

    @Option(names = "--outcome", split = ",", paramLabel = "OUTCOME", description = "Outcomes to retry (default FAILED; e.g. FAILED,REJECTED).")
    List<String> outcomes = new ArrayList<>(List.of("FAILED"));

    @Option(names = "--reason", split = ",", paramLabel = "CODE", description = "Only items with one of these reason codes (repeatable).")
    List<String> reasons = new ArrayList<>();

    @Option(names = "--new-run-id", description = "Id of the new run (default: yyyyMMdd-HHmmss-<6 hex>).")
    String newRunId;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "${env:CBN_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (default: $CBN_BOOTSTRAP_SERVERS or localhost:9092; now ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @CommandLine.Mixin
    KafkaClientSettings kafkaSettings = new KafkaClientSettings();

    @CommandLine.Mixin
    ConversionOptions conversion = new ConversionOptions();

    @Option(names = "--partitions", defaultValue = "12", description = "Partitions of the jobs topics when this creates them (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--topic-jobs", defaultValue = Topics.JOBS, description = "Jobs topic (default ${DEFAULT-VALUE}).")
    String jobsTopic;

    @Option(names = "--topic-runs", defaultValue = Topics.RUNS, description = "Run events topic (default ${DEFAULT-VALUE}).")
    String runsTopic;

    @Option(names = "--kafka-timeout-ms", defaultValue = "60000", description = "Give up when Kafka does not answer within this (default ${DEFAULT-VALUE}).")
    long kafkaTimeoutMs;

    private final PrintStream out;
    private final PrintStream err;

    public RetryCommand() {
        this(System.out, System.err);
    }

    RetryCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(new RetryCommand(), args));
    }

    static int run(RetryCommand command, String[] args) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(command.out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(command.err, true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            command.err.println("cbn retry: failed, the retry run was NOT sealed: " + e);
            return EnqueueCommand.EXIT_FAILED;
        });
        return cli.execute(args);
    }

    /** What the retry needs of the original run. */
    record Original(List<Path> roots, String outputPath, ConversionSettings settings) {
    }

    @Override
    public Integer call() throws Exception {
        String id;
        String original;
        Path items;
        Set<String> wanted = new LinkedHashSet<>();
        try {
            kafkaSettings.load();
            original = RunIds.validate(runId);
            id = newRunId == null ? RunIds.generate() : RunIds.validate(newRunId);
            if (id.equals(original)) {
                throw new IllegalArgumentException("--new-run-id must differ from --run-id " + original);
            }
            for (String o : outcomes) {
                String u = o.trim().toUpperCase(Locale.ROOT);
                if (!OUTCOMES.contains(u)) {
                    throw new IllegalArgumentException("--outcome " + o + " is not one of " + OUTCOMES);
                }
                wanted.add(u);
            }
            items = adminPath.toAbsolutePath().normalize().resolve("runs").resolve(original).resolve("items.jsonl");
            if (!Files.isRegularFile(items)) {
                throw new IllegalArgumentException("no items of run " + original + ": " + items + " does not exist (is --admin-path"
                        + " the aggregator's admin path, and has it written the run?)");
            }
            if (partitions < 1) {
                throw new IllegalArgumentException("--partitions must be >= 1, got " + partitions);
            }
        } catch (IllegalArgumentException e) {
            err.println("cbn retry: " + e.getMessage());
            return EnqueueCommand.EXIT_FAILED;
        }

        Original from;
        ConversionSettings settings;
        try {
            from = original(original, items.getParent());
            settings = conversion.over(from.settings(), spec);
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("cbn retry: " + e.getMessage());
            return EnqueueCommand.EXIT_FAILED;
        }

        // count first (a cheap streaming pass): nothing is published for an empty selection
        Set<String> reasonSet = Set.copyOf(reasons.stream().map(String::trim).toList());
        long selected = 0;
        try (BufferedReader reader = Files.newBufferedReader(items, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && selects(JSON.readTree(line), wanted, reasonSet)) {
                    selected++;
                }
            }
        } catch (IOException e) {
            err.println("cbn retry: cannot read " + items + ": " + e.getMessage());
            return EnqueueCommand.EXIT_FAILED;
        }
        if (selected == 0) {
            err.println("cbn retry: run " + original + " has no item with outcome " + wanted
                    + (reasonSet.isEmpty() ? "" : " and reason " + reasonSet) + " in " + items + "; nothing enqueued");
            out.println("RETRY 0 OF " + original);
            return 0;
        }

        out.println("RUN " + id);
        out.flush();
        try {
            TopicSetup.ensure(bootstrapServers, Map.of(Topics.JOBS, jobsTopic, Topics.RUNS, runsTopic), partitions, kafkaTimeoutMs,
                    warning -> err.println("cbn retry: warning: " + warning));
        } catch (RuntimeException e) {
            err.println("cbn retry: " + e.getMessage());
            return EnqueueCommand.EXIT_FAILED;
        }

        Clock clock = Clock.systemUTC();
        WalkStats stats = new WalkStats();
        String output = from.outputPath();
        RunEnqueuer.Outcome outcome;
        try (JobPublisher publisher = JobPublisher.create(bootstrapServers, jobsTopic, runsTopic)) {
            RunEnqueuer enqueuer = new RunEnqueuer(publisher, new JobFactory(id, settings, output,
                    OutputLayout.outputRoots(from.roots(), output), clock), new RunEvents(id, clock), null, stats);
            outcome = enqueuer.enqueue(from.roots(), output, adminPath.toAbsolutePath().normalize().toString(), settings, original,
                    sink -> feed(items, original, wanted, reasonSet, stats, sink));
        }
        if (!outcome.sealed()) {
            RunEnqueuer.reportFailure(err, id, outcome);
            return EnqueueCommand.EXIT_FAILED;
        }
        err.printf("cbn retry: run %s sealed: %d items of run %s enqueued again (outcome %s%s); unresolvable items: %d%n",
                id, outcome.enqueued(), original, wanted, reasonSet.isEmpty() ? "" : ", reason " + reasonSet, outcome.walkErrors());
        out.println("RETRY " + outcome.enqueued() + " OF " + original + " RUN " + id);
        out.flush();
        return 0;
    }

    private static boolean selects(JsonNode item, Set<String> outcomes, Set<String> reasons) {
        String outcome = item.path("outcome").asText("");
        if (!outcomes.contains(outcome)) {
            return false;
        }
        return reasons.isEmpty() || reasons.contains(item.path("reason").asText(""));
    }

    /** Streams the selected items to {@code sink}, one {@link SourceFile} each, with the file's size and mtime now. */
    private boolean feed(Path items, String original, Set<String> outcomes, Set<String> reasons, WalkStats stats, FileSink sink)
            throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(items, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode item = JSON.readTree(line);
                if (!selects(item, outcomes, reasons)) {
                    continue;
                }
                SourceFile file = sourceFile(item, original);
                if (file == null) {
                    stats.walkError(items + ":" + number, "item " + item.path("jobId").asText("?") + " (" + item.path("sourcePath").asText("?")
                            + ") names no file this retry can address: its job id matches neither its name nor the bytes of it");
                    continue;
                }
                stats.fileAccepted();
                if (!sink.accept(file)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The file of one item, or null when its name cannot be told. */
    static SourceFile sourceFile(JsonNode item, String originalRunId) {
        String jobId = item.path("jobId").asText("");
        String sourcePath = item.path("sourcePath").asText("");
        String relative = item.path("relativePath").asText("");
        if (relative.isEmpty() || !sourcePath.endsWith("/" + relative)) {
            return null;
        }
        String root = sourcePath.substring(0, sourcePath.length() - relative.length() - 1);
        byte[] bytes = null;
        if (!JobIds.jobId(originalRunId, root, relative).equals(jobId)) {
            byte[] raw = FileNames.unescape(relative);
            if (!FileNames.jobId(originalRunId, root, raw).equals(jobId)) {
                return null;
            }
            bytes = raw;
        }
        byte[] name = bytes != null ? bytes : relative.getBytes(StandardCharsets.UTF_8);
        long size = 0;
        long mtime = 0;
        try {
            byte[] rootBytes = (root + "/").getBytes(StandardCharsets.UTF_8);
            byte[] full = new byte[rootBytes.length + name.length];
            System.arraycopy(rootBytes, 0, full, 0, rootBytes.length);
            System.arraycopy(name, 0, full, rootBytes.length, name.length);
            BasicFileAttributes attrs = Files.readAttributes(FileNames.pathOf(full), BasicFileAttributes.class);
            size = attrs.size();
            mtime = attrs.lastModifiedTime().toMillis();
        } catch (IOException | RuntimeException e) {
            // gone since: enqueued all the same, the worker reports it SOURCE_MISSING and the retry's summary says so
        }
        return new SourceFile(Path.of(root), relative, size, mtime, bytes);
    }

    /** R's roots, output path and settings: its OPENED when the runs topic still has it, else summary.json's. */
    private Original original(String runId, Path runDir) {
        Optional<RunEvent> opened;
        try {
            opened = OriginalRun.opened(bootstrapServers, runsTopic, runId, Duration.ofMillis(kafkaTimeoutMs));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read run " + runId + "'s OPENED from " + runsTopic + " on " + bootstrapServers + ": " + e.getMessage(), e);
        }
        if (opened.isPresent()) {
            RunEvent e = opened.get();
            return new Original(e.getSourcePaths().stream().map(Path::of).toList(), e.getOutputPath(), e.getSettings());
        }
        Path summary = runDir.resolve("summary.json");
        try {
            JsonNode s = JSON.readTree(summary.toFile());
            List<Path> roots = new ArrayList<>();
            s.path("sourcePaths").forEach(n -> roots.add(Path.of(n.asText())));
            String output = s.path("outputPath").asText(null);
            if (roots.isEmpty() || output == null) {
                throw new IllegalStateException(summary + " names no sourcePaths or outputPath, and " + runsTopic + " no longer holds run "
                        + runId + "'s OPENED");
            }
            err.println("cbn retry: warning: " + runsTopic + " no longer holds run " + runId + "'s OPENED (retention); roots and output"
                    + " path from " + summary + ", settings: the defaults and the options given here");
            return new Original(roots, output, conversion.settings());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + summary + ": " + e.getMessage(), e);
        }
    }
}
