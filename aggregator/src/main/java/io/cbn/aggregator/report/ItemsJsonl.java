package io.cbn.aggregator.report;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cbn.aggregator.ledger.ItemLine;
import io.cbn.aggregator.ledger.ItemRecord;
import io.cbn.aggregator.ledger.OutputRef;

/**
 * Renders {@code items.jsonl}: one compact JSON object per job (its first terminal result), in the
 * order given (the ledger sorts by sourcePath, then jobId), each line ending in "\n". Contract
 * fields first: jobId, sourcePath, outcome, reason, outputs [{path, bytes, sha256}] (paths
 * relative to the run's output root), workerBuild ("version+commit" string), durationMs; then
 * relativePath, message, qaFlags, qaIssues (the QA categories the item counts in), workerId,
 * attempt, finishedAt.
 */
public final class ItemsJsonl {

    private ItemsJsonl() {
    }

    public static String render(List<ItemLine> lines) {
        StringBuilder out = new StringBuilder(lines.size() * 256);
        for (ItemLine line : lines) {
            out.append(Json.compact(toNode(line))).append('\n');
        }
        return out.toString();
    }

    public static ObjectNode toNode(ItemLine line) {
        ItemRecord item = line.item();
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("jobId", item.jobId());
        n.put("sourcePath", item.sourcePath());
        n.put("outcome", item.outcome().name());
        n.put("reason", item.reason());
        ArrayNode outputs = n.putArray("outputs");
        for (OutputRef o : item.outputs()) {
            outputs.addObject().put("path", o.path()).put("bytes", o.bytes()).put("sha256", o.sha256());
        }
        n.put("workerBuild", item.workerBuild());
        Json.putLong(n, "durationMs", item.durationMs());
        n.put("relativePath", item.relativePath());
        n.put("message", item.message());
        ArrayNode flags = n.putArray("qaFlags");
        item.qaFlags().forEach(flags::add);
        ArrayNode issues = n.putArray("qaIssues");
        line.qaIssues().forEach(issues::add);
        n.put("workerId", item.workerId());
        n.put("attempt", item.attempt());
        Json.putInstant(n, "finishedAt", item.finishedAt());
        return n;
    }
}
