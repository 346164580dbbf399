package io.cbn.aggregator.ledger;

/** Where the re-hash of CREATED outputs stands for a run. */
public enum OutputCheckStatus {
    /** Verification is switched off ({@code cbn.aggregator.verify-outputs=false}). */
    DISABLED,
    /** Not run yet: the run still has jobs outstanding (or is not sealed). */
    PENDING,
    /** Every listed output exists with the recorded size and sha256. */
    PASSED,
    /** At least one output is missing, changed or unreadable. */
    FAILED
}
