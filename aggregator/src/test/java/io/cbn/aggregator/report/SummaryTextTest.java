package io.cbn.aggregator.report;

import static io.cbn.aggregator.testing.Events.T0;
import static io.cbn.aggregator.testing.Events.created;
import static io.cbn.aggregator.testing.Events.notCreated;
import static io.cbn.aggregator.testing.Events.opened;
import static io.cbn.aggregator.testing.Events.result;
import static io.cbn.aggregator.testing.Events.sealed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cbn.aggregator.ledger.LedgerSettings;
import io.cbn.aggregator.ledger.QaCategories;
import io.cbn.aggregator.ledger.QaIssues;
import io.cbn.aggregator.ledger.RunLedger;
import io.cbn.aggregator.ledger.RunState;
import io.cbn.aggregator.ledger.RunSummary;
import io.cbn.aggregator.ledger.WorkerTally;
import io.cbn.aggregator.ledger.OutputCheckStatus;
import io.cbn.aggregator.ledger.OutputCheckMode;
import io.cbn.aggregator.testing.MutableClock;
import io.cbn.schemas.Outcome;

class SummaryTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static RunSummary allRejected() {
        Map<String, Long> categories = new java.util.LinkedHashMap<>();
        categories.put(QaCategories.FILES_NOT_CREATED, 1082L);
        return new RunSummary(
                new RunSummary.Info("run-7", List.of("/photos"), "/out", "/admin", null, 1082L, 0, List.of()),
                RunState.COMPLETE,
                new RunSummary.Counts(1082, 0, 1082, 0, 0, 0, Map.of("TOO_SMALL", 1082L), Map.of(),
                        List.of(new WorkerTally("w1", "1.0+abc", 1082))),
                new QaIssues(1082, categories), new RunSummary.Times(T0, T0, T0, T0, T0, null), List.of(),
                new RunSummary.Check(OutputCheckMode.STAT, OutputCheckStatus.PASSED, 0, 0), List.of());
    }

    @Test
    void rendersTheFamiliarLinesWithThousandsSeparators() {
        assertEquals("""
                Run: run-7  State: COMPLETE
                Items Processed: 1,082/1,082
                Failed Items: 0
                Rejected Items: 1,082
                Total QA Issues: 1,082
                  - Files Not Created (includes rejections): 1,082 (100.00%)
                Files Successfully Created: 0/1,082 (0.0%)
                Duplicates Ignored: 0
                Reused Items: 0
                Workers: w1 1.0+abc 1,082
                """, SummaryText.render(allRejected()));
    }

    @Test
    void expectedIsAQuestionMarkUntilSealed() {
        MutableClock clock = new MutableClock(T0);
        RunLedger ledger = new RunLedger(opened("r", "/out", "/admin", T0),
                new LedgerSettings(clock, Duration.ofMinutes(30), OutputCheckMode.NONE));
        ledger.apply(created("r", "j1", "a.jpg", T0));
        String text = SummaryText.render(ledger.summary());
        assertEquals("Items Processed: 1/?", text.lines().toList().get(1));
        assertEquals("Files Successfully Created: 1/? (100.0%)", text.lines().toList().get(6));
        assertEquals("Workers: w1 1.0+abc 1", text.lines().toList().get(9));
    }

    @Test
    void percentagesRoundHalfUpAndZeroDenominatorsGiveZero() {
        assertEquals("33.33", SummaryText.percent(1, 3, 2));
        assertEquals("66.7", SummaryText.percent(2, 3, 1));
        assertEquals("0.00", SummaryText.percent(0, 0, 2));
        assertEquals("1,234,567", SummaryText.n(1_234_567));
    }

    @Test
    void everyNumberInTheTextIsTheOneInTheJson() throws Exception {
        MutableClock clock = new MutableClock(T0);
        RunLedger ledger = new RunLedger(opened("run-9", "/out", "/admin", T0), new LedgerSettings(clock, Duration.ofMinutes(30), OutputCheckMode.NONE));
        List<Object> ignored = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            String job = "j" + i;
            if (i % 4 == 0) {
                ledger.apply(notCreated("run-9", job, "f" + i + ".jpg", Outcome.REJECTED, "TOO_SMALL", T0.plusMillis(i)));
            } else if (i % 9 == 0) {
                ledger.apply(notCreated("run-9", job, "f" + i + ".jpg", Outcome.FAILED, "DECODE_ERROR", T0.plusMillis(i)));
            } else if (i % 11 == 0) {
                ledger.apply(result("run-9", job, "f" + i + ".gif", T0.plusMillis(i)).setWorkerId("w2")
                        .setQaFlags(List.of("ANIMATED_FIRST_FRAME")).build());
            } else {
                ledger.apply(created("run-9", job, "f" + i + ".jpg", T0.plusMillis(i)));
            }
        }
        for (int i = 0; i < 1200; i += 7) {
            Object dup = (ledger.apply(created("run-9", "j" + i, "f" + i + ".jpg", T0.plusSeconds(10))));
            ignored.add(i);
        }
        ledger.apply(sealed("run-9", 2600, T0.plusSeconds(20)));
        RunSummary summary = ledger.summary();
        String text = SummaryText.render(summary);
        JsonNode json = JSON.readTree(SummaryJson.render(summary));

        Map<String, Long> lines = numbers(text);
        assertEquals(json.get("processed").asLong(), lines.get("Items Processed"));
        assertEquals(json.get("expected").asLong(), lines.get("Items Processed/"));
        assertEquals(json.get("failed").asLong(), lines.get("Failed Items"));
        assertEquals(json.get("rejected").asLong(), lines.get("Rejected Items"));
        assertEquals(json.get("qaIssues").get("total").asLong(), lines.get("Total QA Issues"));
        json.get("qaIssues").get("byCategory").fields().forEachRemaining(
                e -> assertEquals(e.getValue().asLong(), lines.get("  - " + e.getKey()), e.getKey()));
        assertEquals(json.get("created").asLong(), lines.get("Files Successfully Created"));
        assertEquals(json.get("expected").asLong(), lines.get("Files Successfully Created/"));
        assertEquals(json.get("duplicatesIgnored").asLong(), lines.get("Duplicates Ignored"));
        assertEquals((long) ignored.size(), json.get("duplicatesIgnored").asLong());
        json.get("workers").forEach(w -> assertEquals(w.get("items").asLong(),
                lines.get("Workers " + w.get("id").asText() + " " + w.get("build").asText())));
        assertEquals(json.get("reused").asLong(), lines.get("Reused Items"));
        assertEquals(1 + 1 + 1 + 1 + 1 + json.get("qaIssues").get("byCategory").size() + 1 + 1 + 1 + 1, text.lines().count());
    }

    private static final Pattern COUNT_LINE = Pattern.compile("^(.+): ([0-9,]+)(?:/([0-9,]+))?(?: \\([0-9.]+%\\))?$");
    private static final Pattern WORKER = Pattern.compile("(\\S+) (\\S+) ([0-9,]+)");

    /** "Label: n" -> n, "Label: n/m" -> n and "Label/" -> m, "Workers: id build n" -> "Workers id build" -> n. */
    private static Map<String, Long> numbers(String text) {
        Map<String, Long> found = new java.util.HashMap<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("Workers: ")) {
                for (String worker : line.substring("Workers: ".length()).split(", ")) {
                    Matcher m = WORKER.matcher(worker);
                    if (m.matches()) {
                        found.put("Workers " + m.group(1) + " " + m.group(2), parse(m.group(3)));
                    }
                }
                continue;
            }
            Matcher m = COUNT_LINE.matcher(line);
            if (m.matches()) {
                found.put(m.group(1), parse(m.group(2)));
                if (m.group(3) != null) {
                    found.put(m.group(1) + "/", parse(m.group(3)));
                }
            }
        }
        return found;
    }

    private static long parse(String grouped) {
        return Long.parseLong(grouped.replace(",", ""));
    }
}
