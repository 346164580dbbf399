package io.cbn.aggregator.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.cbn.aggregator.ledger.ItemRecord;
import io.cbn.aggregator.ledger.OutputRef;

/**
 * Renders one {@code items.jsonl} line: a compact JSON object per job (its first terminal result)
 * ending in "\n". Lines are appended in the order results are counted (arrival order). Contract
 * fields first: jobId, sourcePath, outcome, reason, outputs [{path, bytes, sha256}] (paths relative
 * to the run's output root), workerBuild ("version+commit" string), durationMs; then relativePath,
 * message, qaFlags, qaIssues (the QA categories the item counts in when it was counted), workerId,
 * attempt, finishedAt, reused. Streams straight to bytes (no tree), one reusable buffer per
 * renderer: not thread-safe.
 */
public final class ItemsJsonl {

    private static final JsonFactory FACTORY = new JsonFactory();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    /** One generator for every line (creating one per line costs more than the line). */
    private final JsonGenerator g;

    public ItemsJsonl() {
        try {
            g = FACTORY.createGenerator(buffer);
            g.setRootValueSeparator(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The line's UTF-8 bytes, "\n" included. */
    public byte[] line(ItemRecord item, List<String> qaIssues) {
        buffer.reset();
        try {
            g.writeStartObject();
            g.writeStringField("jobId", item.jobId());
            g.writeStringField("sourcePath", item.sourcePath());
            g.writeStringField("outcome", item.outcome().name());
            g.writeStringField("reason", item.reason());
            g.writeArrayFieldStart("outputs");
            for (OutputRef o : item.outputs()) {
                g.writeStartObject();
                g.writeStringField("path", o.path());
                g.writeNumberField("bytes", o.bytes());
                g.writeStringField("sha256", o.sha256());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("workerBuild", item.workerBuild());
            if (item.durationMs() == null) {
                g.writeNullField("durationMs");
            } else {
                g.writeNumberField("durationMs", item.durationMs());
            }
            g.writeStringField("relativePath", item.relativePath());
            g.writeStringField("message", item.message());
            g.writeArrayFieldStart("qaFlags");
            for (String f : item.qaFlags()) {
                g.writeString(f);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("qaIssues");
            for (String c : qaIssues) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeStringField("workerId", item.workerId());
            g.writeNumberField("attempt", item.attempt());
            g.writeStringField("finishedAt", item.finishedAt() == null ? null : item.finishedAt().toString());
            g.writeBooleanField("reused", item.reused());
            g.writeEndObject();
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer.write('\n');
        return buffer.toByteArray();
    }
}
