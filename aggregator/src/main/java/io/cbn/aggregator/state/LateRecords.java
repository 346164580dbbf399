package io.cbn.aggregator.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cbn.aggregator.report.ReportWriter;

/**
 * The side record of a closed run, {@code <admin>/runs/<runId>/late.json} (docs/design.md,
 * "Aggregator state"): what arrived after the run closed, so the final summary is never
 * rewritten. {@code lateResults} (by outcome), the last few jobIds, first/last time, and
 * {@code retriedBy} (runs made by {@code cbn retry} of this one). {@code offsets} records, per
 * partition, the position after the last result counted here, so a result read again after a
 * restart is not counted twice. Written atomically (temp file + rename) by {@link #flush()}.
 * Used by the consumer thread; {@link #read(Path, String)} by anyone.
 */
public final class LateRecords {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String FILE = "late.json";
    static final int LAST_JOB_IDS = 10;
    /** Side records kept in memory between flushes. */
    private static final int CACHED = 64;

    private static final class Late {
        final Path dir;
        long results;
        final TreeMap<String, Long> byOutcome = new TreeMap<>();
        final ArrayDeque<String> lastJobIds = new ArrayDeque<>();
        Instant firstAt;
        Instant lastAt;
        final TreeSet<String> retriedBy = new TreeSet<>();
        final TreeMap<String, Long> offsets = new TreeMap<>();
        boolean dirty;

        Late(Path dir) {
            this.dir = dir;
        }
    }

    private final Map<String, Late> cache = new LinkedHashMap<>();

    /** Counts a result for a closed run, unless the side record already covers its offset. @return whether counted */
    public boolean result(Path adminPath, String runId, String jobId, String outcome, Instant at, String partitionKey,
                          long offset) throws IOException {
        Late late = get(adminPath, runId);
        Long covered = late.offsets.get(partitionKey);
        if (covered != null && offset < covered) {
            return false;
        }
        late.results++;
        late.byOutcome.merge(outcome, 1L, Long::sum);
        late.lastJobIds.addLast(jobId);
        while (late.lastJobIds.size() > LAST_JOB_IDS) {
            late.lastJobIds.removeFirst();
        }
        if (at != null && (late.firstAt == null || at.isBefore(late.firstAt))) {
            late.firstAt = at;
        }
        if (at != null && (late.lastAt == null || at.isAfter(late.lastAt))) {
            late.lastAt = at;
        }
        late.offsets.put(partitionKey, offset + 1);
        late.dirty = true;
        return true;
    }

    /** Links a retry run to the (closed) run it retries. */
    public void retriedBy(Path adminPath, String runId, String retryRunId) throws IOException {
        Late late = get(adminPath, runId);
        if (late.retriedBy.add(retryRunId)) {
            late.dirty = true;
        }
    }

    /** Writes every changed side record; a failure leaves it dirty for the next call. */
    public void flush() throws IOException {
        IOException first = null;
        for (Late late : cache.values()) {
            if (!late.dirty) {
                continue;
            }
            try {
                ReportWriter.writeAtomically(late.dir.resolve(FILE), render(late));
                late.dirty = false;
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        cache.values().removeIf(l -> !l.dirty && cache.size() > CACHED);
        if (first != null) {
            throw first;
        }
    }

    public boolean dirty() {
        return cache.values().stream().anyMatch(l -> l.dirty);
    }

    private Late get(Path adminPath, String runId) throws IOException {
        Late late = cache.get(runId);
        if (late != null) {
            return late;
        }
        Path dir = ReportWriter.runDirectory(adminPath, runId);
        Late l = new Late(dir);
        JsonNode n = read(adminPath, runId);
        if (n != null) {
            l.results = n.path("lateResults").asLong();
            n.path("byOutcome").fields().forEachRemaining(f -> l.byOutcome.put(f.getKey(), f.getValue().asLong()));
            n.path("lastJobIds").forEach(j -> l.lastJobIds.add(j.asText()));
            l.firstAt = n.path("firstAt").isTextual() ? Instant.parse(n.path("firstAt").asText()) : null;
            l.lastAt = n.path("lastAt").isTextual() ? Instant.parse(n.path("lastAt").asText()) : null;
            n.path("retriedBy").forEach(j -> l.retriedBy.add(j.asText()));
            n.path("offsets").fields().forEachRemaining(f -> l.offsets.put(f.getKey(), f.getValue().asLong()));
        }
        cache.put(runId, l);
        return l;
    }

    /** The side record of a run, or null when it has none. */
    public static JsonNode read(Path adminPath, String runId) throws IOException {
        Path file = ReportWriter.runDirectory(adminPath, runId).resolve(FILE);
        return Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : null;
    }

    private static String render(Late late) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("lateResults", late.results);
        ObjectNode by = n.putObject("byOutcome");
        late.byOutcome.forEach(by::put);
        List<String> ids = new ArrayList<>(late.lastJobIds);
        ids.forEach(n.putArray("lastJobIds")::add);
        n.put("firstAt", late.firstAt == null ? null : late.firstAt.toString());
        n.put("lastAt", late.lastAt == null ? null : late.lastAt.toString());
        late.retriedBy.forEach(n.putArray("retriedBy")::add);
        ObjectNode offsets = n.putObject("offsets");
        late.offsets.forEach(offsets::put);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
    }
}
