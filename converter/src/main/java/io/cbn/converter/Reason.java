package io.cbn.converter;

/** Reason codes for non-CREATED outcomes (docs/design.md, "Outcomes"). {@link #outcome()} says which terminal outcome each implies. */
public enum Reason {
    TOO_SMALL(Outcome.REJECTED),
    TOO_LARGE(Outcome.REJECTED),
    UNSUPPORTED_FORMAT(Outcome.REJECTED),
    BLANK_IMAGE(Outcome.REJECTED),
    TOO_COMPLEX(Outcome.REJECTED),
    PATH_ESCAPES_ROOT(Outcome.REJECTED),
    /** The job's source or output root is outside the worker's {@code cbn.worker.allowed-roots}: no file was opened. */
    ROOT_NOT_ALLOWED(Outcome.REJECTED),
    DECODE_ERROR(Outcome.FAILED),
    SOURCE_MISSING(Outcome.FAILED),
    IO_ERROR(Outcome.FAILED),
    TIMEOUT(Outcome.FAILED),
    INTERNAL_ERROR(Outcome.FAILED);

    private final Outcome outcome;

    Reason(Outcome outcome) { this.outcome = outcome; }

    public Outcome outcome() { return outcome; }
}
