package io.cbn.aggregator.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cbn.aggregator.ledger.QaCategories;
import io.cbn.aggregator.ledger.RunSummary;
import io.cbn.aggregator.report.SummaryText;
import io.quarkus.qute.TemplateData;

/**
 * What a run's page shows besides its items: counts by outcome and by reason with their percentages, the QA
 * categories, the workers and builds, the held roots and the summary.txt text. Numbers and percentages come from
 * {@link SummaryText}'s own helpers, so they are the ones summary.txt prints (docs/design.md, "Dashboard").
 */
@TemplateData
public record RunPage(RunRow row, List<Line> outcomes, List<Line> reasons, List<Line> qa, List<Worker> workers,
                      boolean multiBuild, List<Held> held, List<String> violations, String outputCheck,
                      String summaryText) {

    /** One counted line: label, count, percentage (of expected for CREATED, of processed otherwise). */
    @TemplateData
    public record Line(String outcome, String label, String count, String percent) {
    }

    @TemplateData
    public record Worker(String id, String build, String items) {
    }

    @TemplateData
    public record Held(String root, String reason, String since, String jobs) {
    }

    public static RunPage of(RunLookup.Found run, Instant now) {
        RunSummary s = run.summary();
        RunSummary.Counts c = s.counts();
        List<Line> outcomes = List.of(
                new Line("CREATED", "Created", SummaryText.n(c.created()), SummaryText.createdPercent(s)),
                new Line("REJECTED", "Rejected", SummaryText.n(c.rejected()), SummaryText.categoryPercent(c.rejected(), s)),
                new Line("FAILED", "Failed", SummaryText.n(c.failed()), SummaryText.categoryPercent(c.failed(), s)));
        List<Line> reasons = new ArrayList<>();
        c.rejectedByReason().forEach((reason, n) -> reasons.add(
                new Line("REJECTED", reason, SummaryText.n(n), SummaryText.categoryPercent(n, s))));
        c.failedByReason().forEach((reason, n) -> reasons.add(
                new Line("FAILED", reason, SummaryText.n(n), SummaryText.categoryPercent(n, s))));
        List<Line> qa = new ArrayList<>();
        for (Map.Entry<String, Long> e : s.qaIssues().byCategory().entrySet()) {
            if (e.getValue() > 0 || e.getKey().equals(QaCategories.FILES_NOT_CREATED)) { // as summary.txt lists them
                qa.add(new Line("", e.getKey(), SummaryText.n(e.getValue()), SummaryText.categoryPercent(e.getValue(), s)));
            }
        }
        List<Worker> workers = c.workers().stream()
                .map(w -> new Worker(w.id(), w.build(), SummaryText.n(w.items()))).toList();
        boolean multiBuild = c.workers().stream().map(w -> w.build()).distinct().count() > 1;
        List<Held> held = s.held().stream().map(h -> new Held(h.root(), h.reason(),
                h.since() == null ? "-" : h.since().toString(), SummaryText.n(h.jobs()))).toList();
        RunSummary.Check check = s.outputCheck();
        return new RunPage(RunRow.of(s, run.open(), now), outcomes, reasons, qa, workers, multiBuild, held,
                s.invariantViolations(), check.mode() + " " + check.status() + " (" + SummaryText.n(check.filesChecked())
                + " files checked, " + SummaryText.n(check.problems()) + " problems)", run.summaryText());
    }
}
