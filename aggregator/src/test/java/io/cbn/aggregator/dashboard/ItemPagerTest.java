package io.cbn.aggregator.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cbn.aggregator.ledger.ItemRecord;
import io.cbn.aggregator.ledger.OutputRef;
import io.cbn.aggregator.report.ItemsJsonl;
import io.cbn.schemas.Outcome;

/** Paging items.jsonl by byte cursor, with outcome and reason filters, as the items are written by ItemsJsonl. */
class ItemPagerTest {

    @TempDir
    Path dir;

    /** 100 items: every 10th FAILED DECODE_ERROR, every 10th+5 REJECTED TOO_SMALL, the rest CREATED. */
    private Path ledger(int n) throws Exception {
        ItemsJsonl lines = new ItemsJsonl();
        Path file = dir.resolve("items.jsonl");
        try (var out = Files.newOutputStream(file)) {
            for (int i = 0; i < n; i++) {
                Outcome o = i % 10 == 0 ? Outcome.FAILED : i % 10 == 5 ? Outcome.REJECTED : Outcome.CREATED;
                String reason = o == Outcome.FAILED ? "DECODE_ERROR" : o == Outcome.REJECTED ? "TOO_SMALL" : null;
                List<OutputRef> outputs = o == Outcome.CREATED
                        ? List.of(new OutputRef("a/p" + i + ".svg", 1, "ab"), new OutputRef("a/p" + i + "-preview.png", 1, "cd"))
                        : List.of();
                out.write(lines.line(new ItemRecord("job-" + i, "/src/a/p" + i + ".jpg", "a/p" + i + ".jpg", o, reason,
                        "message \"" + i + "\" é", outputs, "w1", "1.0", 1, 5L, List.of(), null, false), List.of()));
            }
        }
        return file;
    }

    @Test
    void pagesFollowTheCursorThroughEveryMatchingLineOnce() throws Exception {
        Path file = ledger(100);
        long length = Files.size(file);
        List<String> jobs = new ArrayList<>();
        int pages = walk(cursor -> ItemPager.page(file, length, Set.of("REJECTED", "FAILED"), null, cursor, 3), jobs);
        assertEquals(20, jobs.size());
        assertEquals(7, pages); // 3+3+3+3+3+3+2
        assertEquals("job-0", jobs.get(0));
        assertEquals("job-95", jobs.get(19));
        assertEquals(20, jobs.stream().distinct().count());
    }

    @Test
    void aPageStopsAtItsScanBudgetAndTheCursorGoesOn() throws Exception {
        Path file = ledger(100);
        long length = Files.size(file);
        List<String> jobs = new ArrayList<>();
        int pages = walk(cursor -> ItemPager.page(file, length, Set.of("FAILED"), null, cursor, 50, 2000), jobs);
        assertEquals(10, jobs.size());
        assertEquals(10, jobs.stream().distinct().count());
        assertTrue(pages > 3, "several budget-bound pages: " + pages);
    }

    /** Follows the cursor from 0 to the end, collecting the job ids into {@code jobs}; every page moves forward. */
    private static int walk(PageAt pageAt, List<String> jobs) throws Exception {
        long cursor = 0;
        int pages = 0;
        do {
            ItemPager.Page page = pageAt.page(cursor);
            page.items().forEach(i -> jobs.add(i.jobId()));
            assertTrue(page.next() < 0 || page.next() > cursor, "progress");
            cursor = page.next();
            pages++;
        } while (cursor >= 0);
        return pages;
    }

    private interface PageAt {
        ItemPager.Page page(long cursor) throws Exception;
    }

    @Test
    void filtersByOutcomeAndReason() throws Exception {
        Path file = ledger(100);
        long length = Files.size(file);
        ItemPager.Page failed = ItemPager.page(file, length, Set.of("FAILED"), null, 0, 50);
        assertEquals(10, failed.items().size());
        failed.items().forEach(i -> assertEquals("DECODE_ERROR", i.reason()));
        assertEquals(-1, failed.next());
        assertEquals(0, ItemPager.page(file, length, Set.of("FAILED"), "TOO_SMALL", 0, 50).items().size());
        ItemPager.Page small = ItemPager.page(file, length, Set.of("REJECTED", "FAILED"), "TOO_SMALL", 0, 50);
        assertEquals(10, small.items().size());
        assertEquals("message \"5\" é", small.items().get(0).message());
        ItemPager.Page created = ItemPager.page(file, length, Set.of("CREATED"), null, 0, 5);
        assertEquals(1, created.items().get(0).preview());
        assertEquals("SVG", created.items().get(0).outputs().get(0).label());
    }

    @Test
    void onlyCompleteLinesCountAndOnlyLineStartsAreItems() throws Exception {
        Path file = ledger(10);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        long second = lines.get(0).getBytes(StandardCharsets.UTF_8).length + 1;
        // the flushed length ends after the first line: the second one is not there yet
        assertEquals(1, ItemPager.page(file, second, Set.of("FAILED", "CREATED", "REJECTED"), null, 0, 50).items().size());
        assertEquals("job-1", ItemPager.at(file, Files.size(file), second).jobId());
        assertEquals(second, ItemPager.at(file, Files.size(file), second).offset());
        assertNull(ItemPager.at(file, Files.size(file), second + 1));
        assertNull(ItemPager.at(file, second, second));
        assertNull(ItemPager.at(file, Files.size(file), -1));
    }
}
