package io.cbn.aggregator.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.cbn.aggregator.ledger.RunLedger;
import io.cbn.aggregator.report.ItemsJsonl;
import io.cbn.aggregator.report.ReportWriter;
import io.cbn.aggregator.state.ClosedRuns;
import io.cbn.aggregator.state.ItemsAppender;
import io.cbn.aggregator.state.LateRecords;
import io.cbn.aggregator.state.UnknownRuns;
import io.cbn.schemas.JobResult;
import io.cbn.schemas.RunEvent;
import io.cbn.schemas.RunEventType;
import io.cbn.schemas.RunNotice;

/**
 * Applies each message of cbn.runs and cbn.results to the run it belongs to (docs/design.md, "Aggregator state"):
 * decodes it ({@link MessageDecoder}) and hands a {@link RunEvent}, {@link RunNotice} or {@link JobResult} to its
 * open run's ledger (a counted result also becomes a line of the run's items.jsonl), keeps it aside for a run not
 * opened yet ({@link UnknownRuns}), or, for a closed run, counts a late result in its side record
 * ({@link LateRecords}). OPENED creates a run's ledger and its items.jsonl appender, links a retry to the run it
 * retries, and applies what was kept aside for the run.
 *
 * <p>Called by the consumer thread only, through {@link Aggregator#onRecord}; the counters may be read by any
 * thread.
 */
final class MessageRouter {

    private static final Logger LOG = Logger.getLogger(MessageRouter.class);

    private final Aggregator.Settings settings;
    private final AggregatorListener listener;
    private final ItemsJsonl lines = new ItemsJsonl();
    private final MessageDecoder decoder = new MessageDecoder();

    private final ConcurrentHashMap<String, OpenRun> open;
    private final ClosedRuns closed;
    private final LateRecords late;
    private final UnknownRuns unknown;
    private final Positions positions;

    private volatile long undecodable;
    private volatile long unapplied;
    private volatile long lateResults;

    MessageRouter(Aggregator.Settings settings, AggregatorListener listener, ConcurrentHashMap<String, OpenRun> open,
                  ClosedRuns closed, LateRecords late, UnknownRuns unknown, Positions positions) {
        this.settings = settings;
        this.listener = listener;
        this.open = open;
        this.closed = closed;
        this.late = late;
        this.unknown = unknown;
        this.positions = positions;
    }

    /** Decodes {@code p} and applies it to its run. Never throws: what cannot be decoded or applied is logged and counted. */
    void dispatch(UnknownRuns.Pending p) {
        if (p.value() == null) {
            return;
        }
        Object message;
        try {
            message = decoder.decode(p.topic().equals(settings.runsTopic()), p.value());
        } catch (RuntimeException e) {
            undecodable++;
            listener.undecodable(p.topic());
            LOG.errorf("skipped undecodable message %s-%d@%d: %s", p.topic(), p.partition(), p.offset(), e.getMessage());
            return;
        }
        try {
            if (message instanceof RunEvent e) {
                onRunEvent(e, p);
                listener.runMessageApplied();
            } else if (message instanceof RunNotice n) {
                onNotice(n, p);
                listener.runMessageApplied();
            } else {
                onResult((JobResult) message, p);
            }
        } catch (IOException | RuntimeException e) {
            // a message the ledger cannot take must not stop every other run's summary
            unapplied++;
            LOG.errorf(e, "cannot apply %s-%d@%d; skipped", p.topic(), p.partition(), p.offset());
        }
    }

    private void onRunEvent(RunEvent e, UnknownRuns.Pending p) throws IOException {
        String id = e.getRunId();
        OpenRun run = open.get(id);
        if (run != null) {
            run.ledger.apply(e);
            return;
        }
        if (closed.find(id).isPresent()) {
            LOG.debugf("run %s is closed: %s ignored", id, e.getType());
            return;
        }
        if (e.getType() != RunEventType.OPENED) {
            keepAside(id, p);
            return;
        }
        if (e.getAdminPath() == null || e.getAdminPath().isBlank()) {
            throw new IllegalArgumentException("OPENED of run " + id + " names no admin path");
        }
        if (closedOnDisk(e.getAdminPath(), id)) {
            return;
        }
        RunLedger ledger = new RunLedger(e, settings.ledger());
        OpenRun created = new OpenRun(ledger, ItemsAppender.open(OpenRun.itemsFile(e.getAdminPath(), id), 0));
        open.put(id, created);
        listener.runOpened(ledger);
        LOG.infof("run %s opened (admin path %s)", id, e.getAdminPath());
        if (e.getRetryOf() != null && !e.getRetryOf().isBlank()) {
            linkRetry(e.getRetryOf(), id);
        }
        List<UnknownRuns.Pending> kept = unknown.take(id);
        if (!kept.isEmpty()) {
            LOG.infof("run %s: applying %d messages kept aside until its OPENED", id, kept.size());
        }
        for (UnknownRuns.Pending k : kept) {
            dispatch(k);
        }
    }

    private void linkRetry(String original, String retry) throws IOException {
        Optional<ClosedRuns.Entry> entry = closed.find(original);
        String admin = entry.map(ClosedRuns.Entry::adminPath)
                .orElseGet(() -> open.containsKey(original) ? open.get(original).ledger.adminPath() : null);
        if (admin == null) {
            LOG.warnf("run %s retries run %s, which this aggregator does not know", retry, original);
            return;
        }
        late.retriedBy(Path.of(admin), original, retry);
    }

    private void onNotice(RunNotice n, UnknownRuns.Pending p) {
        OpenRun run = open.get(n.getRunId());
        if (run != null) {
            run.ledger.apply(n);
        } else if (closed.find(n.getRunId()).isEmpty()) {
            keepAside(n.getRunId(), p);
        }
    }

    private void onResult(JobResult r, UnknownRuns.Pending p) throws IOException {
        OpenRun run = open.get(r.getRunId());
        if (run != null) {
            RunLedger.Counted counted = run.ledger.apply(r);
            if (counted != null) {
                lines.render(counted.item(), counted.qaIssues());
                run.items.append(lines.buffer(), lines.length());
            }
            listener.resultApplied(counted != null);
            return;
        }
        Optional<ClosedRuns.Entry> entry = closed.find(r.getRunId());
        if (entry.isEmpty()) {
            keepAside(r.getRunId(), p);
            return;
        }
        String key = positions.key(p.topic(), p.partition());
        Long closedAt = entry.get().closedAt().get(key);
        if (entry.get().closedAt().isEmpty() || (closedAt != null && p.offset() < closedAt)) {
            return; // read before the run closed (a replay): already part of the run
        }
        if (late.result(Path.of(entry.get().adminPath()), r.getRunId(), r.getJobId(), r.getOutcome().name(),
                r.getFinishedAt(), key, p.offset())) {
            lateResults++;
            listener.lateResult();
        }
    }

    private void keepAside(String runId, UnknownRuns.Pending p) {
        for (String dropped : unknown.add(runId, p)) {
            LOG.errorf("messages kept for unknown run %s dropped: more than %d messages of unknown runs",
                    dropped, settings.maxUnknownRecords());
        }
    }

    /** A summary.json saying COMPLETE is a closed run (e.g. closed before a checkpoint was lost): never rewritten. */
    boolean closedOnDisk(String adminPath, String runId) {
        return adminPath != null && closed.addIfCompleteOnDisk(runId, adminPath,
                ReportWriter.runDirectory(Path.of(adminPath), runId).resolve(ReportWriter.SUMMARY_JSON));
    }

    long undecodable() {
        return undecodable;
    }

    long unapplied() {
        return unapplied;
    }

    long lateResults() {
        return lateResults;
    }
}
