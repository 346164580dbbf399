package io.cbn.aggregator.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cbn.aggregator.engine.Aggregator;
import io.cbn.aggregator.engine.AggregatorListener;
import io.cbn.aggregator.ledger.HeldRoots;
import io.cbn.aggregator.ledger.RunLedger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * Prometheus metrics (/q/metrics). Per open run (removed when it closes, so the series stay
 * bounded by the open runs): {@code cbn_run_expected} (NaN until sealed), {@code cbn_run_processed},
 * {@code cbn_run_outstanding} (NaN until sealed), tagged {@code run}; {@code cbn_run_held_jobs}
 * tagged {@code run}, {@code root}. Totals: {@code cbn_aggregator_results_consumed_total},
 * {@code cbn_aggregator_duplicates_total}, {@code cbn_aggregator_run_events_consumed_total},
 * {@code cbn_aggregator_undecodable_total} (tag {@code topic}), {@code cbn_aggregator_late_results_total};
 * gauges {@code cbn_aggregator_unknown_run_messages}, {@code cbn_aggregator_open_runs},
 * {@code cbn_aggregator_unwritable_paths}.
 */
@Singleton
public class AggregatorMetrics implements AggregatorListener {

    private final MeterRegistry meters;
    /** Written by the consumer thread only, read by the scrape: plain counts behind function counters (per result). */
    private volatile long resultsConsumed;
    private volatile long duplicates;
    private final Counter runEventsConsumed;
    private final Counter late;
    private final MultiGauge heldJobs;
    private final Map<String, List<Meter>> runMeters = new ConcurrentHashMap<>();
    private volatile Aggregator aggregator;

    @Inject
    public AggregatorMetrics(MeterRegistry meters) {
        this.meters = meters;
        // function counters: a Counter's increment per result was a visible share of the ingest path
        FunctionCounter.builder("cbn.aggregator.results.consumed", this, m -> m.resultsConsumed)
                .description("JobResult messages applied (duplicates included)").register(meters);
        FunctionCounter.builder("cbn.aggregator.duplicates", this, m -> m.duplicates)
                .description("JobResult messages ignored because the job already had a terminal result").register(meters);
        this.runEventsConsumed = Counter.builder("cbn.aggregator.run.events.consumed")
                .description("RunEvent and RunNotice messages applied").register(meters);
        this.late = Counter.builder("cbn.aggregator.late.results")
                .description("results for closed runs, counted in their late.json").register(meters);
        this.heldJobs = MultiGauge.builder("cbn.run.held.jobs").description("jobs parked under a held root")
                .register(meters);
        Gauge.builder("cbn.aggregator.unknown.run.messages", this, m -> m.aggregator == null ? 0
                : m.aggregator.unknownRecords()).description("messages kept aside for runs not opened yet").register(meters);
        Gauge.builder("cbn.aggregator.open.runs", this, m -> m.aggregator == null ? 0
                : m.aggregator.openRuns().size()).description("runs held in memory").register(meters);
        Gauge.builder("cbn.aggregator.unwritable.paths", this, m -> m.aggregator == null ? 0
                : m.aggregator.failingPaths().size()).description("admin or state paths that cannot be written")
                .register(meters);
    }

    @Override
    @SuppressWarnings("NonAtomicOperationOnVolatileField") // one writer: the consumer thread
    public void resultApplied(boolean counted) {
        resultsConsumed++;
        if (!counted) {
            duplicates++;
        }
    }

    @Override
    public void runMessageApplied() {
        runEventsConsumed.increment();
    }

    @Override
    public void lateResult() {
        late.increment();
    }

    @Override
    public void undecodable(String topic) {
        Counter.builder("cbn.aggregator.undecodable").description("messages that could not be decoded and were skipped")
                .tags("topic", topic).register(meters).increment();
    }

    @Override
    public void runOpened(RunLedger ledger) {
        Tags tags = Tags.of("run", ledger.runId());
        List<Meter> list = new ArrayList<>();
        list.add(Gauge.builder("cbn.run.expected", ledger, l -> l.progress()[0]).tags(tags)
                .description("jobs the run was sealed with (NaN until sealed)").register(meters));
        list.add(Gauge.builder("cbn.run.processed", ledger, l -> l.progress()[1]).tags(tags)
                .description("jobs with a terminal result").register(meters));
        list.add(Gauge.builder("cbn.run.outstanding", ledger, l -> l.progress()[2]).tags(tags)
                .description("expected - processed (NaN until sealed)").register(meters));
        runMeters.put(ledger.runId(), list);
    }

    @Override
    public void runClosed(String runId) {
        List<Meter> list = runMeters.remove(runId);
        if (list != null) {
            list.forEach(meters::remove);
        }
    }

    /** Called after every poll: the held-jobs rows follow the open runs' held roots. */
    void refresh(Aggregator aggregator) {
        this.aggregator = aggregator;
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (RunLedger ledger : aggregator.openRuns()) {
            for (HeldRoots.Held h : ledger.held()) {
                rows.add(MultiGauge.Row.of(Tags.of("run", ledger.runId(), "root", h.root()), h.jobs()));
            }
        }
        heldJobs.register(rows, true);
    }
}
