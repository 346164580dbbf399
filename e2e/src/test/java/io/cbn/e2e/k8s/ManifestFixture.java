package io.cbn.e2e.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Shared fixture of the manifest checks (deploy/k8s against what breaks deployments in real life, on the base and on
 * every overlay as rendered by {@link Kustomize}). Values the apps depend on are read from the apps' own sources
 * (application.properties, {@code @ConfigMapping} interfaces, the Avro contracts), so a change on either side that
 * the other does not follow fails here, not in the cluster.
 */
abstract class ManifestFixture {

    static final Path ROOT = RepoRoot.find();
    static final Path K8S = ROOT.resolve("deploy/k8s");

    /** The topics of docs/design.md, Messages: the one table, io.cbn.deploy.broker.Topics.TABLE. */
    static final Set<String> CONTRACT_TOPICS = Set.copyOf(io.cbn.deploy.broker.Topics.names());
    /** Topics the aggregator reads on from its checkpoint: finite retention, never compacted (docs/design.md, Aggregator state). */
    static final Set<String> LEDGER_TOPICS = Set.of("cbn.results", "cbn.runs");
    /** Variables the UBI OpenJDK image's run-java.sh reads (only for images whose entry point is run-java.sh). */
    static final Set<String> RUN_JAVA_VARS = Set.of("JAVA_OPTS", "JAVA_OPTS_APPEND", "JAVA_MAX_MEM_RATIO",
        "JAVA_INITIAL_MEM_RATIO", "JAVA_MAX_INITIAL_MEM", "JAVA_DEBUG", "JAVA_DEBUG_PORT", "JAVA_DIAGNOSTICS");
    /** Heap the worker needs: 384 MB + 512 MB peak per in-flight conversion (converter benchmark). */
    static final long WORKER_BASE_HEAP = 384L << 20;
    static final long HEAP_PER_CONVERSION = 512L << 20;
    /** Below this much memory over -Xmx (metaspace, code cache, threads, GC, direct buffers) the kernel OOM-kills the JVM. */
    static final long MIN_NON_HEAP = 256L << 20;
    /** Time the worker needs after its drain to commit offsets, close the Kafka clients and exit. */
    static final Duration COMMIT_AND_EXIT = Duration.ofSeconds(10);

    private static final Map<String, Kustomize.Rendered> RENDERS = new ConcurrentHashMap<>();
    private static final Map<String, AppConfig> APPS = new ConcurrentHashMap<>();

    /** base and every overlay: each is what someone applies. */
    static Stream<String> targets() throws IOException {
        List<String> targets = new ArrayList<>(List.of("base"));
        try (Stream<Path> dirs = Files.list(K8S.resolve("overlays"))) {
            dirs.filter(Files::isDirectory).sorted().forEach(d -> targets.add("overlays/" + d.getFileName()));
        }
        return targets.stream();
    }

    static Kustomize.Rendered render(String target) {
        return RENDERS.computeIfAbsent(target, t -> Kustomize.render(K8S.resolve(t)));
    }

    static AppConfig app(String module) {
        return APPS.computeIfAbsent(module, m -> AppConfig.load(ROOT, m));
    }

    // ------------------------------------------------------------------ structure of deploy/k8s

    static List<Path> kustomizationDirs() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(f -> f.getFileName().toString().equals("kustomization.yaml")).map(Path::getParent).sorted().toList();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Long-running workloads: they serve health endpoints (Jobs and CronJobs run a CLI to completion). */
    static List<Map<String, Object>> longRunning(Kustomize.Rendered r) {
        return r.resources().stream().filter(w -> Set.of("Deployment", "StatefulSet", "DaemonSet").contains(Kustomize.kindOf(w))).toList();
    }

    /** The repository module an image is built from: image cbn/cbn-worker -> worker/ (its Dockerfile.jvm must exist). */
    static String module(Map<String, Object> container, String where) {
        String shortName = Manifests.ImageRef.parse(Yamls.str(container.get("image"))).shortName();
        String module = shortName.startsWith("cbn-") ? shortName.substring(4) : shortName;
        assertTrue(Files.isRegularFile(dockerfile(module)), where + ": image " + container.get("image")
            + " is not built by this repository (no " + ROOT.relativize(dockerfile(module)) + ")");
        return module;
    }

    static Path dockerfile(String module) {
        return ROOT.resolve(module).resolve("src/main/docker/Dockerfile.jvm");
    }

    static boolean runsRunJava(String module) {
        Path df = dockerfile(module);
        return Files.isRegularFile(df) && Pattern.compile("(?m)^ENTRYPOINT.*run-java\\.sh").matcher(Yamls.read(df)).find();
    }

    static Map<String, Map<String, Object>> configMaps(Kustomize.Rendered r) {
        Map<String, Map<String, Object>> cms = new LinkedHashMap<>();
        r.ofKind("ConfigMap").forEach(cm -> cms.put(Kustomize.nameOf(cm), cm));
        return cms;
    }

    static Map<String, String> env(Kustomize.Rendered r, Map<String, Object> container) {
        return Manifests.envValues(container, configMaps(r));
    }

    static String jvmOptions(Map<String, String> env) {
        return String.join(" ", env.getOrDefault("JAVA_OPTS", ""), env.getOrDefault("JAVA_OPTS_APPEND", ""));
    }

    static Map<String, String> sysProps(Map<String, String> env) {
        return Manifests.systemProperties(jvmOptions(env));
    }

    static Map<String, Object> workerDeployment(Kustomize.Rendered r) {
        return workloadOf(r, "worker");
    }

    static Map<String, Object> workloadOf(Kustomize.Rendered r, String module) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Map<String, Object> w : r.resources()) {
            List<Map<String, Object>> cs = Manifests.containers(w);
            if (!cs.isEmpty() && module.equals(module(cs.get(0), r.dir() + " " + Kustomize.nameOf(w)))) found.add(w);
        }
        assertEquals(1, found.size(), r.dir() + ": expected one workload running the " + module);
        return found.get(0);
    }

    static int workerConcurrency(Kustomize.Rendered r, Map<String, Object> c, String where) {
        Map<String, String> env = env(r, c);
        String v = app("worker").value("cbn.worker.concurrency", env, sysProps(env));
        assertNotNull(v, where + ": set cbn.worker.concurrency (CBN_WORKER_CONCURRENCY) explicitly: its default follows"
            + " the cores the JVM sees (the CPU limit), not the requests the heap and lagThreshold are sized for");
        return Integer.parseInt(v.trim());
    }

    static Map<String, Object> kafkaTrigger(Map<String, Object> so, String target) {
        List<Object> kafka = Yamls.listAt(so, "spec.triggers").stream().filter(t -> "kafka".equals(Yamls.at(t, "type"))).toList();
        assertEquals(1, kafka.size(), target + ": one kafka trigger");
        return Yamls.map(kafka.get(0), "trigger");
    }

    static String topicName(Map<String, Object> t) {
        Object name = Yamls.at(t, "spec.topicName");
        return name != null ? String.valueOf(name) : Kustomize.nameOf(t);
    }

    static Map<String, Object> topic(Kustomize.Rendered r, String name, String target) {
        return r.ofKind("KafkaTopic").stream().filter(t -> name.equals(topicName(t))).findFirst()
            .orElseThrow(() -> new AssertionError(target + ": no KafkaTopic for " + name));
    }

    static int partitions(Map<String, Object> topic) {
        return ((Number) Yamls.at(topic, "spec.partitions")).intValue();
    }

    /** The default per-image timeout of the job contract (ConversionSettings.timeoutMs). */
    static long conversionTimeoutDefaultMs() {
        try {
            JsonNode schema = new ObjectMapper().readTree(ROOT.resolve("schemas/src/main/avro/ConversionSettings.avsc").toFile());
            for (JsonNode f : schema.get("fields")) {
                if ("timeoutMs".equals(f.get("name").asText())) return f.get("default").asLong();
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read ConversionSettings.avsc", e);
        }
        throw new AssertionError("ConversionSettings.avsc has no timeoutMs");
    }

    static Map<String, Object> volume(Map<String, Object> pod, String name, String where) {
        for (Object v : Yamls.list(pod.get("volumes"), "volumes")) {
            if (name != null && name.equals(Yamls.at(v, "name"))) return Yamls.map(v, "volume");
        }
        throw new AssertionError(where + ": volumeMount " + name + " has no volume");
    }

    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        if (selector == null) return false;
        if (labels == null) return selector.isEmpty();
        for (Map.Entry<String, Object> e : selector.entrySet()) {
            if (!String.valueOf(e.getValue()).equals(String.valueOf(labels.get(e.getKey())))) return false;
        }
        return true;
    }

    static List<Map<String, Object>> selected(Kustomize.Rendered r, Map<String, Object> selector) {
        return r.resources().stream().filter(w -> Manifests.podSpec(w) != null && selects(selector, Manifests.podLabels(w))).toList();
    }

    static boolean hasPort(Map<String, Object> workload, Object port) {
        for (Map<String, Object> c : Manifests.containers(workload)) {
            for (Object p : Yamls.list(c.get("ports"), "ports")) {
                if (port instanceof Number n ? n.intValue() == ((Number) Yamls.at(p, "containerPort")).intValue()
                    : String.valueOf(port).equals(Yamls.str(Yamls.at(p, "name")))) {
                    return true;
                }
            }
        }
        return false;
    }

    static void assertMetricsPath(Kustomize.Rendered r, Map<String, Object> w, String path, String where) {
        Map<String, Object> c = Manifests.containers(w).get(0);
        AppConfig app = app(module(c, where));
        Map<String, String> env = env(r, c);
        String expected = app.value("quarkus.micrometer.export.prometheus.path", env, sysProps(env));
        assertEquals(expected == null ? "/q/metrics" : expected, path, where + ": scrapes a path the app does not serve");
    }

    static String argValue(List<String> args, String flag) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(flag) && i + 1 < args.size()) return args.get(i + 1);
            if (args.get(i).startsWith(flag + "=")) return args.get(i).substring(flag.length() + 1);
        }
        fail("the producer Job passes no " + flag + ": " + args);
        return null;
    }

    /** {@code path} lies on a PVC mounted in the workload, writable when {@code write}. */
    static void assertMounted(Map<String, Object> workload, String path, boolean write, String where) {
        Map<String, Object> pod = Manifests.podSpec(workload);
        for (Map<String, Object> c : Manifests.containers(workload)) {
            for (Object m : Yamls.list(c.get("volumeMounts"), "volumeMounts")) {
                String mount = Yamls.str(Yamls.at(m, "mountPath"));
                if (!(path.equals(mount) || path.startsWith(mount.endsWith("/") ? mount : mount + "/"))) continue;
                Map<String, Object> v = volume(pod, Yamls.str(Yamls.at(m, "name")), where);
                assertNotNull(Yamls.at(v, "persistentVolumeClaim.claimName"), where + ": " + path + " is not on a shared volume");
                if (write) {
                    assertFalse(Boolean.TRUE.equals(Yamls.at(m, "readOnly")) || Boolean.TRUE.equals(Yamls.at(v, "persistentVolumeClaim.readOnly")),
                        where + ": " + path + " is mounted read-only");
                }
                return;
            }
        }
        fail(where + ": " + path + " is not mounted in " + Kustomize.nameOf(workload));
    }

    static Set<String> diff(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    static int healthPort(AppConfig app, Map<String, String> env, Map<String, String> sys, String where) {
        if ("true".equals(app.value("quarkus.management.enabled", env, sys))) {
            String mp = app.value("quarkus.management.port", env, sys);
            return mp == null ? 9000 : Integer.parseInt(mp);
        }
        String port = app.value("quarkus.http.port", env, sys);
        return port == null || port.isBlank() ? 8080 : Integer.parseInt(port.trim());
    }

    static String healthRoot(AppConfig app, Map<String, String> env, Map<String, String> sys) {
        String nonApp = app.value("quarkus.http.non-application-root-path", env, sys);
        String health = app.value("quarkus.smallrye-health.root-path", env, sys);
        String base = "/" + (nonApp == null ? "q" : nonApp.replaceAll("^/+|/+$", ""));
        if (health != null && health.startsWith("/")) return health.replaceAll("/+$", "");
        return base + "/" + (health == null ? "health" : health.replaceAll("^/+|/+$", ""));
    }
}

