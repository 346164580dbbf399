package io.cbn.aggregator.report;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cbn.aggregator.ledger.RunSummary;
import io.cbn.aggregator.ledger.WorkerTally;

/**
 * Renders {@code summary.json} (contract field names, DESIGN.md section 5) and the {@code GET /runs}
 * list. Field order is fixed, so the same summary always gives the same bytes.
 */
public final class SummaryJson {

    private SummaryJson() {
    }

    /** The summary as pretty-printed JSON with a trailing newline: the exact content of summary.json. */
    public static String render(RunSummary s) {
        return Json.pretty(toNode(s));
    }

    /** The summary as a JSON tree. */
    public static ObjectNode toNode(RunSummary s) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("runId", s.runId());
        n.put("state", s.state().name());
        Json.putLong(n, "expected", s.expected());
        n.put("processed", s.processed());
        n.put("created", s.created());
        n.put("rejected", s.rejected());
        n.put("failed", s.failed());
        Json.putLong(n, "outstanding", s.outstanding());
        ObjectNode qa = n.putObject("qaIssues");
        qa.put("total", s.qaIssues().total());
        putCounts(qa.putObject("byCategory"), s.qaIssues().byCategory());
        putCounts(n.putObject("rejectedByReason"), s.rejectedByReason());
        putCounts(n.putObject("failedByReason"), s.failedByReason());
        n.put("duplicatesIgnored", s.duplicatesIgnored());
        ArrayNode workers = n.putArray("workers");
        for (WorkerTally w : s.workers()) {
            workers.addObject().put("id", w.id()).put("build", w.build()).put("items", w.items());
        }
        Json.putInstant(n, "openedAt", s.openedAt());
        Json.putInstant(n, "sealedAt", s.sealedAt());
        Json.putInstant(n, "completedAt", s.completedAt());
        Json.putInstant(n, "updatedAt", s.updatedAt());
        Json.putInstant(n, "lastActivityAt", s.lastActivityAt());
        putStrings(n.putArray("invariantViolations"), s.invariantViolations());
        putStrings(n.putArray("sourcePaths"), s.sourcePaths());
        n.put("outputPath", s.outputPath());
        n.put("adminPath", s.adminPath());
        n.put("excludedFiles", s.excludedFiles());
        putStrings(n.putArray("walkErrors"), s.walkErrors());
        ObjectNode check = n.putObject("outputCheck");
        check.put("status", s.outputCheck().name());
        check.put("filesChecked", s.outputFilesChecked());
        check.put("problems", s.outputProblems());
        return n;
    }

    /** {@code GET /runs}: one entry per run with runId, state, expected, processed, outstanding. */
    public static String renderList(List<RunSummary> runs) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (RunSummary s : runs) {
            ObjectNode n = list.addObject();
            n.put("runId", s.runId());
            n.put("state", s.state().name());
            Json.putLong(n, "expected", s.expected());
            n.put("processed", s.processed());
            Json.putLong(n, "outstanding", s.outstanding());
        }
        return Json.pretty(list);
    }

    private static void putCounts(ObjectNode node, Map<String, Long> counts) {
        counts.forEach(node::put);
    }

    private static void putStrings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
