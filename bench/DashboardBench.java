import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.cbn.aggregator.dashboard.ItemPager;
import io.cbn.aggregator.ledger.ItemRecord;
import io.cbn.aggregator.ledger.OutputRef;
import io.cbn.aggregator.report.ItemsJsonl;
import io.cbn.schemas.Outcome;

/**
 * The dashboard's item paging on a big items.jsonl (docs/design.md, "Dashboard"): writes N lines as the aggregator
 * does (ItemsJsonl; 1 in 100 REJECTED, 1 in 1000 FAILED, the rest CREATED with 5 outputs), then times the pages a
 * run page asks for: the first page of created items (thumbnail grid), the first page of rejected+failed items, the
 * page after a cursor near the end, one item by offset (an output link), and the worst case: a reason filter that
 * matches only the last line (the whole file read once). Prints wall and thread CPU ms and the heap used.
 */
public class DashboardBench {
    static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(System.getenv().getOrDefault("N", "1000000"));
        Path dir = Files.createTempDirectory("cbn-dash-bench");
        Path file = dir.resolve("items.jsonl");
        ItemsJsonl lines = new ItemsJsonl();
        long lastCursor = 0;
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            long pos = 0;
            for (int i = 0; i < n; i++) {
                Outcome o = i % 1000 == 7 ? Outcome.FAILED : i % 100 == 3 ? Outcome.REJECTED : Outcome.CREATED;
                String reason = i == n - 1 ? "RARE_REASON" : o == Outcome.FAILED ? "DECODE_ERROR" : o == Outcome.REJECTED ? "TOO_SMALL" : null;
                if (i == n - 1) o = Outcome.FAILED;
                String base = "album-" + (i / 1000) + "/photo-" + i;
                List<OutputRef> outputs = o == Outcome.CREATED ? List.of(
                    new OutputRef(base + ".svg", 123456, "a".repeat(64)), new OutputRef(base + "-template.png", 23456, "b".repeat(64)),
                    new OutputRef(base + "-preview.png", 34567, "c".repeat(64)), new OutputRef(base + "-palette.json", 2345, "d".repeat(64)),
                    new OutputRef(base + ".pdf", 345678, "e".repeat(64))) : List.of();
                byte[] line = lines.line(new ItemRecord("job-" + i, "/photos/" + base + ".jpg", base + ".jpg", o, reason,
                    o == Outcome.CREATED ? "" : "a message about " + base, outputs, "worker-1", "0.1.0+abc", 1, 1234L,
                    List.of(), java.time.Instant.parse("2026-12-01T00:00:00Z"), false), List.of());
                if (i == n - 100) lastCursor = pos;
                out.write(line);
                pos += line.length;
            }
        }
        long length = Files.size(file);
        System.out.printf("# java %s, %d cpu(s), items.jsonl %,d lines, %,d MB%n", System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors(), n, length >> 20);
        for (int round = 0; round < 3; round++) { // round 0 warms up
            boolean print = round == 2;
            long c = lastCursor;
            time(print, "created, first page (25)", () -> ItemPager.page(file, length, Set.of("CREATED"), null, 0, 25).items().size());
            time(print, "rejected+failed, first page (25)", () -> ItemPager.page(file, length, Set.of("REJECTED", "FAILED"), null, 0, 25).items().size());
            time(print, "rejected+failed, page at a cursor near the end", () -> ItemPager.page(file, length, Set.of("REJECTED", "FAILED"), null, c, 25).items().size());
            time(print, "one item by offset (output link)", () -> ItemPager.at(file, length, c) == null ? 0 : 1);
            time(print, "worst case: reason matching only the last line", () -> ItemPager.page(file, length, Set.of("FAILED"), "RARE_REASON", 0, 25).items().size());
        }
        System.gc();
        Runtime rt = Runtime.getRuntime();
        System.out.printf("heap used after the pages: %d MB (max %d MB)%n", (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
        Files.delete(file);
        Files.delete(dir);
    }

    interface Op { int run() throws Exception; }

    static void time(boolean print, String what, Op op) throws Exception {
        long w0 = System.nanoTime(), c0 = CPU.getCurrentThreadCpuTime();
        int found = op.run();
        long wall = (System.nanoTime() - w0) / 1_000_000, cpu = (CPU.getCurrentThreadCpuTime() - c0) / 1_000_000;
        if (print) System.out.printf("%-50s %3d items  wall %6d ms  cpu %6d ms%n", what, found, wall, cpu);
    }
}
