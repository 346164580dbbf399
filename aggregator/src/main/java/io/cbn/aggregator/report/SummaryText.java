package io.cbn.aggregator.report;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import io.cbn.aggregator.ledger.HeldRoots;
import io.cbn.aggregator.ledger.QaCategories;
import io.cbn.aggregator.ledger.RunSummary;
import io.cbn.aggregator.ledger.WorkerTally;

/**
 * Renders {@code summary.txt}, the lines ops already read (docs/design.md, "The QA summary"):
 *
 * <pre>
 * Run: &lt;runId&gt;  State: COMPLETE
 * Items Processed: 1,082/1,082
 * Failed Items: 0
 * Rejected Items: 1,082
 * Total QA Issues: 1,082
 *   - Files Not Created (includes rejections): 1,082 (100.00%)
 *   - &lt;other category&gt;: n (p%)
 * Files Successfully Created: 0/1,082 (0.0%)
 * Duplicates Ignored: 0
 * Reused Items: 0
 * Workers: &lt;id&gt; &lt;build&gt; &lt;items&gt;, ...
 * Held: &lt;root&gt; &lt;reason&gt; since &lt;time&gt;, n jobs   (one line per held root, only while held)
 * </pre>
 *
 * Every number is one of summary.json's. Expected shows as "?" until the run is sealed. A category
 * percentage is of the items processed; the created percentage is of the expected items (of the
 * processed ones until sealed). "Total QA Issues" counts items with at least one issue. Only when
 * the run has invariant violations, an "Invariant Violations: n" line follows with one
 * "  - text" line each, so a violation is never hidden from someone reading only this file.
 */
public final class SummaryText {

    private SummaryText() {
    }

    public static String render(RunSummary s) {
        RunSummary.Counts c = s.counts();
        String expected = s.expected() == null ? "?" : n(s.expected());
        StringBuilder out = new StringBuilder();
        line(out, "Run: " + s.runId() + "  State: " + s.state().name());
        line(out, "Items Processed: " + n(s.processed()) + "/" + expected);
        line(out, "Failed Items: " + n(c.failed()));
        line(out, "Rejected Items: " + n(c.rejected()));
        line(out, "Total QA Issues: " + n(s.qaIssues().total()));
        for (Map.Entry<String, Long> category : s.qaIssues().byCategory().entrySet()) {
            if (category.getValue() > 0 || category.getKey().equals(QaCategories.FILES_NOT_CREATED)) {
                line(out, "  - " + category.getKey() + ": " + n(category.getValue()) + " ("
                        + categoryPercent(category.getValue(), s) + "%)");
            }
        }
        line(out, "Files Successfully Created: " + n(c.created()) + "/" + expected + " ("
                + createdPercent(s) + "%)");
        line(out, "Duplicates Ignored: " + n(c.duplicatesIgnored()));
        line(out, "Reused Items: " + n(c.reused()));
        if (s.worstDeltaE00() != null) {
            line(out, "Worst Colour Error (dE00 wanted -> printed): " + String.format(java.util.Locale.ROOT, "%.2f",
                    s.worstDeltaE00().deltaE00()) + " (" + s.worstDeltaE00().sourcePath() + ")");
        }
        line(out, "Workers: " + workers(s));
        for (HeldRoots.Held h : s.held()) {
            line(out, "Held: " + h.root() + " " + h.reason() + " since " + h.since() + ", " + n(h.jobs()) + " jobs");
        }
        if (!s.invariantViolations().isEmpty()) {
            line(out, "Invariant Violations: " + n(s.invariantViolations().size()));
            for (String violation : s.invariantViolations()) {
                line(out, "  - " + violation);
            }
        }
        return out.toString();
    }

    /** A QA category's (or reason's) share as summary.txt shows it: of the items processed, 2 decimals. */
    public static String categoryPercent(long count, RunSummary s) {
        return percent(count, s.processed(), 2);
    }

    /** The created share as summary.txt shows it: of the expected items (of the processed ones until sealed). */
    public static String createdPercent(RunSummary s) {
        return percent(s.counts().created(), s.expected() == null ? s.processed() : s.expected(), 1);
    }

    private static String workers(RunSummary s) {
        if (s.counts().workers().isEmpty()) {
            return "none";
        }
        StringJoiner joined = new StringJoiner(", ");
        for (WorkerTally w : s.counts().workers()) {
            joined.add(w.id() + " " + w.build() + " " + n(w.items()));
        }
        return joined.toString();
    }

    /** A count with thousands separators: 1,082. */
    public static String n(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** part/whole in percent with the given decimals (half-up); 0 when whole is 0. */
    public static String percent(long part, long whole, int decimals) {
        double value = whole == 0 ? 0.0 : part * 100.0 / whole;
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append('\n');
    }
}
