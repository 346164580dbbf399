package io.cbn.aggregator.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cbn.aggregator.ledger.HeldRoots;
import io.cbn.aggregator.ledger.OutputCheckMode;
import io.cbn.aggregator.ledger.OutputCheckStatus;
import io.cbn.aggregator.ledger.QaCategories;
import io.cbn.aggregator.ledger.QaIssues;
import io.cbn.aggregator.ledger.RunState;
import io.cbn.aggregator.ledger.RunSummary;
import io.cbn.aggregator.ledger.WorkerTally;
import io.cbn.aggregator.report.SummaryJson;
import io.cbn.aggregator.report.SummaryText;

/** The run row and run page: summary.txt's numbers and percentages, rate and ETA, builds; summary.json read back. */
class RunViewTest {

    private static final Instant T0 = Instant.parse("2026-11-03T10:00:00Z");

    private static RunSummary running() {
        Map<String, Long> qa = new LinkedHashMap<>();
        qa.put(QaCategories.FILES_NOT_CREATED, 300L);
        qa.put("ANIMATED_FIRST_FRAME", 7L);
        qa.put(QaCategories.OUTPUT_PATH_COLLISION, 0L);
        return new RunSummary(
                new RunSummary.Info("r1", List.of("/photos"), "/out", "/admin", null, 3000L, 0, List.of()),
                RunState.RUNNING,
                new RunSummary.Counts(1200, 900, 200, 100, 0, 3, Map.of("TOO_SMALL", 200L), Map.of("DECODE_ERROR", 100L),
                        List.of(new WorkerTally("w1", "1.0+abc", 700), new WorkerTally("w2", "1.1+def", 500))),
                new QaIssues(305, qa), new RunSummary.Times(T0, T0.plusSeconds(5), null, T0.plusSeconds(600),
                        T0.plusSeconds(600), null),
                List.of(), new RunSummary.Check(OutputCheckMode.STAT, OutputCheckStatus.PENDING, 0, 0),
                List.of(new HeldRoots.Held("/photos/b", "SOURCE_ROOT_MISSING", T0.plusSeconds(60), 12)));
    }

    @Test
    void theRowDerivesRateAndEtaFromTheSummaryAndTheClock() {
        RunRow row = RunRow.of(running(), true, T0.plusSeconds(600));
        assertEquals("1,200", row.processedText());
        assertEquals("3,000", row.expected());
        assertEquals(3000, row.progressMax());
        assertEquals("40.0", row.percent());
        assertEquals("2.00", row.rate()); // 1200 in 600 s
        assertEquals("15m 00s", row.eta()); // 1800 left at 2/s
        assertEquals(List.of("/photos/b (SOURCE_ROOT_MISSING, 12 jobs)"), row.held());
        assertTrue(row.toJson().contains("\"processed\":1200"));
        assertEquals("-", RunRow.of(running(), false, T0.plusSeconds(600)).eta(), "no ETA for a closed run");
        assertEquals("1h 02m", RunRow.duration(3720));
        assertEquals("45s", RunRow.duration(45));
    }

    @Test
    void thePageUsesSummaryTextsPercentagesAndMarksSeveralBuilds() {
        RunSummary s = running();
        RunPage page = RunPage.of(new RunLookup.Found(s, true, null, 0, SummaryText.render(s)), T0.plusSeconds(600));
        String text = SummaryText.render(s);
        assertTrue(text.contains("Files Successfully Created: 900/3,000 (30.0%)"), text);
        assertEquals("30.0", page.outcomes().get(0).percent());
        assertTrue(text.contains("Files Not Created (includes rejections): 300 (25.00%)"), text);
        assertEquals(List.of("Files Not Created (includes rejections)", "ANIMATED_FIRST_FRAME"),
                page.qa().stream().map(RunPage.Line::label).toList(), "the categories summary.txt lists");
        assertEquals("25.00", page.qa().get(0).percent());
        assertEquals("16.67", page.reasons().get(0).percent()); // TOO_SMALL 200 of 1200 processed
        assertEquals("DECODE_ERROR", page.reasons().get(1).label());
        assertTrue(page.multiBuild());
        assertEquals(text, page.summaryText());
    }

    @Test
    void summaryJsonReadsBackToTheSameBytes() {
        RunSummary s = running();
        String json = SummaryJson.render(s);
        RunSummary back = SummaryJson.parse(SummaryJsonTestSupport.tree(json));
        assertEquals(json, SummaryJson.render(back));
        assertEquals(SummaryText.render(s), SummaryText.render(back));
        assertTrue(back.sealed());
    }
}
