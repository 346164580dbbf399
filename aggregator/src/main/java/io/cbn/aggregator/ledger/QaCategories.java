package io.cbn.aggregator.ledger;

/**
 * QA issue category names (contract text, shown in summary.json and summary.txt). Besides these,
 * every QA flag of a CREATED item is a category of its own, named by the flag (e.g.
 * {@code ANIMATED_FIRST_FRAME}).
 */
public final class QaCategories {

    /** REJECTED or FAILED items. */
    public static final String FILES_NOT_CREATED = "Files Not Created (includes rejections)";
    /** Two different jobs listed the same output path. */
    public static final String OUTPUT_PATH_COLLISION = "Output Path Collision";
    /** A CREATED output is missing on disk or its sha256 differs from the recorded one. */
    public static final String OUTPUT_MISSING_OR_CHANGED = "Output Missing Or Changed";

    private QaCategories() {
    }
}
