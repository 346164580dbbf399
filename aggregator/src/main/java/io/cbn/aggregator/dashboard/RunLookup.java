package io.cbn.aggregator.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cbn.aggregator.engine.Aggregator;
import io.cbn.aggregator.ledger.RunLedger;
import io.cbn.aggregator.ledger.RunSummary;
import io.cbn.aggregator.report.ReportWriter;
import io.cbn.aggregator.report.SummaryJson;
import io.cbn.aggregator.state.ClosedRuns;

/**
 * Finds the runs the dashboard shows (docs/design.md, "Dashboard"): an open run from the aggregator's memory (its
 * ledger's summary), a closed one from its summary.json read back by {@link SummaryJson#parse}, so both are shown
 * by the same code. Plain Java over the {@link Aggregator}'s queries.
 */
public final class RunLookup {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A run as the dashboard needs it. {@code itemsLength}: bytes of items.jsonl that are complete lines. */
    public record Found(RunSummary summary, boolean open, Path itemsFile, long itemsLength, String summaryText) {
    }

    /** One page of the run list: newest first, {@code total} runs in all. */
    public record Page(List<RunSummary> runs, List<Boolean> open, int page, int size, int total) {
        public int pages() {
            return Math.max(1, (total + size - 1) / size);
        }
    }

    private final Aggregator aggregator;

    public RunLookup(Aggregator aggregator) {
        this.aggregator = aggregator;
    }

    /** Just the summary and whether the run is open (the live updates: no summary.txt, no items file). */
    public Optional<Map.Entry<RunSummary, Boolean>> headline(String runId) throws IOException {
        Optional<RunLedger> open = aggregator.openRun(runId);
        if (open.isPresent()) {
            return Optional.of(Map.entry(open.get().summary(), true));
        }
        Optional<ClosedRuns.Entry> closed = aggregator.closedRun(runId);
        if (closed.isEmpty()) {
            return Optional.empty();
        }
        Path file = ReportWriter.runDirectory(Path.of(closed.get().adminPath()), runId).resolve(ReportWriter.SUMMARY_JSON);
        return Optional.of(Map.entry(SummaryJson.parse(JSON.readTree(file.toFile())), false));
    }

    public Optional<Found> find(String runId) throws IOException {
        Optional<RunLedger> open = aggregator.openRun(runId);
        if (open.isPresent()) {
            RunSummary s = open.get().summary();
            var items = aggregator.itemsFile(runId);
            return Optional.of(new Found(s, true, items.map(e -> e.getKey()).orElse(null),
                    items.map(e -> e.getValue()).orElse(0L), io.cbn.aggregator.report.SummaryText.render(s)));
        }
        Optional<ClosedRuns.Entry> closed = aggregator.closedRun(runId);
        if (closed.isEmpty()) {
            return Optional.empty();
        }
        Path dir = ReportWriter.runDirectory(Path.of(closed.get().adminPath()), runId);
        RunSummary s = SummaryJson.parse(JSON.readTree(dir.resolve(ReportWriter.SUMMARY_JSON).toFile()));
        Path items = dir.resolve(ReportWriter.ITEMS_JSONL);
        Path text = dir.resolve(ReportWriter.SUMMARY_TXT);
        return Optional.of(new Found(s, false, items, Files.isRegularFile(items) ? Files.size(items) : 0L,
                Files.isRegularFile(text) ? Files.readString(text) : ""));
    }

    /**
     * Page {@code page} (from 0) of the runs: the open ones newest opened first, then the closed ones newest closed
     * first. Only the closed runs on the page have their summary.json read.
     */
    public Page page(int page, int size) throws IOException {
        List<RunSummary> open = new ArrayList<>(aggregator.openRuns().stream().map(RunLedger::summary).toList());
        open.sort(Comparator.comparing((RunSummary s) -> s.times().openedAt(),
                Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(RunSummary::runId));
        List<ClosedRuns.Entry> closed = aggregator.closedRuns();
        int total = open.size() + closed.size();
        int from = Math.max(0, page) * size;
        List<RunSummary> runs = new ArrayList<>();
        List<Boolean> isOpen = new ArrayList<>();
        for (int i = from; i < Math.min(total, from + size); i++) {
            if (i < open.size()) {
                runs.add(open.get(i));
                isOpen.add(true);
            } else {
                ClosedRuns.Entry e = closed.get(i - open.size());
                Path file = ReportWriter.runDirectory(Path.of(e.adminPath()), e.runId()).resolve(ReportWriter.SUMMARY_JSON);
                if (Files.isRegularFile(file)) {
                    runs.add(SummaryJson.parse(JSON.readTree(file.toFile())));
                    isOpen.add(false);
                }
            }
        }
        return new Page(runs, isOpen, Math.max(0, page), size, total);
    }
}
