package io.cbn.aggregator.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cbn.aggregator.ledger.RunSummary;
import io.cbn.aggregator.report.SummaryText;
import io.quarkus.qute.TemplateData;

/**
 * The headline of one run, as the run list and the top of a run page show it and as the live updates send it:
 * state, progress, outcome counts, QA issues, rate, ETA, times, held roots. Every count is the summary's
 * (docs/design.md, "Dashboard"); rate and ETA are derived from it and the clock.
 */
@TemplateData
public record RunRow(String runId, String state, boolean open, long processed, String processedText, String expected,
                     long progressMax, String percent, String created, String rejected, String failed,
                     String qaIssues, String rate, String eta, String startedAt, String finishedAt,
                     List<String> held) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    public static RunRow of(RunSummary s, boolean open, Instant now) {
        RunSummary.Counts c = s.counts();
        Instant started = s.times().openedAt();
        Instant finished = s.times().completedAt();
        Instant until = open ? now : finished != null ? finished : s.times().updatedAt();
        double seconds = started == null || until == null ? 0 : Math.max(0, Duration.between(started, until).toMillis() / 1000.0);
        double rate = seconds <= 0 ? 0 : c.processed() / seconds;
        String eta = "-";
        Long outstanding = s.outstanding();
        if (open && outstanding != null && rate > 0) {
            eta = outstanding == 0 ? "0s" : duration(Math.round(outstanding / rate));
        }
        long max = s.expected() == null ? Math.max(1, c.processed()) : Math.max(1, s.expected());
        return new RunRow(s.runId(), s.state().name(), open, c.processed(), SummaryText.n(c.processed()),
                s.expected() == null ? "?" : SummaryText.n(s.expected()), max,
                s.expected() == null ? "?" : SummaryText.percent(c.processed(), s.expected(), 1),
                SummaryText.n(c.created()), SummaryText.n(c.rejected()), SummaryText.n(c.failed()),
                SummaryText.n(s.qaIssues().total()), String.format(Locale.ROOT, "%.2f", rate), eta,
                started == null ? "-" : TIME.format(started), finished == null ? "-" : TIME.format(finished),
                s.held().stream().map(h -> h.root() + " (" + h.reason() + ", " + SummaryText.n(h.jobs()) + " jobs)")
                        .toList());
    }

    /** "1h 02m", "3m 20s", "45s". */
    static String duration(long seconds) {
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
        }
        if (seconds >= 60) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return seconds + "s";
    }

    /** The live update's payload: every field, for the page's script to put in place. */
    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("runId", runId).put("state", state).put("open", open).put("processed", processed)
                .put("processedText", processedText).put("expected", expected).put("progressMax", progressMax)
                .put("percent", percent).put("created", created).put("rejected", rejected).put("failed", failed)
                .put("qaIssues", qaIssues).put("rate", rate).put("eta", eta).put("startedAt", startedAt)
                .put("finishedAt", finishedAt);
        held.forEach(n.putArray("held")::add);
        return n.toString();
    }
}
