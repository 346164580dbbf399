package io.cbn.launcher;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Waits until a run is COMPLETE: asks the aggregator (GET /runs/{id}, with the stack's login) and then reads summary.json on disk, which the
 * aggregator writes immediately on completion. Gives up when every worker has died or the timeout passes.
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
        while (Instant.now().isBefore(deadline)) {
            Optional<JsonNode> live = stack.aggregatorGet("/runs/" + runId).map(RunWaiter::parse);
            if (live.isPresent()) {
                JsonNode s = live.get();
                String progress = s.path("processed").asText() + "/" + (s.path("expected").isNumber() ? s.path("expected").asText() : "?");
                if (!progress.equals(lastProgress)) {
                    System.err.printf("cbn run %s: %s processed (%s created, %s rejected, %s failed)%n", runId, progress,
                        s.path("created").asText(), s.path("rejected").asText(), s.path("failed").asText());
                    lastProgress = progress;
                }
                if ("COMPLETE".equals(s.path("state").asText())) {
                    Optional<JsonNode> onDisk = SummaryFiles.readSummary(runDir);
                    if (onDisk.isPresent() && "COMPLETE".equals(onDisk.get().path("state").asText())) return onDisk.get();
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

    private static JsonNode parse(String body) {
        try {
            return SummaryFiles.parse(body);
        } catch (Exception e) {
            return null;
        }
    }
}
