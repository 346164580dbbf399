package io.cbn.aggregator.service;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.cbn.aggregator.ledger.RunLedger;
import io.cbn.aggregator.ledger.RunRegistry;
import io.cbn.aggregator.report.ItemsJsonl;
import io.cbn.aggregator.report.SummaryJson;
import io.cbn.aggregator.report.SummaryText;

/**
 * The runs over HTTP, rendered by the same code as the report files: {@code GET /runs/{id}} is
 * summary.json's content, {@code /runs/{id}/summary.txt} and {@code /runs/{id}/items.jsonl} the
 * other two files (current state; the files may lag by the write debounce).
 */
@Path("/runs")
public class RunsResource {

    private final RunRegistry registry;

    @Inject
    public RunsResource(RunRegistry registry) {
        this.registry = registry;
    }

    /** [{runId, state, expected, processed, outstanding}], newest opened first. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String list() {
        return SummaryJson.renderList(registry.summaries());
    }

    @GET
    @Path("{runId}")
    @Produces(MediaType.APPLICATION_JSON)
    public String summary(@PathParam("runId") String runId) {
        return SummaryJson.render(ledger(runId).summary());
    }

    @GET
    @Path("{runId}/summary.txt")
    @Produces(MediaType.TEXT_PLAIN)
    public String summaryText(@PathParam("runId") String runId) {
        return SummaryText.render(ledger(runId).summary());
    }

    @GET
    @Path("{runId}/items.jsonl")
    @Produces("application/x-ndjson")
    public String items(@PathParam("runId") String runId) {
        return ItemsJsonl.render(ledger(runId).snapshot().items());
    }

    private RunLedger ledger(String runId) {
        return registry.find(runId).orElseThrow(() -> new NotFoundException("unknown run " + runId));
    }
}
