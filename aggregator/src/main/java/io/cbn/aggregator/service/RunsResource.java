package io.cbn.aggregator.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cbn.aggregator.engine.Aggregator;
import io.cbn.aggregator.ledger.RunLedger;
import io.cbn.aggregator.report.ReportWriter;
import io.cbn.aggregator.report.SummaryJson;
import io.cbn.aggregator.report.SummaryText;
import io.cbn.aggregator.state.ClosedRuns;
import io.cbn.aggregator.state.LateRecords;

/**
 * The runs over HTTP. Open runs are rendered from their ledger by the same code as the files;
 * closed runs are served from their files (docs/design.md, "Aggregator state"), with the side
 * record {@code late.json} merged into {@code GET /runs/{id}} as {@code late} and {@code retriedBy}.
 * {@code items.jsonl} is streamed from the file.
 */
@jakarta.ws.rs.Path("/runs")
public class RunsResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Aggregator aggregator;

    @Inject
    public RunsResource(Aggregator aggregator) {
        this.aggregator = aggregator;
    }

    /** Open runs (newest opened first), then the closed runs of the index (newest closed first). */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String list() {
        return SummaryJson.renderList(aggregator.openRuns().stream().map(RunLedger::summary).toList(),
                aggregator.closedRuns());
    }

    /** Messages kept aside for runs whose OPENED has not arrived. */
    @GET
    @jakarta.ws.rs.Path("unknown")
    @Produces(MediaType.APPLICATION_JSON)
    public String unknown() {
        ObjectNode n = JSON.createObjectNode();
        n.put("messages", aggregator.unknownRecords());
        n.put("dropped", aggregator.unknownDropped());
        var runs = n.putArray("runs");
        aggregator.unknownRuns().forEach(v -> runs.addObject().put("runId", v.runId()).put("results", v.results())
                .put("runMessages", v.runMessages()).put("firstSeen", v.firstSeen()));
        return n.toPrettyString() + "\n";
    }

    @GET
    @jakarta.ws.rs.Path("{runId}")
    @Produces(MediaType.APPLICATION_JSON)
    public String summary(@PathParam("runId") String runId) throws IOException {
        var open = aggregator.openRun(runId);
        String text;
        Path admin;
        if (open.isPresent()) {
            text = SummaryJson.render(open.get().summary());
            admin = Path.of(open.get().adminPath());
        } else {
            ClosedRuns.Entry closed = closed(runId);
            admin = Path.of(closed.adminPath());
            text = Files.readString(ReportWriter.runDirectory(admin, runId).resolve(ReportWriter.SUMMARY_JSON));
        }
        JsonNode late = LateRecords.read(admin, runId);
        if (late == null) {
            return text; // exactly summary.json
        }
        ObjectNode n = (ObjectNode) JSON.readTree(text);
        n.set("late", late);
        n.set("retriedBy", late.path("retriedBy"));
        return n.toPrettyString() + "\n";
    }

    @GET
    @jakarta.ws.rs.Path("{runId}/summary.txt")
    @Produces(MediaType.TEXT_PLAIN)
    public String summaryText(@PathParam("runId") String runId) throws IOException {
        var open = aggregator.openRun(runId);
        if (open.isPresent()) {
            return SummaryText.render(open.get().summary());
        }
        ClosedRuns.Entry closed = closed(runId);
        return Files.readString(ReportWriter.runDirectory(Path.of(closed.adminPath()), runId)
                .resolve(ReportWriter.SUMMARY_TXT));
    }

    /** Streams the file: the complete lines written so far (all of them once the run is closed). */
    @GET
    @jakarta.ws.rs.Path("{runId}/items.jsonl")
    @Produces("application/x-ndjson")
    public StreamingOutput items(@PathParam("runId") String runId) {
        Map.Entry<Path, Long> file = aggregator.itemsFile(runId)
                .orElseThrow(() -> new NotFoundException("unknown run " + runId));
        return out -> {
            if (!Files.exists(file.getKey())) {
                return;
            }
            try (InputStream in = Files.newInputStream(file.getKey())) {
                byte[] buffer = new byte[64 * 1024];
                long left = file.getValue();
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        break;
                    }
                    out.write(buffer, 0, n);
                    left -= n;
                }
            }
        };
    }

    private ClosedRuns.Entry closed(String runId) {
        return aggregator.closedRun(runId).orElseThrow(() -> new NotFoundException("unknown run " + runId));
    }
}
