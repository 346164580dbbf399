package io.cbn.aggregator.ledger;

/** Where the completion-time output check stands for a run. */
public enum OutputCheckStatus {
    /** The check is switched off ({@code cbn.aggregator.verify-outputs=NONE}). */
    DISABLED,
    /** Not run yet: the run still has jobs outstanding (or is not sealed). */
    PENDING,
    /** Every listed output passed the check of the configured mode. */
    PASSED,
    /** At least one output is missing, changed or unreadable. */
    FAILED
}
