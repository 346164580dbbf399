package io.cbn.aggregator.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.cbn.aggregator.ledger.OutputCheckResult;
import io.cbn.aggregator.ledger.RunLedger;
import io.cbn.aggregator.ledger.RunState;
import io.cbn.aggregator.ledger.RunSummary;
import io.cbn.aggregator.report.OutputVerifier;
import io.cbn.aggregator.report.ReportWriter;
import io.cbn.aggregator.state.ClosedRuns;

/**
 * Writes an open run's report files and closes a COMPLETE run (docs/design.md, "Aggregator state"): the output
 * check once the run is due for it; summary.txt and summary.json of a changed run at most once per
 * {@code writeDebounce}, at once on a state change; and, once COMPLETE, the close: items.jsonl forced, the summaries
 * written a last time, an entry added to {@link ClosedRuns} with the positions read so far, the run dropped from the
 * open ones. Nothing rewrites a closed run's files after. A path that cannot be written is listed in
 * {@link FailingPaths} until a write under it works again. Consumer thread only, from {@link Aggregator#tick}.
 */
final class RunReports {

    private static final Logger LOG = Logger.getLogger(RunReports.class);

    private final Aggregator.Settings settings;
    private final AggregatorListener listener;
    private final ReportWriter writer = new ReportWriter();
    private final OutputVerifier verifier;

    private final ConcurrentHashMap<String, OpenRun> open;
    private final ClosedRuns closed;
    private final Positions positions;
    private final FailingPaths failing;

    RunReports(Aggregator.Settings settings, AggregatorListener listener, ConcurrentHashMap<String, OpenRun> open,
               ClosedRuns closed, Positions positions, FailingPaths failing) {
        this.settings = settings;
        this.listener = listener;
        this.verifier = new OutputVerifier(settings.checkThreads());
        this.open = open;
        this.closed = closed;
        this.positions = positions;
        this.failing = failing;
    }

    /**
     * Runs the output check when {@code run} is due for it, then closes the run if it is COMPLETE, else writes its
     * summaries if they changed and the debounce allows ({@code force}: now).
     *
     * @return true when the run was closed now (a checkpoint is then due)
     */
    boolean publish(OpenRun run, Instant now, boolean force) {
        RunLedger ledger = run.ledger;
        Path dir = ReportWriter.runDirectory(Path.of(ledger.adminPath()), ledger.runId());
        boolean closedNow = false;
        try {
            if (ledger.dueForOutputCheck()) {
                run.items.force();
                OutputCheckResult check = verifier.check(run.items.file(),
                        Path.of(ledger.outputPath() == null ? "." : ledger.outputPath()),
                        settings.ledger().outputCheck());
                ledger.recordOutputCheck(check);
            }
            RunState state = ledger.state();
            if (state == RunState.COMPLETE) {
                close(run);
                closedNow = true;
                failing.writable(dir);
                return true;
            }
            long version = ledger.version();
            if (run.writtenVersion == version && run.writtenState == state) {
                return false;
            }
            boolean due = force || run.writtenAt == null || run.writtenState != state
                    || !now.isBefore(run.writtenAt.plus(settings.writeDebounce()));
            if (!due) {
                return false;
            }
            RunSummary summary = ledger.summary();
            writer.write(Path.of(ledger.adminPath()), summary);
            if (run.writtenState != summary.state()) {
                LOG.infof("run %s: %s, %d/%s processed, reports in %s", ledger.runId(), summary.state(),
                        summary.processed(), summary.expected() == null ? "?" : summary.expected(), dir);
            }
            run.writtenVersion = version;
            run.writtenState = summary.state();
            run.writtenAt = now;
            failing.writable(dir);
        } catch (IOException | RuntimeException e) {
            failing.unwritable(dir, e);
        }
        return closedNow;
    }

    private void close(OpenRun run) throws IOException {
        RunLedger ledger = run.ledger;
        run.items.force();
        RunSummary summary = ledger.summary();
        Path dir = writer.write(Path.of(ledger.adminPath()), summary);
        closed.add(new ClosedRuns.Entry(ledger.runId(), ledger.adminPath(), summary.state().name(),
                summary.expected(), summary.processed(), summary.counts().created(), summary.counts().rejected(),
                summary.counts().failed(), positions.copy()), true);
        open.remove(ledger.runId());
        run.items.close();
        listener.runClosed(ledger.runId());
        LOG.infof("run %s: COMPLETE, %d/%d processed, closed; reports in %s are final", ledger.runId(),
                summary.processed(), summary.expected(), dir);
    }
}
