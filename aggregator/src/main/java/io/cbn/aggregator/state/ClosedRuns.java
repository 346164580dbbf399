package io.cbn.aggregator.state;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The small index of closed runs (docs/design.md, "Aggregator state"): runId -> admin path, state,
 * counts and the consumer positions when the run closed (a result read from before them belongs
 * to the run; one from after is late). Kept in memory for the newest {@code capacity} runs (about
 * 300 bytes each) and appended, one JSON line per run, to {@code closed-runs.jsonl} in the state
 * directory. Older runs are still served from their files by admin path; a late result for a run
 * beyond the capacity is treated as a result for an unknown run. Thread-safe.
 */
public final class ClosedRuns {

    private static final Logger LOG = Logger.getLogger(ClosedRuns.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String FILE = "closed-runs.jsonl";

    /** One closed run. {@code closedAt} is empty for a run found closed on disk (no positions known). */
    public record Entry(String runId, String adminPath, String state, Long expected, long processed, long created,
                        long rejected, long failed, Map<String, Long> closedAt) {
        public Entry {
            closedAt = Map.copyOf(closedAt);
        }
    }

    private final Path file;
    private final LinkedHashMap<String, Entry> entries;

    public ClosedRuns(Path stateDir, int capacity) {
        this.file = stateDir.resolve(FILE);
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Reads the index file (streaming; the newest {@code capacity} entries stay). */
    public synchronized void load() throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    Entry e = fromJson(JSON.readTree(line));
                    entries.remove(e.runId());
                    entries.put(e.runId(), e);
                } catch (IOException | RuntimeException e) {
                    LOG.warnf("%s: skipped an unreadable line (%s)", file, e.toString());
                }
            }
        }
    }

    /** Records a run as closed: appended to the file (forced), then kept in memory. */
    /**
     * Adds {@code runId} as closed when its {@code summaryJson} says COMPLETE (a run closed before a checkpoint was
     * lost): its files are final. False when there is no such file, it says otherwise or cannot be read.
     */
    public boolean addIfCompleteOnDisk(String runId, String adminPath, Path summaryJson) {
        if (!Files.isRegularFile(summaryJson)) {
            return false;
        }
        try {
            JsonNode n = JSON.readTree(summaryJson.toFile());
            if (!"COMPLETE".equals(n.path("state").asText())) {
                return false;
            }
            add(new Entry(runId, adminPath, "COMPLETE", n.path("expected").isNull() ? null : n.path("expected").asLong(),
                    n.path("processed").asLong(), n.path("created").asLong(), n.path("rejected").asLong(),
                    n.path("failed").asLong(), Map.of()), true);
            LOG.infof("run %s: found closed in %s; its files are final", runId, summaryJson.getParent());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("run %s: cannot read %s (%s); treating the run as open", runId, summaryJson, e.toString());
            return false;
        }
    }

    public synchronized void add(Entry entry, boolean persist) throws IOException {
        if (persist) {
            Files.createDirectories(file.getParent());
            byte[] line = (JSON.writeValueAsString(toJson(entry)) + "\n").getBytes(StandardCharsets.UTF_8);
            try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                channel.write(java.nio.ByteBuffer.wrap(line));
                channel.force(false);
            }
        }
        entries.remove(entry.runId());
        entries.put(entry.runId(), entry);
    }

    public synchronized Optional<Entry> find(String runId) {
        return Optional.ofNullable(entries.get(runId));
    }

    /** Newest closed first. */
    public synchronized List<Entry> all() {
        List<Entry> list = new ArrayList<>(entries.values());
        java.util.Collections.reverse(list);
        return list;
    }

    public synchronized int size() {
        return entries.size();
    }

    private static ObjectNode toJson(Entry e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("runId", e.runId());
        n.put("adminPath", e.adminPath());
        n.put("state", e.state());
        if (e.expected() == null) {
            n.putNull("expected");
        } else {
            n.put("expected", e.expected());
        }
        n.put("processed", e.processed());
        n.put("created", e.created());
        n.put("rejected", e.rejected());
        n.put("failed", e.failed());
        ObjectNode at = n.putObject("closedAt");
        new TreeMap<>(e.closedAt()).forEach(at::put);
        return n;
    }

    private static Entry fromJson(JsonNode n) {
        Map<String, Long> at = new TreeMap<>();
        n.path("closedAt").fields().forEachRemaining(f -> at.put(f.getKey(), f.getValue().asLong()));
        return new Entry(n.path("runId").asText(), n.path("adminPath").asText(), n.path("state").asText(),
                n.path("expected").isNull() ? null : n.path("expected").asLong(), n.path("processed").asLong(),
                n.path("created").asLong(), n.path("rejected").asLong(), n.path("failed").asLong(), at);
    }
}
