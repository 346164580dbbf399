package io.cbn.aggregator.ledger;

/** An output listed by a CREATED job that is not on disk as recorded. */
public record OutputProblem(String jobId, String path, Kind kind, String detail) {

    /** What is wrong with the file. */
    public enum Kind {
        /** Not there (or not a regular file). */
        MISSING,
        /** Size or sha256 differ from the recorded values. */
        CHANGED,
        /** There but could not be read. */
        UNREADABLE,
        /** The recorded path leaves the output root (absolute or "..") and was not read. */
        OUTSIDE_ROOT
    }

    /** The invariant-violation text naming the file. */
    public String describe() {
        return "output " + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + path
                + " (job " + jobId + ")" + (detail == null || detail.isEmpty() ? "" : ": " + detail);
    }
}
