package io.cbn.aggregator.report;

import static io.cbn.aggregator.testing.Events.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cbn.aggregator.ledger.ItemRecord;
import io.cbn.aggregator.ledger.OutputRef;
import io.cbn.schemas.Outcome;

/** The hand-written line is byte for byte what Jackson writes for the same fields, whatever the names hold. */
class ItemsJsonlTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String jackson(ItemRecord item, List<String> qaIssues) throws Exception {
        ObjectNode n = JSON.createObjectNode();
        n.put("jobId", item.jobId());
        n.put("sourcePath", item.sourcePath());
        n.put("outcome", item.outcome().name());
        n.put("reason", item.reason());
        ArrayNode outputs = n.putArray("outputs");
        for (OutputRef o : item.outputs()) {
            outputs.addObject().put("path", o.path()).put("bytes", o.bytes()).put("sha256", o.sha256());
        }
        n.put("workerBuild", item.workerBuild());
        if (item.durationMs() == null) {
            n.putNull("durationMs");
        } else {
            n.put("durationMs", item.durationMs());
        }
        n.put("relativePath", item.relativePath());
        n.put("message", item.message());
        item.qaFlags().forEach(n.putArray("qaFlags")::add);
        qaIssues.forEach(n.putArray("qaIssues")::add);
        n.put("workerId", item.workerId());
        n.put("attempt", item.attempt());
        n.put("finishedAt", item.finishedAt() == null ? null : item.finishedAt().toString());
        n.put("reused", item.reused());
        return JSON.writeValueAsString(n) + "\n";
    }

    @Test
    void sameBytesAsJacksonForPlainAndAwkwardText() throws Exception {
        String awkward = "caf\\xe9 \"quoted\" back\\slash tab\t nl\n cr\r bell\u0007 del\u007f naïve 日本 😀 \u2028";
        ItemsJsonl lines = new ItemsJsonl();
        List<ItemRecord> items = List.of(
                new ItemRecord("j1", "/photos/a/b.jpg", "b.jpg", Outcome.CREATED, null, "",
                        List.of(new OutputRef("b.jpg.svg", 123, "ab".repeat(32)), new OutputRef("b.jpg-preview.png", 9, "00")),
                        "w1", "1.0+abc", 2, 1234L, List.of("DAMAGED_SOURCE"), T0, true),
                new ItemRecord(awkward, "/r/" + awkward, awkward, Outcome.FAILED, "DECODE_ERROR", awkward, List.of(),
                        awkward, awkward, 1, null, List.of(awkward), null, false));
        for (ItemRecord item : items) {
            List<String> issues = List.of("Files Not Created (includes rejections)", "Output \"X\"");
            assertEquals(jackson(item, issues), new String(lines.line(item, issues), StandardCharsets.UTF_8));
        }
    }

    @Test
    void instantsNumbersAndLongEscapedTextSameAsJackson() throws Exception {
        ItemsJsonl lines = new ItemsJsonl();
        java.util.Random random = new java.util.Random(8);
        List<java.time.Instant> times = new java.util.ArrayList<>(List.of(java.time.Instant.EPOCH,
                java.time.Instant.parse("1969-12-31T23:59:59.999999999Z"), java.time.Instant.parse("9999-12-31T23:59:59Z"),
                java.time.Instant.parse("+10000-01-01T00:00:00Z"), java.time.Instant.parse("2026-12-01T10:00:00.100Z"),
                java.time.Instant.parse("2026-12-01T10:00:00.000100Z"), java.time.Instant.parse("2026-12-01T10:00:00.000000100Z"),
                java.time.Instant.parse("-0001-06-01T00:00:00Z")));
        for (int i = 0; i < 2000; i++) {
            long s = random.nextLong(-2_000_000_000L, 300_000_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            times.add(java.time.Instant.ofEpochSecond(s, nanos));
        }
        String quotes = "\"\\\u0001".repeat(700); // every char escaped: the line grows far past its first buffer
        for (java.time.Instant t : times) {
            long n = random.nextLong(Long.MAX_VALUE);
            ItemRecord item = new ItemRecord("j", "/s/j", quotes.substring(0, (int) (n % quotes.length())), Outcome.CREATED,
                    null, "", List.of(new OutputRef("o", n, "00"), new OutputRef("p", -n, "00"), new OutputRef("q", 0, "")),
                    "w", "b", (int) n, n % 3 == 0 ? null : n, List.of(), t, false);
            assertEquals(jackson(item, List.of()), new String(lines.line(item, List.of()), StandardCharsets.UTF_8), t.toString());
        }
    }

    @Test
    void randomTextOfEveryKindSameAsJackson() throws Exception {
        // plain ASCII (the copied path), and strings with one awkward char somewhere (the char-by-char path)
        String[] awkward = {"\"", "\\", "\u0000", "\u001f", "\n", "\u007f", "\u00e9", "\u00ff", "\u0141", "\u65e5", "\ud83d\ude00",
            "\u2028", "\ufffd"};
        java.util.Random random = new java.util.Random(11);
        ItemsJsonl lines = new ItemsJsonl();
        for (int i = 0; i < 3000; i++) {
            StringBuilder b = new StringBuilder();
            int n = i % 100 == 0 ? 1500 + random.nextInt(3000) : random.nextInt(90); // some past the first buffer
            for (int k = 0; k < n; k++) {
                b.append((char) (0x20 + random.nextInt(0x5f)));
            }
            if (i % 2 == 1) {
                b.insert(random.nextInt(b.length() + 1), awkward[random.nextInt(awkward.length)]);
            }
            String text = b.toString();
            ItemRecord item = new ItemRecord(text, "/s/" + text, text, Outcome.CREATED, null, text,
                    List.of(new OutputRef(text + ".svg", i, text)), text, text, 1, (long) i, List.of(text), T0, false);
            assertEquals(jackson(item, List.of(text)), new String(lines.line(item, List.of(text)), StandardCharsets.UTF_8), text);
        }
    }
}
