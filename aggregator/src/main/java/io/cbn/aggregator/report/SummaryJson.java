package io.cbn.aggregator.report;

import java.util.List;
import java.util.Map;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cbn.aggregator.ledger.HeldRoots;
import io.cbn.aggregator.ledger.OutputCheckMode;
import io.cbn.aggregator.ledger.OutputCheckStatus;
import io.cbn.aggregator.ledger.QaIssues;
import io.cbn.aggregator.ledger.RunState;
import io.cbn.aggregator.ledger.RunSummary;
import io.cbn.aggregator.ledger.WorkerTally;
import io.cbn.aggregator.state.ClosedRuns;

/**
 * Renders {@code summary.json} (contract field names, docs/design.md, "The QA summary") and the {@code GET /runs}
 * list. Field order is fixed, so the same summary always gives the same bytes.
 */
public final class SummaryJson {

    private SummaryJson() {
    }

    /** The summary as pretty-printed JSON with a trailing newline: the exact content of summary.json. */
    public static String render(RunSummary s) {
        return Json.pretty(toNode(s));
    }

    /** The summary as a JSON tree. Fields of this wave are added after the earlier ones. */
    public static ObjectNode toNode(RunSummary s) {
        RunSummary.Info info = s.info();
        RunSummary.Counts c = s.counts();
        RunSummary.Times t = s.times();
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("runId", s.runId());
        n.put("state", s.state().name());
        Json.putLong(n, "expected", s.expected());
        n.put("processed", c.processed());
        n.put("created", c.created());
        n.put("rejected", c.rejected());
        n.put("failed", c.failed());
        Json.putLong(n, "outstanding", s.outstanding());
        ObjectNode qa = n.putObject("qaIssues");
        qa.put("total", s.qaIssues().total());
        putCounts(qa.putObject("byCategory"), s.qaIssues().byCategory());
        putCounts(n.putObject("rejectedByReason"), c.rejectedByReason());
        putCounts(n.putObject("failedByReason"), c.failedByReason());
        n.put("duplicatesIgnored", c.duplicatesIgnored());
        ArrayNode workers = n.putArray("workers");
        for (WorkerTally w : c.workers()) {
            workers.addObject().put("id", w.id()).put("build", w.build()).put("items", w.items());
        }
        Json.putInstant(n, "openedAt", t.openedAt());
        Json.putInstant(n, "sealedAt", t.sealedAt());
        Json.putInstant(n, "completedAt", t.completedAt());
        Json.putInstant(n, "updatedAt", t.updatedAt());
        Json.putInstant(n, "lastActivityAt", t.lastActivityAt());
        putStrings(n.putArray("invariantViolations"), s.invariantViolations());
        putStrings(n.putArray("sourcePaths"), info.sourcePaths());
        n.put("outputPath", info.outputPath());
        n.put("adminPath", info.adminPath());
        n.put("excludedFiles", info.excludedFiles());
        putStrings(n.putArray("walkErrors"), info.walkErrors());
        ObjectNode check = n.putObject("outputCheck");
        check.put("status", s.outputCheck().status().name());
        check.put("filesChecked", s.outputCheck().filesChecked());
        check.put("problems", s.outputCheck().problems());
        check.put("mode", s.outputCheck().mode().name());
        n.put("reused", c.reused());
        if (s.worstDeltaE00() == null) {
            n.putNull("worstDeltaE00");
        } else {
            n.putObject("worstDeltaE00").put("deltaE00", s.worstDeltaE00().deltaE00())
                    .put("sourcePath", s.worstDeltaE00().sourcePath());
        }
        putHeld(n.putArray("held"), s.held());
        n.put("retryOf", info.retryOf());
        Json.putInstant(n, "cancelRequestedAt", t.cancelRequestedAt());
        return n;
    }

    static void putHeld(ArrayNode array, List<HeldRoots.Held> held) {
        for (HeldRoots.Held h : held) {
            ObjectNode o = array.addObject();
            o.put("root", h.root());
            o.put("reason", h.reason());
            Json.putInstant(o, "since", h.since());
            o.put("jobs", h.jobs());
        }
    }

    /**
     * {@code GET /runs}: one entry per run with runId, state, expected, processed, outstanding,
     * held, closed: the open runs newest opened first, then the closed ones (from the index)
     * newest closed first.
     */
    public static String renderList(List<RunSummary> open, List<ClosedRuns.Entry> closed) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        List<RunSummary> sorted = new java.util.ArrayList<>(open);
        sorted.sort(java.util.Comparator.comparing((RunSummary s) -> s.times().openedAt(),
                java.util.Comparator.nullsLast(java.util.Comparator.reverseOrder())).thenComparing(RunSummary::runId));
        for (RunSummary s : sorted) {
            ObjectNode n = list.addObject();
            n.put("runId", s.runId());
            n.put("state", s.state().name());
            Json.putLong(n, "expected", s.expected());
            n.put("processed", s.processed());
            Json.putLong(n, "outstanding", s.outstanding());
            putHeld(n.putArray("held"), s.held());
            n.put("closed", false);
        }
        for (ClosedRuns.Entry e : closed) {
            ObjectNode n = list.addObject();
            n.put("runId", e.runId());
            n.put("state", e.state());
            Json.putLong(n, "expected", e.expected());
            n.put("processed", e.processed());
            Json.putLong(n, "outstanding", e.expected() == null ? null : Math.max(0, e.expected() - e.processed()));
            n.putArray("held");
            n.put("closed", true);
        }
        return Json.pretty(list);
    }

    /**
     * The inverse of {@link #toNode}: a summary.json read back into the summary it was rendered from, so a closed
     * run is shown by the same code as an open one (the dashboard, docs/design.md "Dashboard").
     * {@code render(parse(json))} gives back the same bytes.
     */
    public static RunSummary parse(JsonNode n) {
        RunSummary.Info info = new RunSummary.Info(n.path("runId").asText(), strings(n.path("sourcePaths")),
                text(n, "outputPath"), text(n, "adminPath"), text(n, "retryOf"), longOrNull(n, "expected"),
                n.path("excludedFiles").asLong(), strings(n.path("walkErrors")));
        List<WorkerTally> workers = new java.util.ArrayList<>();
        for (JsonNode w : n.path("workers")) {
            workers.add(new WorkerTally(w.path("id").asText(), w.path("build").asText(), w.path("items").asLong()));
        }
        RunSummary.Counts counts = new RunSummary.Counts(n.path("processed").asLong(), n.path("created").asLong(),
                n.path("rejected").asLong(), n.path("failed").asLong(), n.path("reused").asLong(),
                n.path("duplicatesIgnored").asLong(), counts(n.path("rejectedByReason")),
                counts(n.path("failedByReason")), workers);
        QaIssues qa = new QaIssues(n.path("qaIssues").path("total").asLong(),
                counts(n.path("qaIssues").path("byCategory")));
        RunSummary.Times times = new RunSummary.Times(instant(n, "openedAt"), instant(n, "sealedAt"),
                instant(n, "completedAt"), instant(n, "updatedAt"), instant(n, "lastActivityAt"),
                instant(n, "cancelRequestedAt"));
        JsonNode c = n.path("outputCheck");
        RunSummary.Check check = new RunSummary.Check(OutputCheckMode.valueOf(c.path("mode").asText("NONE")),
                OutputCheckStatus.valueOf(c.path("status").asText("DISABLED")), c.path("filesChecked").asLong(),
                c.path("problems").asLong());
        List<HeldRoots.Held> held = new java.util.ArrayList<>();
        for (JsonNode h : n.path("held")) {
            held.add(new HeldRoots.Held(h.path("root").asText(), text(h, "reason"), instant(h, "since"),
                    h.path("jobs").asLong()));
        }
        return new RunSummary(info, RunState.valueOf(n.path("state").asText()), counts, qa, times,
                strings(n.path("invariantViolations")), check, held);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long longOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asLong();
    }

    private static Instant instant(JsonNode n, String field) {
        String v = text(n, field);
        return v == null ? null : Instant.parse(v);
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new java.util.ArrayList<>();
        array.forEach(v -> list.add(v.asText()));
        return list;
    }

    /** Keeps the file's order (QA categories are ordered by count, not by name). */
    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> map = new java.util.LinkedHashMap<>();
        object.fields().forEachRemaining(f -> map.put(f.getKey(), f.getValue().asLong()));
        return map;
    }

    private static void putCounts(ObjectNode node, Map<String, Long> counts) {
        counts.forEach(node::put);
    }

    private static void putStrings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
