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
import io.cbn.aggregator.ledger.RunLedger;
import io.cbn.aggregator.state.CheckpointStore;
import io.cbn.aggregator.state.ClosedRuns;
import io.cbn.aggregator.state.ItemsAppender;
import io.cbn.aggregator.state.LateRecords;
import io.cbn.aggregator.state.UnknownRuns;

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
 * Each message is applied by {@link MessageRouter}; report files are written and runs closed by
 * {@link RunReports}; this class holds the state they share, the checkpoint and the queries.
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
    private final ConcurrentHashMap<String, OpenRun> open = new ConcurrentHashMap<>();
    private final ClosedRuns closed;
    private final LateRecords late = new LateRecords();
    private final UnknownRuns unknown;
    private final CheckpointStore checkpoints;
    private final Positions positions = new Positions();
    private final FailingPaths failing = new FailingPaths();
    private final MessageRouter router;
    private final RunReports reports;

    private boolean changedSinceCheckpoint;
    private boolean checkpointNow;
    private Instant lastCheckpoint = Instant.EPOCH;

    public Aggregator(Settings settings, Clock clock, AggregatorListener listener) {
        this.settings = settings;
        this.clock = clock;
        this.listener = listener == null ? new AggregatorListener() { } : listener;
        this.closed = new ClosedRuns(settings.stateDir(), settings.closedRunsKept());
        this.unknown = new UnknownRuns(settings.maxUnknownRecords());
        this.checkpoints = new CheckpointStore(settings.stateDir());
        this.router = new MessageRouter(settings, this.listener, open, closed, late, unknown, positions);
        this.reports = new RunReports(settings, this.listener, open, closed, positions, failing);
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
            if (closed.find(id).isPresent() || router.closedOnDisk(run.ledger().adminPath(), id)) {
                continue;
            }
            OpenRun r = new OpenRun(run.ledger(), ItemsAppender.open(OpenRun.itemsFile(run.ledger().adminPath(), id),
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
        router.dispatch(new UnknownRuns.Pending(topic, partition, offset, value));
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
                if (reports.publish(run, now, force)) {
                    checkpointNow = true;
                }
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
            Path file = OpenRun.itemsFile(e.adminPath(), runId);
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
        return router.undecodable();
    }

    public long unapplied() {
        return router.unapplied();
    }

    public long lateResults() {
        return router.lateResults();
    }
}
