package io.cbn.aggregator.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.cbn.aggregator.ledger.LedgerSettings;
import io.cbn.aggregator.ledger.OutputCheckResult;
import io.cbn.aggregator.ledger.RunLedger;
import io.cbn.aggregator.ledger.RunState;
import io.cbn.aggregator.ledger.RunSummary;
import io.cbn.aggregator.report.ItemsJsonl;
import io.cbn.aggregator.report.OutputVerifier;
import io.cbn.aggregator.report.ReportWriter;
import io.cbn.aggregator.state.CheckpointStore;
import io.cbn.aggregator.state.ClosedRuns;
import io.cbn.aggregator.state.ItemsAppender;
import io.cbn.aggregator.state.LateRecords;
import io.cbn.aggregator.state.UnknownRuns;
import io.cbn.schemas.JobResult;
import io.cbn.schemas.RunEvent;
import io.cbn.schemas.RunEventType;
import io.cbn.schemas.RunNotice;

/**
 * The aggregator's core, plain Java (docs/design.md, "Aggregator state"): open runs in memory,
 * closed runs in their files, a checkpoint of the open ones with the offsets it covers.
 *
 * <p>{@link #onRecord} and {@link #tick} are called by one thread, the consumer's, between polls:
 * so the positions recorded in a checkpoint or at a run's close are exactly those of the messages
 * applied. The query methods may be called by any thread.
 *
 * <ul>
 *   <li>OPENED creates a run's ledger and its items.jsonl appender; results and notices for a run
 *       not opened yet are kept aside ({@link UnknownRuns}) and applied when OPENED arrives.</li>
 *   <li>A run that is COMPLETE (sealed, nothing outstanding, output check done) is closed at the next
 *       tick: items.jsonl forced, summary.txt and summary.json written, an entry added to
 *       {@link ClosedRuns}, a checkpoint written, the ledger dropped. Nothing rewrites its files after;
 *       what arrives for it later goes to its side record ({@link LateRecords}).</li>
 *   <li>A checkpoint is written at most every {@code checkpointInterval} while messages arrive, at
 *       every close and at stop. On start the last one is loaded and the consumer seeks to its
 *       positions; items.jsonl files are cut back to the checkpointed length.</li>
 * </ul>
 */
public final class Aggregator {

    private static final Logger LOG = Logger.getLogger(Aggregator.class);
    /** Stop reading while a run has this much of items.jsonl not written (its admin path is failing). */
    static final int BACKPRESSURE_BYTES = 32 * 1024 * 1024;

    /** Configuration of the core. */
    public record Settings(LedgerSettings ledger, Path stateDir, Duration checkpointInterval, Duration writeDebounce,
                           int maxUnknownRecords, int closedRunsKept, int checkThreads, String runsTopic,
                           String resultsTopic) {
        public Settings {
            Objects.requireNonNull(ledger, "ledger");
            Objects.requireNonNull(stateDir, "stateDir");
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final AggregatorListener listener;
    private final ReportWriter writer = new ReportWriter();
    private final OutputVerifier verifier;
    private final ItemsJsonl lines = new ItemsJsonl();
    private final MessageDecoder decoder = new MessageDecoder();

    private final ConcurrentHashMap<String, OpenRun> open = new ConcurrentHashMap<>();
    private final ClosedRuns closed;
    private final LateRecords late = new LateRecords();
    private final UnknownRuns unknown;
    private final CheckpointStore checkpoints;
    private final Positions positions = new Positions();
    private final FailingPaths failing = new FailingPaths();

    private boolean changedSinceCheckpoint;
    private boolean checkpointNow;
    private Instant lastCheckpoint = Instant.EPOCH;
    private volatile long undecodable;
    private volatile long unapplied;
    private volatile long lateResults;

    public Aggregator(Settings settings, Clock clock, AggregatorListener listener) {
        this.settings = settings;
        this.clock = clock;
        this.listener = listener == null ? new AggregatorListener() { } : listener;
        this.verifier = new OutputVerifier(settings.checkThreads());
        this.closed = new ClosedRuns(settings.stateDir(), settings.closedRunsKept());
        this.unknown = new UnknownRuns(settings.maxUnknownRecords());
        this.checkpoints = new CheckpointStore(settings.stateDir());
    }

    // ---------------------------------------------------------------- start

    /**
     * Loads the closed-run index and the last checkpoint.
     *
     * @return the positions to read on from ("topic-partition" -> next offset); partitions not
     *         listed are read from the beginning
     */
    public Map<String, Long> start() throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(settings.stateDir());
        closed.load();
        CheckpointStore.Loaded loaded;
        try {
            loaded = checkpoints.load(settings.ledger(), unknown);
        } catch (IOException | RuntimeException e) {
            // rebuilding from the topics gives the same open runs; closed ones are protected by their files
            LOG.errorf("cannot read the checkpoint %s (%s): reading the topics from the beginning", checkpoints.file(),
                    e.toString());
            unknown.read(emptyUnknown());
            loaded = null;
        }
        if (loaded == null) {
            LOG.infof("no checkpoint in %s: reading the topics from the beginning (%d closed runs known)",
                    settings.stateDir(), closed.size());
            return Map.of();
        }
        positions.putAll(loaded.positions());
        for (CheckpointStore.OpenRun run : loaded.runs()) {
            String id = run.ledger().runId();
            if (closed.find(id).isPresent() || closedOnDisk(run.ledger().adminPath(), id)) {
                continue;
            }
            OpenRun r = new OpenRun(run.ledger(), ItemsAppender.open(itemsFile(run.ledger().adminPath(), id),
                    run.itemsLength()));
            open.put(id, r);
            listener.runOpened(run.ledger());
        }
        lastCheckpoint = clock.instant();
        LOG.infof("checkpoint loaded in %d ms: %d open runs, %d closed runs known, %d messages of unknown runs, "
                        + "reading on from %d partition positions", (System.nanoTime() - started) / 1_000_000,
                open.size(), closed.size(), unknown.size(), positions.size());
        return positions.copy();
    }

    private static java.io.DataInput emptyUnknown() {
        return new java.io.DataInputStream(new java.io.ByteArrayInputStream(new byte[12]));
    }

    // ---------------------------------------------------------------- messages

    /** One message as read from {@code topic}: decoded, applied, position advanced. Never throws. */
    public void onRecord(String topic, int partition, long offset, byte[] value) {
        positions.applied(topic, partition, offset);
        changedSinceCheckpoint = true;
        dispatch(new UnknownRuns.Pending(topic, partition, offset, value));
    }

    private void dispatch(UnknownRuns.Pending p) {
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
        OpenRun created = new OpenRun(ledger, ItemsAppender.open(itemsFile(e.getAdminPath(), id), 0));
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

    // ---------------------------------------------------------------- tick

    /**
     * Writes what is due: items.jsonl buffers, the output check and close of completed runs,
     * summaries of changed runs (at most once per debounce, at once on a state change), side
     * records, and the checkpoint.
     *
     * @param caughtUp whether the backlog present at start has been read (summaries are written and
     *                 runs closed only then, so a restart does not write half-replayed numbers)
     * @param force    write every changed summary and a checkpoint now (shutdown)
     */
    public void tick(boolean caughtUp, boolean force) {
        Instant now = clock.instant();
        boolean allFlushed = true;
        for (OpenRun run : open.values()) {
            try {
                run.items.flush();
                writable(run.items.file().getParent());
            } catch (IOException | RuntimeException e) {
                allFlushed = false;
                unwritable(run.items.file().getParent(), e);
            }
        }
        if (caughtUp) {
            List<OpenRun> runs = new ArrayList<>(open.values());
            runs.sort(Comparator.comparing(r -> r.ledger.runId()));
            for (OpenRun run : runs) {
                if (run.items.pendingBytes() > 0) {
                    continue;
                }
                publish(run, now, force);
            }
        }
        try {
            late.flush();
        } catch (IOException | RuntimeException e) {
            LOG.errorf("cannot write a late.json side record (%s); retrying", e.toString());
        }
        boolean due = checkpointNow || force
                || (changedSinceCheckpoint && !now.isBefore(lastCheckpoint.plus(settings.checkpointInterval())));
        if (due && allFlushed) {
            checkpoint(now);
        }
    }

    private void publish(OpenRun run, Instant now, boolean force) {
        RunLedger ledger = run.ledger;
        Path dir = ReportWriter.runDirectory(Path.of(ledger.adminPath()), ledger.runId());
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
                writable(dir);
                return;
            }
            long version = ledger.version();
            if (run.writtenVersion == version && run.writtenState == state) {
                return;
            }
            boolean due = force || run.writtenAt == null || run.writtenState != state
                    || !now.isBefore(run.writtenAt.plus(settings.writeDebounce()));
            if (!due) {
                return;
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
            writable(dir);
        } catch (IOException | RuntimeException e) {
            unwritable(dir, e);
        }
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
        checkpointNow = true;
        LOG.infof("run %s: COMPLETE, %d/%d processed, closed; reports in %s are final", ledger.runId(),
                summary.processed(), summary.expected(), dir);
    }

    private void checkpoint(Instant now) {
        long started = System.nanoTime();
        try {
            List<CheckpointStore.OpenRun> runs = new ArrayList<>();
            for (OpenRun run : open.values()) {
                run.items.force();
                runs.add(new CheckpointStore.OpenRun(run.ledger, run.items.flushedLength()));
            }
            checkpoints.write(positions.view(), runs, unknown);
            lastCheckpoint = now;
            changedSinceCheckpoint = false;
            checkpointNow = false;
            writable(settings.stateDir());
            LOG.debugf("checkpoint of %d open runs written in %d ms", runs.size(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            unwritable(settings.stateDir(), e);
        }
    }

    /** True while some run's items.jsonl cannot be written and its buffer is large: stop reading for now. */
    public boolean backpressure() {
        for (OpenRun run : open.values()) {
            if (run.items.pendingBytes() > BACKPRESSURE_BYTES) {
                return true;
            }
        }
        return false;
    }

    private void unwritable(Path path, Exception e) {
        failing.unwritable(path, e);
    }

    private void writable(Path path) {
        failing.writable(path);
    }

    // ---------------------------------------------------------------- helpers

    private static Path itemsFile(String adminPath, String runId) {
        return ReportWriter.runDirectory(Path.of(adminPath), runId).resolve(ReportWriter.ITEMS_JSONL);
    }

    /** A summary.json saying COMPLETE is a closed run (e.g. closed before a checkpoint was lost): never rewritten. */
    private boolean closedOnDisk(String adminPath, String runId) {
        return adminPath != null && closed.addIfCompleteOnDisk(runId, adminPath,
                ReportWriter.runDirectory(Path.of(adminPath), runId).resolve(ReportWriter.SUMMARY_JSON));
    }

    // ---------------------------------------------------------------- queries (any thread)

    public Optional<RunLedger> openRun(String runId) {
        OpenRun run = open.get(runId);
        return run == null ? Optional.empty() : Optional.of(run.ledger);
    }

    public List<RunLedger> openRuns() {
        List<RunLedger> list = new ArrayList<>();
        open.values().forEach(r -> list.add(r.ledger));
        return list;
    }

    public Optional<ClosedRuns.Entry> closedRun(String runId) {
        return closed.find(runId);
    }

    public List<ClosedRuns.Entry> closedRuns() {
        return closed.all();
    }

    /** A run's items.jsonl and how many of its bytes are complete lines; empty for an unknown run. */
    public Optional<Map.Entry<Path, Long>> itemsFile(String runId) {
        OpenRun run = open.get(runId);
        if (run != null) {
            return Optional.of(Map.entry(run.items.file(), run.items.flushedLength()));
        }
        return closed.find(runId).map(e -> {
            Path file = itemsFile(e.adminPath(), runId);
            try {
                return Map.entry(file, Files.size(file));
            } catch (IOException ex) {
                return Map.entry(file, 0L);
            }
        });
    }

    public List<UnknownRuns.View> unknownRuns() {
        return unknown.view(settings.resultsTopic());
    }

    public int unknownRecords() {
        return unknown.size();
    }

    public long unknownDropped() {
        return unknown.dropped();
    }

    /** Paths that cannot be written now -> the error. */
    public Map<String, String> failingPaths() {
        return failing.view();
    }

    public long undecodable() {
        return undecodable;
    }

    public long unapplied() {
        return unapplied;
    }

    public long lateResults() {
        return lateResults;
    }
}
