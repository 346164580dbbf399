package io.cbn.aggregator.engine;

import io.cbn.aggregator.ledger.RunLedger;

/** The {@link Aggregator}'s hooks for metrics. Called on the consumer thread. */
public interface AggregatorListener {
    default void runOpened(RunLedger ledger) {
    }

    default void runClosed(String runId) {
    }

    default void resultApplied(boolean counted) {
    }

    default void runMessageApplied() {
    }

    default void undecodable(String topic) {
    }

    default void lateResult() {
    }
}
