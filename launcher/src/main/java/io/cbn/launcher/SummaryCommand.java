package io.cbn.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ./cbn summary}: prints a run's summary.txt and exits with the run's verdict (0/1/2). */
@Command(name = "summary", mixinStandardHelpOptions = true,
    description = "Print the QA summary of a run (the latest one unless --run-id is given); exit 0 all created, 1 QA issues, 2 not complete.")
public final class SummaryCommand implements Callable<Integer> {
    @Option(names = "--admin-path", required = true, description = "Admin directory the aggregator writes runs/<runId>/ into.")
    Path adminPath;

    @Option(names = "--run-id", description = "Run to show (default: the most recently updated).")
    String runId;

    @Override
    public Integer call() throws Exception {
        String id = runId != null ? runId : SummaryFiles.latestRun(adminPath).orElse(null);
        if (id == null) {
            System.err.println("no run summaries under " + adminPath.resolve("runs"));
            return RunVerdict.NOT_COMPLETED;
        }
        Path dir = SummaryFiles.runDir(adminPath, id);
        JsonNode summary = SummaryFiles.readSummary(dir).orElse(null);
        if (summary == null) {
            System.err.println("no summary.json for run " + id + " in " + dir);
            return RunVerdict.NOT_COMPLETED;
        }
        System.out.print(SummaryFiles.readText(dir));
        return RunVerdict.exitCode(summary);
    }
}
