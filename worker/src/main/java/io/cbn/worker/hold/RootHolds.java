package io.cbn.worker.hold;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.cbn.schemas.RunNotice;

/**
 * The roots this worker holds (docs/design.md, "Faults, holds and poison jobs"): a source root that is gone or an
 * output root that is not writable holds only the jobs of that root; each such job is parked on cbn.jobs.retry
 * (by the caller) and counted here. This class tells the runs about it with {@link RunNotice}s on cbn.results:
 * HELD when a run's first job is parked under a root, again as the count grows (at most every
 * {@code noticeInterval}, and by {@link #flush()}), RELEASED for every run of the root once the root is back.
 *
 * <p>{@code jobs} of a HELD notice is the number of distinct jobs of that run this worker parked under the root during
 * the current hold: a job re-parked after its back-off is not counted again. Thread-safe.
 */
public class RootHolds {

    public static final String HELD = "HELD";
    public static final String RELEASED = "RELEASED";

    private static final Logger LOG = Logger.getLogger(RootHolds.class);

    /** Publishes one notice on cbn.results; may throw (a notice is information: it is logged and dropped). */
    @FunctionalInterface
    public interface NoticeSender {
        void send(RunNotice notice) throws Exception;
    }

    /** One held root. */
    public record Hold(String root, String reason, String detail, Instant since) { }

    private static final class RunCount {
        long jobs;
        long sentJobs = -1;
        Instant sentAt = Instant.EPOCH;
    }

    private static final class State {
        final Hold hold;
        final Map<String, RunCount> runs = new LinkedHashMap<>();
        long held; // parked and not yet ended by this worker: the cbn_worker_held_jobs gauge

        State(Hold hold) {
            this.hold = hold;
        }
    }

    private final String origin;
    private final Duration noticeInterval;
    private final Clock clock;
    private final NoticeSender sender;
    private final Map<String, State> roots = new LinkedHashMap<>();

    public RootHolds(String origin, Duration noticeInterval, Clock clock, NoticeSender sender) {
        this.origin = origin;
        this.noticeInterval = noticeInterval;
        this.clock = clock;
        this.sender = sender;
    }

    /** The hold of {@code root}, if this worker holds it. */
    public synchronized Optional<Hold> hold(String root) {
        State s = roots.get(root);
        return s == null ? Optional.empty() : Optional.of(s.hold);
    }

    public synchronized boolean isHeld(String root) {
        return roots.containsKey(root);
    }

    /** Starts the hold of {@code root} unless it is held already; its start either way. */
    public Hold hold(String root, String reason, String detail) {
        boolean started;
        Hold hold;
        synchronized (this) {
            State s = roots.get(root);
            started = s == null;
            if (started) {
                s = new State(new Hold(root, reason, detail, clock.instant()));
                roots.put(root, s);
            }
            hold = s.hold;
        }
        if (started) LOG.warnf("holding root %s: %s (%s); its jobs are parked on the retry topic", root, reason, detail);
        return hold;
    }

    /**
     * One job of {@code runId} was parked under {@code root}; {@code firstPark}: it was not parked before (it came
     * from the jobs topic, not back from the retry topic). Sends HELD when due.
     */
    public void parked(String runId, Hold hold, boolean firstPark) {
        RunNotice notice = null;
        synchronized (this) {
            State s = roots.computeIfAbsent(hold.root(), r -> new State(hold));
            RunCount c = s.runs.computeIfAbsent(runId, r -> new RunCount());
            if (firstPark) {
                c.jobs++;
                s.held++;
            }
            Instant now = clock.instant();
            if (c.sentJobs < 0 || (c.jobs != c.sentJobs && !now.isBefore(c.sentAt.plus(noticeInterval)))) {
                notice = heldNotice(runId, s.hold, c, now);
            }
        }
        if (notice != null) send(notice);
    }

    /** A parked job of {@code root} ended here (converted or failed at its hold timeout): one fewer held. */
    public synchronized void ended(String root) {
        State s = roots.get(root);
        if (s != null && s.held > 0) s.held--;
    }

    /** {@code root} is back: ends its hold and sends RELEASED for each run that had jobs held under it. */
    public void release(String root) {
        State s;
        synchronized (this) {
            s = roots.remove(root);
        }
        if (s == null) return;
        LOG.infof("root %s is back: hold (%s since %s) released", root, s.hold.reason(), s.hold.since());
        Instant now = clock.instant();
        for (String runId : s.runs.keySet()) {
            send(RunNotice.newBuilder().setRunId(runId).setKind(RELEASED).setRoot(root).setReason(s.hold.reason())
                    .setSince(s.hold.since()).setJobs(s.runs.get(runId).jobs).setOrigin(origin).setAt(now).build());
        }
    }

    /** Sends the HELD notices whose count grew since they were last sent (called every {@code noticeInterval}). */
    public void flush() {
        List<RunNotice> due = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            for (State s : roots.values()) {
                s.runs.forEach((runId, c) -> {
                    if (c.jobs != c.sentJobs) due.add(heldNotice(runId, s.hold, c, now));
                });
            }
        }
        due.forEach(this::send);
    }

    /** Jobs this worker parked under {@code root} that are still held (the cbn_worker_held_jobs gauge). */
    public synchronized long heldJobs(String root) {
        State s = roots.get(root);
        return s == null ? 0 : s.held;
    }

    public synchronized List<Hold> holds() {
        return roots.values().stream().map(s -> s.hold).toList();
    }

    private RunNotice heldNotice(String runId, Hold hold, RunCount c, Instant now) {
        c.sentJobs = c.jobs;
        c.sentAt = now;
        return RunNotice.newBuilder().setRunId(runId).setKind(HELD).setRoot(hold.root()).setReason(hold.reason())
                .setSince(hold.since()).setJobs(c.jobs).setOrigin(origin).setAt(now).build();
    }

    private void send(RunNotice notice) {
        try {
            sender.send(notice);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("run notice %s %s for run %s not sent: %s", notice.getKind(), notice.getRoot(), notice.getRunId(), e);
        }
    }
}
