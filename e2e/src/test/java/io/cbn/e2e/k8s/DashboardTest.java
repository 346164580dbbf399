package io.cbn.e2e.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * deploy/grafana/cbn.json queries only metrics the worker and aggregator really register (read from their
 * Micrometer calls, named as the Prometheus registry names them), plus the two lag metrics that come from
 * elsewhere; and it shows every metric ops rely on.
 */
class DashboardTest {

    static final Path DASHBOARD = ManifestFixture.ROOT.resolve("deploy/grafana/cbn.json");

    /** Not registered by cbn code: Micrometer's Kafka consumer binder in the worker, and KEDA's operator. */
    static final Set<String> EXTERNAL = Set.of("kafka_consumer_fetch_manager_records_lag_max", "keda_scaler_metrics_value");

    static final Set<String> REQUIRED = Set.of("cbn_worker_jobs_total", "cbn_worker_conversion_seconds_bucket",
        "cbn_worker_inflight_jobs", "cbn_worker_dlq_total", "cbn_worker_systemic_fault", "cbn_run_expected",
        "cbn_run_processed", "cbn_run_outstanding", "kafka_consumer_fetch_manager_records_lag_max");

    private static final Pattern METRIC = Pattern.compile("\\b((?:cbn|kafka|keda)_[a-z0-9_]+)\\b");

    @Test
    void queriesOnlyMetricsThatAreRegistered() throws IOException {
        Set<String> registered = registeredMetrics();
        assertTrue(registered.contains("cbn_worker_jobs_total"), "found no worker meters in the sources: " + registered);
        Set<String> unknown = new TreeSet<>();
        for (String expr : expressions(dashboard())) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                if (!registered.contains(m.group(1)) && !EXTERNAL.contains(m.group(1))) unknown.add(m.group(1));
            }
        }
        assertTrue(unknown.isEmpty(), "the dashboard queries metrics nothing registers: " + unknown + "; registered: " + registered);
    }

    @Test
    void showsEveryMetricOpsRelyOn() throws IOException {
        Set<String> used = new HashSet<>();
        for (String expr : expressions(dashboard())) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) used.add(m.group(1));
        }
        Set<String> missing = new TreeSet<>(REQUIRED);
        missing.removeAll(used);
        assertTrue(missing.isEmpty(), "the dashboard does not show " + missing);
        // the lag panel needs the worker's Kafka client metrics, which Quarkus binds unless told not to
        assertFalse("false".equals(ManifestFixture.app("worker").value("quarkus.micrometer.binder.kafka.enabled", Map.of(), Map.of())),
            "the worker disables the Micrometer Kafka binder: kafka_consumer_fetch_manager_records_lag_max does not exist");
    }

    @Test
    void isAnImportableDashboard() throws IOException {
        JsonNode d = dashboard();
        assertNotNull(d.get("uid"), "uid");
        assertNotNull(d.get("title"), "title");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode p : d.get("panels")) {
            assertTrue(ids.add(p.get("id").asInt()), "panel id " + p.get("id") + " is used twice");
            if (p.has("targets")) {
                assertEquals("${datasource}", p.at("/datasource/uid").asText(), "panel " + p.get("title") + " must use the datasource variable");
            }
        }
    }

    static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    /** Every PromQL expression: panel targets and template variable queries. */
    static List<String> expressions(JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if ((e.getKey().equals("expr") || e.getKey().equals("definition") || e.getKey().equals("query")) && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    collect(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        }
    }

    private static final Pattern COUNTER = Pattern.compile("(?:Counter\\.builder|\\.counter)\\(\\s*\"([^\"]+)\"");
    private static final Pattern GAUGE = Pattern.compile("(?:Gauge\\.builder|\\.gauge)\\(\\s*\"([^\"]+)\"");
    private static final Pattern TIMER = Pattern.compile("(?:Timer\\.builder|\\.timer)\\(\\s*\"([^\"]+)\"");
    private static final Pattern SUMMARY = Pattern.compile("DistributionSummary\\.builder\\(\\s*\"([^\"]+)\"");

    /** Prometheus names of the meters the worker and aggregator register (Micrometer's Prometheus naming). */
    static Set<String> registeredMetrics() {
        Set<String> names = new TreeSet<>();
        for (String module : List.of("worker", "aggregator")) {
            Path java = ManifestFixture.ROOT.resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(java)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String src = Files.readString(f);
                    each(COUNTER, src, n -> names.add(n + "_total"));
                    each(GAUGE, src, names::add);
                    each(TIMER, src, n -> histogram(names, n + "_seconds"));
                    each(SUMMARY, src, n -> histogram(names, n));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    private static void histogram(Set<String> names, String base) {
        for (String suffix : List.of("_bucket", "_count", "_sum", "_max")) names.add(base + suffix);
        names.add(base);
    }

    private static void each(Pattern p, String src, java.util.function.Consumer<String> sink) {
        Matcher m = p.matcher(src);
        while (m.find()) sink.accept(m.group(1).replace('.', '_').replace('-', '_'));
    }
}
