package io.cbn.aggregator.service;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.cbn.aggregator.ledger.LedgerSettings;
import io.cbn.aggregator.ledger.RunRegistry;
import io.cbn.aggregator.report.OutputVerifier;
import io.cbn.aggregator.report.ReportPublisher;
import io.cbn.aggregator.report.ReportWriter;
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
    RunRegistry runRegistry(AggregatorConfig config, Clock clock) {
        return new RunRegistry(new LedgerSettings(clock, config.stallTimeout(), config.verifyOutputs()));
    }

    @Produces
    @Singleton
    ReportPublisher reportPublisher(RunRegistry registry, AggregatorConfig config, Clock clock) {
        return new ReportPublisher(registry, new ReportWriter(), new OutputVerifier(), config.writeDebounce(), clock);
    }
}
