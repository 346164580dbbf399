package io.cbn.aggregator.ledger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.cbn.schemas.JobResult;
import io.cbn.schemas.RunEvent;

/**
 * Every run the aggregator knows, by runId. A run is created by whichever message about it arrives
 * first: a result may come before its run's OPENED (different topics), and is kept.
 */
public final class RunRegistry {

    private final LedgerSettings settings;
    private final ConcurrentHashMap<String, RunLedger> runs = new ConcurrentHashMap<>();
    private final List<Consumer<RunLedger>> newRunListeners = new CopyOnWriteArrayList<>();

    public RunRegistry(LedgerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Called once for every run created from now on (e.g. to register its metrics). */
    public void onNewRun(Consumer<RunLedger> listener) {
        newRunListeners.add(listener);
    }

    public void apply(RunEvent event) {
        ledger(event.getRunId()).apply(event);
    }

    public RunLedger.Applied apply(JobResult result) {
        return ledger(result.getRunId()).apply(result);
    }

    public Optional<RunLedger> find(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    public Collection<RunLedger> all() {
        return runs.values();
    }

    /** Summaries of all runs, newest opened first (runs not opened yet last), then by runId. */
    public List<RunSummary> summaries() {
        List<RunSummary> list = new ArrayList<>();
        for (RunLedger ledger : runs.values()) {
            list.add(ledger.summary());
        }
        list.sort(Comparator.comparing(RunSummary::openedAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(RunSummary::runId));
        return list;
    }

    private RunLedger ledger(String runId) {
        RunLedger existing = runs.get(runId);
        if (existing != null) {
            return existing;
        }
        RunLedger created = new RunLedger(runId, settings);
        RunLedger raced = runs.putIfAbsent(runId, created);
        if (raced != null) {
            return raced;
        }
        newRunListeners.forEach(listener -> listener.accept(created));
        return created;
    }
}
