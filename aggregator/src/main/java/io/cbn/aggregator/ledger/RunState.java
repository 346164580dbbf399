package io.cbn.aggregator.ledger;

/** State of a run as shown in {@code summary.json} (contract names). */
public enum RunState {
    /** Not sealed yet, or sealed with jobs outstanding that are still arriving, or outputs not verified yet. */
    RUNNING,
    /** Sealed, nothing outstanding, outputs verified (when verification is on). */
    COMPLETE,
    /** Sealed with jobs outstanding and no new activity for the stall timeout; returns to RUNNING/COMPLETE on new results. */
    INCOMPLETE
}
