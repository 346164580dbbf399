package io.cbn.launcher;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Waits until a run is COMPLETE: watches the run's summary.json, which the aggregator rewrites as results are counted
 * (at most once per write-debounce) and at once when the run completes, and reads it again whenever its modification
 * time or size changed. Looking at a file's attributes four times a second costs next to nothing; asking the
 * aggregator's HTTP endpoint as often cost CPU on the cores the conversions run on (bench/README.md, pipeline
 * benchmark, session 6). Gives up when every worker has died or the timeout passes.
 */
final class RunWaiter {
    private final LocalStack stack;
    private final String runId;
    private final Path runDir;
    private final Duration timeout;

    RunWaiter(LocalStack stack, String runId, Path runDir, Duration timeout) {
        this.stack = stack;
        this.runId = runId;
        this.runDir = runDir;
        this.timeout = timeout;
    }

    /** The COMPLETE summary.json, or null (reason printed) when the run could not complete. */
    JsonNode await() throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String lastProgress = "";
        Path summaryFile = runDir.resolve("summary.json");
        String lastSeen = "";
        while (Instant.now().isBefore(deadline)) {
            String seen = attributes(summaryFile);
            if (!seen.equals(lastSeen)) {
                Optional<JsonNode> onDisk = SummaryFiles.readSummary(runDir);
                if (onDisk.isPresent()) {
                    lastSeen = seen;
                    JsonNode s = onDisk.get();
                    String progress = s.path("processed").asText() + "/" + (s.path("expected").isNumber() ? s.path("expected").asText() : "?");
                    if (!progress.equals(lastProgress)) {
                        System.err.printf("cbn run %s: %s processed (%s created, %s rejected, %s failed)%n", runId, progress,
                            s.path("created").asText(), s.path("rejected").asText(), s.path("failed").asText());
                        lastProgress = progress;
                    }
                    if ("COMPLETE".equals(s.path("state").asText())) return s;
                }
            }
            if (!stack.anyWorkerAlive()) {
                System.err.println("cbn run: every worker process has exited; last lines of " + stack.workers().get(0).log() + ":\n"
                    + stack.workers().get(0).tail(20));
                return null;
            }
            if (!stack.aggregator().isAlive()) {
                System.err.println("cbn run: the aggregator exited:\n" + stack.aggregator().tail(20));
                return null;
            }
            Thread.sleep(250); // polling interval of a CLI progress loop, not a test wait
        }
        System.err.println("cbn run: run " + runId + " not complete after " + timeout);
        return null;
    }

    /** "file key, mtime, size" of the file (the key changes with each atomic replace), or "" while it does not exist. */
    private static String attributes(Path file) {
        try {
            java.nio.file.attribute.BasicFileAttributes a = java.nio.file.Files.readAttributes(file,
                java.nio.file.attribute.BasicFileAttributes.class);
            return a.fileKey() + " " + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS) + " " + a.size();
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
