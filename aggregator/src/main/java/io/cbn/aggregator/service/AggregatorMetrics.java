package io.cbn.aggregator.service;

import jakarta.inject.Singleton;
import jakarta.inject.Inject;

import io.cbn.aggregator.ledger.RunLedger;
import io.cbn.aggregator.ledger.RunRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Prometheus metrics (/q/metrics): per run {@code cbn_run_expected} (NaN until sealed),
 * {@code cbn_run_processed}, {@code cbn_run_outstanding} (NaN until sealed), tagged {@code run};
 * {@code cbn_aggregator_results_consumed_total}, {@code cbn_aggregator_duplicates_total},
 * {@code cbn_aggregator_run_events_consumed_total}, {@code cbn_aggregator_undecodable_total}
 * (tagged {@code topic}).
 */
@Singleton
public class AggregatorMetrics {

    private final MeterRegistry meters;
    private final Counter resultsConsumed;
    private final Counter duplicates;
    private final Counter runEventsConsumed;

    @Inject
    public AggregatorMetrics(MeterRegistry meters, RunRegistry registry) {
        this.meters = meters;
        this.resultsConsumed = Counter.builder("cbn.aggregator.results.consumed")
                .description("JobResult messages applied (duplicates included)").register(meters);
        this.duplicates = Counter.builder("cbn.aggregator.duplicates")
                .description("JobResult messages ignored because the job already had a terminal result").register(meters);
        this.runEventsConsumed = Counter.builder("cbn.aggregator.run.events.consumed")
                .description("RunEvent messages applied").register(meters);
        registry.onNewRun(this::registerRun);
    }

    void resultConsumed(RunLedger.Applied applied) {
        resultsConsumed.increment();
        if (applied == RunLedger.Applied.DUPLICATE) {
            duplicates.increment();
        }
    }

    void runEventConsumed() {
        runEventsConsumed.increment();
    }

    void undecodable(String topic) {
        Counter.builder("cbn.aggregator.undecodable").description("messages that could not be decoded and were skipped")
                .tags("topic", topic).register(meters).increment();
    }

    private void registerRun(RunLedger ledger) {
        Tags tags = Tags.of("run", ledger.runId());
        Gauge.builder("cbn.run.expected", ledger, l -> l.progress()[0]).tags(tags)
                .description("jobs the run was sealed with (NaN until sealed)").register(meters);
        Gauge.builder("cbn.run.processed", ledger, l -> l.progress()[1]).tags(tags)
                .description("jobs with a terminal result").register(meters);
        Gauge.builder("cbn.run.outstanding", ledger, l -> l.progress()[2]).tags(tags)
                .description("expected - processed (NaN until sealed)").register(meters);
    }
}
