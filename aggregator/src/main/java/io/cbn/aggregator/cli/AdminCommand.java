package io.cbn.aggregator.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cbn.aggregator.ledger.OutputCheckMode;
import io.cbn.aggregator.ledger.OutputCheckResult;
import io.cbn.aggregator.ledger.OutputProblem;
import io.cbn.aggregator.report.OutputVerifier;
import io.cbn.aggregator.report.ReportWriter;
import io.cbn.aggregator.state.LateRecords;

/**
 * {@code ./cbn verify} and {@code ./cbn runs}: plain Java over a run's files (no Kafka, no
 * Quarkus), run from the aggregator's jar.
 *
 * <ul>
 *   <li>{@code verify --run-id R --admin-path A [--output-path O] [--threads N]}: re-hashes every
 *       output listed in items.jsonl (streaming, N threads), compares size and sha256 with the
 *       ledger, checks items.jsonl has one line per processed job, writes
 *       {@code verify-<UTC time>.json} beside the summary (never touching the summary itself) and
 *       prints a short report. Exit 0 clean, 1 discrepancies, 2 cannot run.</li>
 *   <li>{@code runs --admin-path A | --url U}: one line per run with state and counts, from the
 *       files under A (closed and open runs alike) or from a running aggregator's {@code GET /runs}, logged in
 *       as {@code --user} (default {@code $CBN_HTTP_USER}) with the password {@code $CBN_HTTP_PASSWORD} (an
 *       environment variable, never an argument: a process list shows arguments).</li>
 * </ul>
 */
public final class AdminCommand {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    public static final int CLEAN = 0;
    public static final int DISCREPANCIES = 1;
    public static final int CANNOT_RUN = 2;

    private AdminCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    /** {@code env}: the environment ({@code CBN_HTTP_USER}, {@code CBN_HTTP_PASSWORD} for {@code runs --url}). */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("usage: cbn verify --run-id R --admin-path A [--output-path O] [--threads N]");
            err.println("       cbn runs (--admin-path A | --url http://host:8090 [--user U], password in $CBN_HTTP_PASSWORD)");
            return CANNOT_RUN;
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                return run(new String[0], env, out, out) == CANNOT_RUN ? CLEAN : CLEAN;
            }
            if (!a.startsWith("--")) {
                err.println("cbn " + args[0] + ": unexpected argument " + a);
                return CANNOT_RUN;
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                options.put(a.substring(2, eq), a.substring(eq + 1));
            } else if (i + 1 < args.length) {
                options.put(a.substring(2), args[++i]);
            } else {
                err.println("cbn " + args[0] + ": " + a + " needs a value");
                return CANNOT_RUN;
            }
        }
        try {
            return switch (args[0]) {
                case "verify" -> verify(options, out, err);
                case "runs" -> runs(options, env, out, err);
                default -> {
                    err.println("cbn: unknown command " + args[0]);
                    yield CANNOT_RUN;
                }
            };
        } catch (IOException | RuntimeException e) {
            err.println("cbn " + args[0] + ": " + e);
            return CANNOT_RUN;
        }
    }

    static int verify(Map<String, String> o, PrintStream out, PrintStream err) throws IOException {
        String runId = o.get("run-id");
        String admin = o.get("admin-path");
        if (runId == null || admin == null) {
            err.println("cbn verify: --run-id and --admin-path are required");
            return CANNOT_RUN;
        }
        Path dir = ReportWriter.runDirectory(Path.of(admin), runId);
        Path summaryFile = dir.resolve(ReportWriter.SUMMARY_JSON);
        Path items = dir.resolve(ReportWriter.ITEMS_JSONL);
        if (!Files.isRegularFile(summaryFile) || !Files.isRegularFile(items)) {
            err.println("cbn verify: no summary.json and items.jsonl in " + dir);
            return CANNOT_RUN;
        }
        JsonNode summary = JSON.readTree(summaryFile.toFile());
        String outputPath = o.getOrDefault("output-path", summary.path("outputPath").asText(null));
        if (outputPath == null) {
            err.println("cbn verify: summary.json names no outputPath; give --output-path");
            return CANNOT_RUN;
        }
        int threads = Integer.parseInt(o.getOrDefault("threads",
                String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors()))));
        Instant started = Instant.now();
        OutputCheckResult result = new OutputVerifier(threads).check(items, Path.of(outputPath), OutputCheckMode.SHA256);
        Instant finished = Instant.now();
        long processed = summary.path("processed").asLong();
        List<String> discrepancies = new ArrayList<>();
        if (result.items() != processed) {
            discrepancies.add("items.jsonl has " + result.items() + " lines, summary.json says processed " + processed);
        }

        ObjectNode report = JSON.createObjectNode();
        report.put("runId", runId);
        report.put("state", summary.path("state").asText());
        report.put("startedAt", started.toString());
        report.put("finishedAt", finished.toString());
        report.put("mode", "SHA256");
        report.put("outputPath", outputPath);
        report.put("items", result.items());
        report.put("filesChecked", result.filesChecked());
        report.put("problems", result.problems() + discrepancies.size());
        report.put("clean", result.passed() && discrepancies.isEmpty());
        ArrayNode list = report.putArray("problemsListed");
        discrepancies.forEach(list::add);
        for (OutputProblem p : result.listed()) {
            list.add(p.describe());
        }
        Path reportFile = dir.resolve("verify-" + STAMP.format(started.truncatedTo(ChronoUnit.SECONDS)) + ".json");
        ReportWriter.writeAtomically(reportFile,
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");

        out.printf(Locale.ROOT, "Run: %s  State: %s%n", runId, summary.path("state").asText());
        out.printf(Locale.ROOT, "Items: %,d  Output files re-hashed: %,d  in %.1f s%n", result.items(),
                result.filesChecked(), (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0);
        out.printf(Locale.ROOT, "Discrepancies: %,d%n", result.problems() + discrepancies.size());
        int shown = 0;
        for (JsonNode p : list) {
            if (shown++ == 20) {
                out.println("  ... (every listed one in " + reportFile.getFileName() + ")");
                break;
            }
            out.println("  - " + p.asText());
        }
        out.println("Report: " + reportFile);
        return result.passed() && discrepancies.isEmpty() ? CLEAN : DISCREPANCIES;
    }

    static int runs(Map<String, String> o, Map<String, String> env, PrintStream out, PrintStream err) throws IOException {
        if (o.containsKey("url")) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(o.get("url").replaceAll("/+$", "") + "/runs")).GET();
                String user = o.getOrDefault("user", env.get("CBN_HTTP_USER"));
                String password = env.get("CBN_HTTP_PASSWORD");
                if (user != null && password != null) {
                    // the aggregator's pages need a login (docs/design.md, Security)
                    request.header("Authorization", "Basic " + java.util.Base64.getEncoder()
                            .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                }
                HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 401 || response.statusCode() == 403) {
                    err.println("cbn runs: GET /runs answered " + response.statusCode() + (user == null || password == null
                            ? ": the aggregator needs a login; give it as CBN_HTTP_USER (or --user) and CBN_HTTP_PASSWORD"
                            : ": user " + user + " was refused (wrong password, or no viewer role)"));
                    return CANNOT_RUN;
                }
                if (response.statusCode() != 200) {
                    err.println("cbn runs: GET /runs answered " + response.statusCode());
                    return CANNOT_RUN;
                }
                out.printf(Locale.ROOT, "%-40s %-10s %12s %12s %12s%n", "RUN", "STATE", "EXPECTED", "PROCESSED",
                        "OUTSTANDING");
                for (JsonNode r : JSON.readTree(response.body())) {
                    out.printf(Locale.ROOT, "%-40s %-10s %12s %12s %12s%n", r.path("runId").asText(),
                            r.path("state").asText(), num(r.path("expected")), num(r.path("processed")),
                            num(r.path("outstanding")));
                }
                return CLEAN;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CANNOT_RUN;
            }
        }
        String admin = o.get("admin-path");
        if (admin == null) {
            err.println("cbn runs: --admin-path or --url is required");
            return CANNOT_RUN;
        }
        Path runsDir = Path.of(admin).resolve("runs");
        if (!Files.isDirectory(runsDir)) {
            err.println("cbn runs: no runs under " + runsDir);
            return CANNOT_RUN;
        }
        List<JsonNode> rows = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(runsDir)) {
            for (Path d : dirs) {
                Path f = d.resolve(ReportWriter.SUMMARY_JSON);
                if (Files.isRegularFile(f)) {
                    try {
                        ObjectNode n = (ObjectNode) JSON.readTree(f.toFile());
                        JsonNode late = LateRecords.read(Path.of(admin), d.getFileName().toString());
                        n.put("lateResults", late == null ? 0 : late.path("lateResults").asLong());
                        rows.add(n);
                    } catch (IOException | RuntimeException e) {
                        err.println("cbn runs: cannot read " + f + ": " + e.getMessage());
                    }
                }
            }
        }
        rows.sort((a, b) -> b.path("openedAt").asText("").compareTo(a.path("openedAt").asText("")));
        out.printf(Locale.ROOT, "%-40s %-10s %12s %12s %10s %10s %10s %8s %s%n", "RUN", "STATE", "EXPECTED",
                "PROCESSED", "CREATED", "REJECTED", "FAILED", "LATE", "OPENED");
        for (JsonNode r : rows) {
            out.printf(Locale.ROOT, "%-40s %-10s %12s %12s %10s %10s %10s %8s %s%n", r.path("runId").asText(),
                    r.path("state").asText(), num(r.path("expected")), num(r.path("processed")),
                    num(r.path("created")), num(r.path("rejected")), num(r.path("failed")), num(r.path("lateResults")),
                    r.path("openedAt").asText(""));
        }
        return CLEAN;
    }

    private static String num(JsonNode n) {
        return n.isNumber() ? String.format(Locale.ROOT, "%,d", n.asLong()) : "?";
    }
}
