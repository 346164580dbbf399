package io.cbn.producer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import io.cbn.schemas.ConversionSettings;

/**
 * One enqueue run, Kafka-agnostic apart from the {@link JobPublisher}: OPENED, flushed → stream
 * the walk of every root, one job per file → flush → SEALED with the exact count, flushed. Any
 * failed send stops the walk and the run is not sealed. The walk and the publishing run on two
 * threads ({@link HandOff}), about 20 % faster on two cores.
 */
public final class RunEnqueuer {

    /** What happened. {@code sealed} is false when a send failed ({@code error} says which). */
    public record Outcome(boolean sealed, long enqueued, long excluded, long walkErrors, Exception error, long failedSends) {
    }

    private final JobPublisher publisher;
    private final JobFactory jobs;
    private final RunEvents events;
    private final SourceWalker walker;
    private final WalkStats stats;

    public RunEnqueuer(JobPublisher publisher, JobFactory jobs, RunEvents events, SourceWalker walker, WalkStats stats) {
        this.publisher = publisher;
        this.jobs = jobs;
        this.events = events;
        this.walker = walker;
        this.stats = stats;
    }

    /**
     * @param roots      absolute, normalised, existing source directories
     * @param outputPath absolute, normalised output root
     * @param adminPath  absolute, normalised admin path or null
     */
    public Outcome enqueue(List<Path> roots, String outputPath, String adminPath, ConversionSettings settings) throws IOException {
        return enqueue(roots, outputPath, adminPath, settings, null, sink -> {
            for (Path root : roots) {
                if (!walker.walk(root, sink)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Where a run's files come from: a walk of the roots, or the items of an earlier run ({@code cbn retry}). */
    @FunctionalInterface
    public interface Files {
        /** Offers every file to {@code sink}; false when the sink stopped it. */
        boolean feed(FileSink sink) throws IOException;
    }

    /**
     * @param retryOf the run this one retries (OPENED's {@code retryOf}), or null
     * @param files   the run's files, offered on this thread
     */
    public Outcome enqueue(List<Path> roots, String outputPath, String adminPath, ConversionSettings settings, String retryOf,
                           Files files) throws IOException {
        publisher.publish(events.opened(roots.stream().map(Path::toString).toList(), outputPath, adminPath, settings, retryOf));
        publisher.flush();
        if (publisher.failed()) {
            return failed();
        }
        FileSink publish = file -> {
            publisher.publish(jobs.create(file));
            return !publisher.failed();
        };
        // the walk (file system calls) on this thread, building + encoding + sending on another
        try (HandOff handOff = new HandOff(publish)) {
            files.feed(handOff);
        }
        publisher.flush();
        if (publisher.failed()) {
            return failed();
        }
        publisher.publish(events.sealed(stats.accepted(), stats.excluded(), stats.walkErrorLines()));
        publisher.flush();
        if (publisher.failed()) {
            return failed();
        }
        return new Outcome(true, stats.accepted(), stats.excluded(), stats.walkErrors(), null, 0);
    }

    private Outcome failed() {
        return new Outcome(false, publisher.jobsAcknowledged(), stats.excluded(), stats.walkErrors(), publisher.firstError(), publisher.failures());
    }

    /** Prints why an unsealed run failed. */
    public static void reportFailure(PrintStream err, String runId, Outcome outcome) {
        err.println("cbn enqueue: " + outcome.failedSends() + " send(s) to Kafka failed; first error: " + outcome.error());
        err.println("cbn enqueue: run " + runId + " was NOT sealed. Fix the cause and enqueue again with --run-id " + runId
                + " (job ids are stable, so jobs already sent are counted once).");
    }
}
