package io.cbn.aggregator.ledger;

/** One output file a job reported: path relative to the run's output root, size and sha256 (hex). */
public record OutputRef(String path, long bytes, String sha256) {
}
