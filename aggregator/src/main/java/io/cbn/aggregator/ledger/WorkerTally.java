package io.cbn.aggregator.ledger;

/** How many counted (first terminal) results one worker build delivered. */
public record WorkerTally(String id, String build, long items) {
}
