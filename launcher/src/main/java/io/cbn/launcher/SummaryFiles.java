package io.cbn.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads the aggregator's report files under {@code <admin-path>/runs/<runId>/} (docs/design.md, "The QA summary"). */
public final class SummaryFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SummaryFiles() { }

    public static Path runDir(Path adminPath, String runId) { return adminPath.resolve("runs").resolve(runId); }

    public static Optional<JsonNode> readSummary(Path runDir) {
        Path f = runDir.resolve("summary.json");
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            return Optional.of(JSON.readTree(f.toFile()));
        } catch (IOException e) {
            return Optional.empty(); // replaced atomically by the aggregator, so a failed read means "not there yet"
        }
    }

    public static String readText(Path runDir) throws IOException {
        return Files.readString(runDir.resolve("summary.txt"));
    }

    /** The run whose summary.json changed last. */
    public static Optional<String> latestRun(Path adminPath) throws IOException {
        Path runs = adminPath.resolve("runs");
        if (!Files.isDirectory(runs)) return Optional.empty();
        try (Stream<Path> s = Files.list(runs)) {
            return s.filter(d -> Files.isRegularFile(d.resolve("summary.json")))
                .max(Comparator.comparing(d -> d.resolve("summary.json").toFile().lastModified()))
                .map(d -> d.getFileName().toString());
        }
    }

    public static JsonNode parse(String json) throws IOException { return JSON.readTree(json); }
}
