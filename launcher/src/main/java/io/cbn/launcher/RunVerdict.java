package io.cbn.launcher;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The launcher's exit code from a run's summary.json (docs/design.md, "Shape"; README.md): 0 every file created with no QA issue,
 * 1 run complete with QA issues, 2 run not completed. Re-derived from the counts, never from a single flag.
 */
public final class RunVerdict {
    public static final int ALL_CREATED = 0;
    public static final int QA_ISSUES = 1;
    public static final int NOT_COMPLETED = 2;

    private RunVerdict() { }

    public static int exitCode(JsonNode summary) {
        if (summary == null || !"COMPLETE".equals(summary.path("state").asText())) return NOT_COMPLETED;
        JsonNode expected = summary.path("expected");
        if (!expected.isNumber()) return NOT_COMPLETED;
        long exp = expected.asLong();
        long created = summary.path("created").asLong(-1);
        long processed = summary.path("processed").asLong(-1);
        long qa = summary.path("qaIssues").path("total").asLong(-1);
        boolean violations = summary.path("invariantViolations").size() > 0;
        if (processed != exp) return NOT_COMPLETED;
        return created == exp && qa == 0 && !violations ? ALL_CREATED : QA_ISSUES;
    }
}
