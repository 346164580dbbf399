package io.cbn.aggregator.cli;

import static io.cbn.aggregator.testing.Events.T0;
import static io.cbn.aggregator.testing.Events.notCreated;
import static io.cbn.aggregator.testing.Events.opened;
import static io.cbn.aggregator.testing.Events.output;
import static io.cbn.aggregator.testing.Events.result;
import static io.cbn.aggregator.testing.Events.sealed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cbn.aggregator.engine.Aggregator;
import io.cbn.aggregator.ledger.LedgerSettings;
import io.cbn.aggregator.ledger.OutputCheckMode;
import io.cbn.aggregator.report.OutputVerifier;
import io.cbn.aggregator.testing.Feed;
import io.cbn.aggregator.testing.MutableClock;
import io.cbn.schemas.Outcome;

/** {@code cbn verify} and {@code cbn runs} on a run closed by the aggregator core, with real files. */
class AdminCommandTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return AdminCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void verifyReHashesEveryOutputWritesItsReportBesideTheSummaryAndNeverTouchesTheSummary() throws IOException {
        Path admin = tmp.resolve("admin");
        Path outDir = tmp.resolve("out");
        Files.createDirectories(outDir);
        Feed feed = new Feed(2);
        feed.event(opened("r1", outDir.toString(), admin.toString(), T0));
        for (int i = 0; i < 20; i++) {
            Path svg = outDir.resolve("f" + i + ".svg");
            Files.writeString(svg, "<svg>" + i + "</svg>");
            feed.result(result("r1", "j" + i, "f" + i + ".jpg", T0.plusSeconds(i))
                    .setOutputs(List.of(output("f" + i + ".svg", Files.size(svg), OutputVerifier.sha256(svg)))).build());
        }
        feed.result(notCreated("r1", "j20", "f20.jpg", Outcome.REJECTED, "TOO_SMALL", T0.plusSeconds(30)));
        feed.event(sealed("r1", 21, T0.plusSeconds(40)));
        MutableClock clock = new MutableClock(T0.plusSeconds(100));
        Aggregator aggregator = new Aggregator(new Aggregator.Settings(new LedgerSettings(clock, Duration.ofMinutes(30),
                OutputCheckMode.STAT), tmp.resolve("state"), Duration.ofSeconds(10), Duration.ZERO, 100, 100, 1,
                Feed.RUNS, Feed.RESULTS), clock, null);
        aggregator.start();
        feed.feed(aggregator, 0, feed.records().size());
        aggregator.tick(true, true);
        Path runDir = admin.resolve("runs/r1");
        String summaryBefore = Files.readString(runDir.resolve("summary.json"));

        assertEquals(0, run("verify", "--run-id", "r1", "--admin-path", admin.toString(), "--threads", "3"), err.toString());
        assertTrue(out.toString().contains("Output files re-hashed: 20"), out.toString());
        assertTrue(out.toString().contains("Discrepancies: 0"), out.toString());
        try (var files = Files.list(runDir)) {
            List<Path> reports = files.filter(p -> p.getFileName().toString().startsWith("verify-")).toList();
            assertEquals(1, reports.size());
            JsonNode report = new ObjectMapper().readTree(reports.get(0).toFile());
            assertTrue(report.get("clean").asBoolean());
            assertEquals(21, report.get("items").asInt());
        }

        // one byte changed (same size: only a re-hash sees it) and one file gone
        Files.writeString(outDir.resolve("f3.svg"), "<svg>X</svg>");
        Files.delete(outDir.resolve("f7.svg"));
        assertEquals(1, run("verify", "--run-id", "r1", "--admin-path", admin.toString()));
        assertTrue(out.toString().contains("Discrepancies: 2"), out.toString());
        assertTrue(out.toString().contains("f3.svg") && out.toString().contains("f7.svg"), out.toString());
        assertEquals(summaryBefore, Files.readString(runDir.resolve("summary.json")));

        assertEquals(2, run("verify", "--run-id", "nope", "--admin-path", admin.toString()));
        assertEquals(2, run("verify", "--admin-path", admin.toString()));

        assertEquals(0, run("runs", "--admin-path", admin.toString()));
        assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("r1 ") && l.contains("COMPLETE")), out.toString());
    }
}
