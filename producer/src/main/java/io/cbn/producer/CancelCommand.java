package io.cbn.producer;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Callable;

import io.cbn.deploy.broker.Topics;
import io.cbn.schemas.RunNotice;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./cbn cancel --run-id R}: publishes a {@code RunNotice} of kind {@code CANCEL} (origin {@code cli}) for run R
 * on the runs topic (docs/design.md, Messages). Workers end every outstanding job of R FAILED {@code CANCELLED}
 * (and skip cancelled jobs they receive later), so the run completes and its summary says why. Exit 0 when the
 * notice was acknowledged by Kafka, 2 otherwise.
 */
@Command(name = "cbn cancel", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cancel a run: its outstanding jobs end FAILED CANCELLED and the run completes.",
                "Prints 'CANCEL <runId>' when the notice is on Kafka. Exit 0 sent, 2 not sent."})
public final class CancelCommand implements Callable<Integer> {

    /** {@code RunNotice.kind} of a cancellation. */
    public static final String KIND = "CANCEL";
    public static final String ORIGIN = "cli";

    @Option(names = "--run-id", required = true, description = "The run to cancel.")
    String runId;

    @Option(names = "--reason", description = "Why, kept with the notice (free text, optional).")
    String reason;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "${env:CBN_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (default: $CBN_BOOTSTRAP_SERVERS or localhost:9092; now ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @CommandLine.Mixin
    KafkaClientSettings kafkaSettings = new KafkaClientSettings();

    @Option(names = "--topic-runs", defaultValue = Topics.RUNS, description = "Run events topic (default ${DEFAULT-VALUE}).")
    String runsTopic;

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    public CancelCommand() {
        this(System.out, System.err, Clock.systemUTC());
    }

    CancelCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    public static void main(String[] args) {
        System.exit(run(new CancelCommand(), args));
    }

    static int run(CancelCommand command, String[] args) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(command.out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(command.err, true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            command.err.println("cbn cancel: failed, run " + command.runId + " was NOT cancelled: " + e);
            return EnqueueCommand.EXIT_FAILED;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        String id;
        try {
            kafkaSettings.load();
            id = RunIds.validate(runId);
        } catch (IllegalArgumentException e) {
            err.println("cbn cancel: " + e.getMessage());
            return EnqueueCommand.EXIT_FAILED;
        }
        RunNotice notice = RunNotice.newBuilder()
                .setRunId(id).setKind(KIND).setReason(reason).setOrigin(ORIGIN).setAt(clock.instant())
                .build();
        try (JobPublisher publisher = JobPublisher.create(bootstrapServers, Topics.JOBS, runsTopic)) {
            publisher.publish(notice);
            publisher.flush();
            if (publisher.failed()) {
                err.println("cbn cancel: run " + id + " was NOT cancelled: the notice could not be sent to " + bootstrapServers
                        + " (" + runsTopic + "): " + publisher.firstError());
                return EnqueueCommand.EXIT_FAILED;
            }
        }
        out.println("CANCEL " + id);
        out.flush();
        err.println("cbn cancel: run " + id + ": cancel notice sent; workers end its outstanding jobs FAILED CANCELLED."
                + " Follow it with ./cbn summary or GET /runs/" + id);
        return 0;
    }
}
