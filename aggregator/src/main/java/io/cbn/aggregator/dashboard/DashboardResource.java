package io.cbn.aggregator.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestStreamElementType;

import io.cbn.aggregator.engine.Aggregator;
import io.cbn.aggregator.service.AggregatorConfig;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;

/**
 * The dashboard over HTTP (docs/design.md, "Dashboard"): the run list at {@code /}, a run's page, its live updates
 * (server-sent events while it is open), its outputs and their thumbnails. Thin: the lookup, the views, the item
 * pager, the output check and the thumbnail cache are plain Java.
 */
@jakarta.ws.rs.Path("/")
@Blocking
public class DashboardResource {

    private static final Set<String> NOT_CREATED = Set.of("REJECTED", "FAILED");

    private final RunLookup lookup;
    private final Clock clock;
    private final AggregatorConfig.Dashboard config;
    private final ThumbnailCache thumbnails;

    @Inject
    @Location("dashboard/runs.html")
    Template runsPage;

    @Inject
    @Location("dashboard/run.html")
    Template runPage;

    @Inject
    public DashboardResource(Aggregator aggregator, Clock clock, AggregatorConfig config) {
        this.lookup = new RunLookup(aggregator);
        this.clock = clock;
        this.config = config.dashboard();
        this.thumbnails = new ThumbnailCache(config.stateDir().resolve("thumbnails"), this.config.thumbnailSize(),
                this.config.thumbnailThreads());
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance runs(@QueryParam("page") @DefaultValue("0") int page) throws IOException {
        RunLookup.Page p = lookup.page(page, config.pageSize());
        var rows = new java.util.ArrayList<RunRow>();
        for (int i = 0; i < p.runs().size(); i++) {
            rows.add(RunRow.of(p.runs().get(i), p.open().get(i), clock.instant()));
        }
        return runsPage.data("rows", rows).data("pageNumber", p.page() + 1).data("pages", p.pages())
                .data("total", p.total()).data("hasNewer", p.page() > 0).data("newer", p.page() - 1)
                .data("hasOlder", p.page() + 1 < p.pages()).data("older", p.page() + 1);
    }

    @GET
    @jakarta.ws.rs.Path("dashboard/runs/{runId}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance run(@PathParam("runId") String runId, @QueryParam("outcome") String outcome,
                                @QueryParam("reason") String reason, @QueryParam("after") @DefaultValue("0") long after,
                                @QueryParam("thumbs") @DefaultValue("0") long thumbs) throws IOException {
        RunLookup.Found run = find(runId);
        Set<String> wanted = outcome != null && NOT_CREATED.contains(outcome) ? Set.of(outcome) : NOT_CREATED;
        String reasonFilter = reason == null || reason.isBlank() ? null : reason;
        ItemPager.Page problems = ItemPager.page(run.itemsFile(), run.itemsLength(), wanted, reasonFilter, after,
                config.pageSize());
        ItemPager.Page created = ItemPager.page(run.itemsFile(), run.itemsLength(), Set.of("CREATED"), null, thumbs,
                config.pageSize());
        return runPage.data("run", RunPage.of(run, clock.instant()))
                .data("problems", problems).data("created", created)
                .data("outcome", wanted.size() == 1 ? wanted.iterator().next() : "")
                .data("reason", reasonFilter == null ? "" : reasonFilter)
                .data("after", after).data("thumbs", thumbs).data("pageSize", config.pageSize())
                .data("scanMb", ItemPager.DEFAULT_SCAN_BUDGET >> 20);
    }

    /** Live updates of an open run: its headline every {@code live-interval}; the last one when it closes. */
    @GET
    @jakarta.ws.rs.Path("dashboard/runs/{runId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    public Multi<String> events(@PathParam("runId") String runId) throws IOException {
        find(runId);
        AtomicBoolean closed = new AtomicBoolean();
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(0L),
                        Multi.createFrom().ticks().every(config.liveInterval()))
                .map(tick -> headline(runId))
                .select().first(row -> !closed.getAndSet(closed.get() || row.map(r -> !r.open()).orElse(true)))
                .map(row -> row.map(RunRow::toJson).orElse("{\"open\":false}"))
                .skip().repetitions();
    }

    /**
     * Live updates of the run list: one stream for the open runs of the page shown (a browser allows few connections
     * per host, so not one stream per row): a JSON array of their headlines, until all of them are closed.
     */
    @GET
    @jakarta.ws.rs.Path("dashboard/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    public Multi<String> listEvents(@QueryParam("run") java.util.List<String> runIds) {
        java.util.List<String> ids = runIds.stream().distinct().limit(config.pageSize()).toList();
        AtomicBoolean closed = new AtomicBoolean();
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(0L),
                        Multi.createFrom().ticks().every(config.liveInterval()))
                .map(tick -> ids.stream().map(this::headline).flatMap(Optional::stream).toList())
                .select().first(rows -> !closed.getAndSet(closed.get() || rows.stream().noneMatch(RunRow::open)))
                .map(rows -> "[" + String.join(",", rows.stream().map(RunRow::toJson).toList()) + "]")
                .skip().repetitions();
    }

    private Optional<RunRow> headline(String runId) {
        try {
            return lookup.headline(runId).map(r -> RunRow.of(r.getKey(), r.getValue(), clock.instant()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** One output file of a created item (only what the run's items.jsonl lists, under its output root). */
    @GET
    @jakarta.ws.rs.Path("dashboard/runs/{runId}/items/{offset}/outputs/{index}")
    public Response output(@PathParam("runId") String runId, @PathParam("offset") long offset,
                           @PathParam("index") int index) throws IOException {
        RunLookup.Found run = find(runId);
        ItemPager.Item item = ItemPager.at(run.itemsFile(), run.itemsLength(), offset);
        Path file = OutputFiles.resolve(run.summary().info().outputPath(), item, index)
                .orElseThrow(() -> new NotFoundException("no such output"));
        String name = file.getFileName().toString();
        return Response.ok(file.toFile(), contentType(name))
                .header("Content-Disposition", "inline; filename=\"" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox")
                .build();
    }

    /** The cached thumbnail of a created item's preview PNG (made on first request). */
    @GET
    @jakarta.ws.rs.Path("dashboard/runs/{runId}/items/{offset}/thumbnail.png")
    @Produces("image/png")
    public Response thumbnail(@PathParam("runId") String runId, @PathParam("offset") long offset) throws IOException {
        RunLookup.Found run = find(runId);
        ItemPager.Item item = ItemPager.at(run.itemsFile(), run.itemsLength(), offset);
        int preview = item == null ? -1 : item.preview();
        Path file = OutputFiles.resolve(run.summary().info().outputPath(), item, preview)
                .orElseThrow(() -> new NotFoundException("no preview"));
        Optional<Path> thumb = thumbnails.get(file, item.outputs().get(preview).sha256());
        if (thumb.isEmpty()) {
            return Response.status(503).header("Retry-After", "2").build();
        }
        return Response.ok(Files.readAllBytes(thumb.get()), "image/png")
                .header("Cache-Control", "private, max-age=86400").build();
    }

    private RunLookup.Found find(String runId) throws IOException {
        try {
            return lookup.find(runId).orElseThrow(() -> new NotFoundException("unknown run"));
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("unknown run");
        }
    }

    static String contentType(String name) {
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        if (name.endsWith(".png")) {
            return "image/png";
        }
        if (name.endsWith(".json")) {
            return MediaType.APPLICATION_JSON;
        }
        if (name.endsWith(".pdf")) {
            return "application/pdf";
        }
        return MediaType.APPLICATION_OCTET_STREAM;
    }
}
