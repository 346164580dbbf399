package io.cbn.aggregator.service;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.cbn.aggregator.engine.Aggregator;
import io.cbn.aggregator.ledger.LedgerSettings;
import io.cbn.aggregator.ledger.OutputCheckMode;
import io.quarkus.arc.DefaultBean;

/** CDI producers for the plain-Java core (which has no CDI of its own). */
public class AggregatorBeans {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    Aggregator aggregator(AggregatorConfig config, Clock clock, AggregatorMetrics metrics) {
        LedgerSettings ledger = new LedgerSettings(clock, config.stallTimeout(),
                OutputCheckMode.parse(config.verifyOutputs()));
        return new Aggregator(new Aggregator.Settings(ledger, config.stateDir(), config.checkpointInterval(),
                config.writeDebounce(), config.maxUnknownRecords(), config.closedRunsKept(), config.verifyThreads(),
                config.topicRuns(), config.topicResults()), clock, metrics);
    }
}
