package io.cbn.aggregator.ledger;

/**
 * How much of every CREATED output the aggregator checks when a run reaches zero outstanding
 * ({@code cbn.aggregator.verify-outputs}). The worker already re-read and hashed each output after
 * writing it; the completion check is there to catch files gone or truncated since. A full re-hash
 * is {@code cbn verify}, an explicit command (docs/design.md, "Aggregator state").
 */
public enum OutputCheckMode {
    /** No check; the run is COMPLETE as soon as nothing is outstanding. */
    NONE,
    /** Every listed output exists as a regular file with the recorded size (one stat per file). */
    STAT,
    /** As STAT, and the content's sha256 equals the recorded one (reads every byte). */
    SHA256;

    /** Also accepts the old boolean values: true = SHA256 (what it meant), false = NONE. */
    public static OutputCheckMode parse(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("true")) {
            return SHA256;
        }
        if (v.equalsIgnoreCase("false")) {
            return NONE;
        }
        return valueOf(v.toUpperCase(java.util.Locale.ROOT));
    }
}
