package io.cbn.aggregator.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.jboss.logging.Logger;

import io.cbn.aggregator.ledger.OutputCheck;
import io.cbn.aggregator.ledger.RunLedger;
import io.cbn.aggregator.ledger.RunRegistry;
import io.cbn.aggregator.ledger.RunSnapshot;
import io.cbn.aggregator.ledger.RunState;
import io.cbn.aggregator.ledger.VerificationRequest;

/**
 * Decides when each run's report files are (re)written and does it: a run is written when it
 * changed, at most once per debounce interval, and at once when its state changes (so COMPLETE is
 * on disk immediately). For a run so big that rendering its files takes longer than a tenth of the
 * debounce, the interval stretches to ten times the last write's duration, so rewriting a huge
 * items.jsonl never takes more than about a tenth of the publisher's time. A run reaching zero outstanding first gets its outputs re-hashed. Runs
 * whose OPENED has not arrived yet (admin path unknown) are written as soon as it does.
 * {@link #publish(boolean)} is meant to be called by one thread, periodically.
 */
public final class ReportPublisher {

    private static final Logger LOG = Logger.getLogger(ReportPublisher.class);

    private final RunRegistry registry;
    private final ReportWriter writer;
    private final OutputVerifier verifier;
    private final Duration debounce;
    private final Clock clock;

    /** A big run's files take a while to render: wait at least this many times as long between writes. */
    static final int WRITE_COST_FACTOR = 10;

    /** What was last written for a run, when, and the debounce that applies after it. */
    private record Written(long version, RunState state, Instant at, boolean failed, Duration pause) {
    }

    private final Map<String, Written> written = new HashMap<>();

    public ReportPublisher(RunRegistry registry, ReportWriter writer, OutputVerifier verifier, Duration debounce,
                           Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.debounce = Objects.requireNonNull(debounce, "debounce");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Verifies the runs that need it and writes the runs that are due.
     *
     * @param flush write every changed run now, ignoring the debounce (shutdown)
     * @return how many runs were written
     */
    public synchronized int publish(boolean flush) {
        int count = 0;
        for (RunLedger ledger : registry.all()) {
            verifyIfDue(ledger);
            if (writeIfDue(ledger, flush)) {
                count++;
            }
        }
        return count;
    }

    private void verifyIfDue(RunLedger ledger) {
        VerificationRequest request = ledger.verificationRequest();
        if (request == null) {
            return;
        }
        OutputCheck check = verifier.verify(request);
        if (!ledger.recordOutputCheck(request, check)) {
            LOG.debugf("run %s: output check superseded by a newer result, will verify again", ledger.runId());
        }
    }

    private boolean writeIfDue(RunLedger ledger, boolean flush) {
        String adminPath = ledger.adminPath();
        if (adminPath == null) {
            return false;
        }
        Instant now = clock.instant();
        long version = ledger.version();
        RunState state = ledger.state();
        Written last = written.get(ledger.runId());
        if (last != null && last.version() == version && last.state() == state) {
            return false;
        }
        boolean due = flush || last == null || last.state() != state || !now.isBefore(last.at().plus(last.pause()));
        if (!due) {
            return false;
        }
        RunSnapshot snapshot = ledger.snapshot();
        try {
            Path dir = writer.write(Path.of(adminPath), snapshot);
            Duration took = Duration.between(now, clock.instant());
            Duration pause = took.multipliedBy(WRITE_COST_FACTOR).compareTo(debounce) > 0
                    ? took.multipliedBy(WRITE_COST_FACTOR) : debounce;
            if (last != null && last.failed()) {
                LOG.infof("run %s: reports written to %s again", ledger.runId(), dir);
            }
            if (last == null || last.state() != snapshot.summary().state()) {
                LOG.infof("run %s: %s, %d/%s processed, reports in %s", ledger.runId(), snapshot.summary().state(),
                        snapshot.summary().processed(),
                        snapshot.summary().expected() == null ? "?" : snapshot.summary().expected(), dir);
            }
            written.put(ledger.runId(), new Written(version, snapshot.summary().state(), now, false, pause));
            return true;
        } catch (IOException | RuntimeException e) {
            if (last == null || !last.failed()) {
                if (e instanceof IOException) {
                    LOG.errorf("run %s: cannot write reports under %s (%s); retrying every %s", ledger.runId(),
                            adminPath, e, debounce);
                } else {
                    LOG.errorf(e, "run %s: cannot write reports under %s; retrying every %s", ledger.runId(), adminPath,
                            debounce);
                }
            }
            // version -1: changed in the next round, retried once the debounce has passed
            written.put(ledger.runId(), new Written(-1, state, now, true, debounce));
            return false;
        }
    }
}
