package io.cbn.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RunVerdictTest {

    private static JsonNode summary(String state, String expected, long processed, long created, long qa, String violations) throws Exception {
        return SummaryFiles.parse("{\"state\":\"" + state + "\",\"expected\":" + expected + ",\"processed\":" + processed
            + ",\"created\":" + created + ",\"qaIssues\":{\"total\":" + qa + "},\"invariantViolations\":" + violations + "}");
    }

    @Test
    void allCreatedWithoutIssuesIsZero() throws Exception {
        assertEquals(0, RunVerdict.exitCode(summary("COMPLETE", "5", 5, 5, 0, "[]")));
    }

    @Test
    void completeWithRejectionsOrFlagsIsOne() throws Exception {
        assertEquals(1, RunVerdict.exitCode(summary("COMPLETE", "5", 5, 4, 1, "[]")));
        assertEquals(1, RunVerdict.exitCode(summary("COMPLETE", "5", 5, 5, 2, "[]")));
    }

    @Test
    void aViolationIsNeverReportedAsClean() throws Exception {
        assertEquals(1, RunVerdict.exitCode(summary("COMPLETE", "5", 5, 5, 0, "[\"output missing: a.svg\"]")));
    }

    @Test
    void notCompleteOrInconsistentIsTwo() throws Exception {
        assertEquals(2, RunVerdict.exitCode(summary("RUNNING", "5", 3, 3, 0, "[]")));
        assertEquals(2, RunVerdict.exitCode(summary("INCOMPLETE", "5", 4, 4, 0, "[]")));
        assertEquals(2, RunVerdict.exitCode(summary("COMPLETE", "null", 0, 0, 0, "[]")));
        // "COMPLETE" with fewer processed than expected is not believed
        assertEquals(2, RunVerdict.exitCode(summary("COMPLETE", "5", 4, 4, 0, "[]")));
        assertEquals(2, RunVerdict.exitCode(null));
    }
}
